import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigProblem } from '../../../src/config/index.js';
import { readYaml } from '../../../src/config/yaml-source.js';
import { createAthenaProvider } from '../../../src/providers/aws-athena/athena-provider.js';
import { ConfigError } from '../../../src/config/config-error.js';
import { silentLogger } from './test-helpers.js';

function parse(text: string) {
  const yaml = readYaml(text);
  if (!yaml.ok) throw new Error('bad yaml');
  return parseConfig(yaml.value);
}
const problems = (text: string): ConfigProblem[] => {
  const r = parse(text);
  expect(r.ok).toBe(false);
  return r.ok ? [] : r.problems;
};

describe('aws-athena configuration', () => {
  it('takes the database and table, with defaults for the rest', () => {
    const r = parse('providers:\n  - { type: aws-athena, database: finops, table: "focus_1_0_aws", outputLocation: "s3://results-bucket/bot/" }\n');
    expect(r.ok && r.config.providers).toEqual([{ type: 'aws-athena', region: 'us-east-1', database: 'finops', table: 'focus_1_0_aws', workgroup: 'primary', outputLocation: 's3://results-bucket/bot/' }]);
  });

  it('says what is wrong with each field', () => {
    expect(problems('providers:\n  - { type: aws-athena, database: "fin ops", table: "t; DROP", outputLocation: "https://x", region: Europe, workgroup: "a b", timeoutMs: 5, partition: true }\n')).toEqual([
      { path: 'providers[0].database', message: 'expected the Glue database name: letters, digits, underscores and hyphens (at most 255), e.g. finops, got "fin ops"' },
      { path: 'providers[0].table', message: 'expected the table name: letters, digits, underscores and hyphens (at most 255), e.g. focus_1_0_aws, got "t; DROP"' },
      { path: 'providers[0].outputLocation', message: 'expected an S3 URL for query results, e.g. s3://my-athena-results/finops-bot/, got "https://x"' },
      { path: 'providers[0].region', message: 'expected an AWS region such as us-east-1, got "Europe"' },
      { path: 'providers[0].workgroup', message: 'expected an Athena workgroup name (letters, digits, . _ -), e.g. primary, got "a b"' },
      { path: 'providers[0].timeoutMs', message: 'expected a deadline in milliseconds between 1000 and 900000, e.g. 60000, got 5' },
      { path: 'providers[0].partition', message: 'unknown key — did you mean partitioned?' },
    ]);
    expect(problems('providers:\n  - { type: aws-athena, table: t }\n')).toEqual([{ path: 'providers[0].database', message: expect.stringMatching(/Glue database/) }]);
  });

  it('the factory refuses a name the schema would have refused (SQL text is never built from it)', () => {
    expect(() => createAthenaProvider({ type: 'aws-athena', region: 'us-east-1', database: 'finops', table: 'x"; DROP TABLE y; --' }, { logger: silentLogger, today: '2026-11-26' })).toThrow(ConfigError);
  });
});
