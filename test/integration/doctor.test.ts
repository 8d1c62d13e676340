/**
 * `finops-bot doctor` on FOCUS providers and on configurations it must refuse. The cloud
 * providers' checks against the fakes are in three-providers.test.ts.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { makeRecord } from '../helpers/make-record.js';
import { writeCsv } from './three-providers-setup.js';

const FIXTURES = resolve('fixtures/focus');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finops-doctor-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

interface Report {
  ok: boolean;
  providers: { id: string; type: string; checks: { name: string; ok: boolean; detail: string; fix?: string }[] }[];
}

const doctor = async (args: string[]) => {
  const r = await runCli(['doctor', ...args, '--json']);
  return { ...r, report: r.stdout ? (JSON.parse(r.stdout) as Report) : null };
};

describe('finops-bot doctor: FOCUS providers', () => {
  it('a FOCUS file: path, header and a sample of rows, all ok (exit 0)', async () => {
    const { code, report } = await doctor(['--data', join(FIXTURES, 'focus-1.0-sample.csv')]);
    expect(code).toBe(0);
    expect(report).toEqual({
      ok: true,
      providers: [{
        id: 'focus',
        type: 'focus',
        checks: [
          { name: 'path', ok: true, detail: expect.stringMatching(/^1 FOCUS file at /) },
          { name: 'header', ok: true, detail: 'FOCUS columns found in every file' },
          { name: 'rows', ok: true, detail: '100 rows sampled (up to 100 a file), none rejected' },
        ],
      }],
      jobs: { checks: expect.arrayContaining([{ name: 'schedule digest', ok: true, detail: expect.stringMatching(/^“0 9 \* \* 1-5” \(UTC\), next /) }]) },
      gpu: { sources: [], coverage: [expect.objectContaining({ name: 'metric sources', ok: true })], ok: true },
    });
  });

  it('rejected rows in the sample: exit 1, with the first one’s line and what to do', async () => {
    const { code, report } = await doctor(['--data', join(FIXTURES, 'bad-rows.csv')]);
    expect(code).toBe(1);
    const rows = report!.providers[0]!.checks.find((c) => c.name === 'rows')!;
    expect(rows.ok).toBe(false);
    expect(rows.detail).toMatch(/^\d+ of \d+ sampled rows could not be read \(first: .*bad-rows\.csv:3 — BilledCost "\$1\.25" is not a number\)$/);
    expect(rows.fix).toMatch(/re-export/);
  });

  it('a file that is not FOCUS: exit 1, the file named', async () => {
    const { code, report } = await doctor(['--data', join(FIXTURES, 'not-focus.csv')]);
    expect(code).toBe(1);
    const bad = report!.providers[0]!.checks.filter((c) => !c.ok);
    expect(bad).toHaveLength(1);
    expect(bad[0]!.name).toMatch(/^file .*not-focus\.csv$/);
    expect(bad[0]!.detail).toMatch(/not a FOCUS export.*\(not-focus\)$/s);
  });

  it('a path with nothing there: exit 1 and how to point it at the exports', async () => {
    const { code, report, stdout } = await doctor(['--data', join(dir, 'no-such-folder')]);
    expect(code).toBe(1);
    expect(report!.providers[0]!.checks).toEqual([{ name: 'path', ok: false, detail: expect.stringMatching(/^No file or folder at /), fix: expect.stringMatching(/`path`/) }]);
    expect(stdout).not.toMatch(/header/);
  });

  it('reads only the first rows of each file: a bad row far down is not sampled', async () => {
    const file = join(dir, 'big', 'export.csv');
    await writeCsv(file, Array.from({ length: 3000 }, (_, i) => makeRecord({ billedCost: `${i}.5`, day: '2026-11-02' })));
    await appendFile(file, ',not-a-number,,,USD,,,Usage,,x,,2026-11-03T00:00:00Z,2026-11-02T00:00:00Z,,,,,,,,,,1,,,,,,,,AWS,,,,,,,,,,,,,,\n');
    const load = await runCli(['ask', 'total', '--data', file, '--now', '2026-11-26T12:00:00Z', '--json']);
    expect(JSON.parse(load.stdout).notes.join(' ')).toMatch(/1 row of focus could not be read/);
    const { code, report } = await doctor(['--data', file]);
    expect(code).toBe(0);
    expect(report!.providers[0]!.checks.at(-1)!.detail).toBe('100 rows sampled (up to 100 a file), none rejected');
  });

  it('the bundled sample when nothing is configured: ok', async () => {
    const { code, report } = await doctor([]);
    expect(code).toBe(0);
    expect(report!.providers.map((p) => p.type)).toEqual(['sample']);
  });

  it('prints a readable report without --json', async () => {
    const r = await runCli(['doctor', '--data', join(FIXTURES, 'bad-rows.csv')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^focus \(focus\)$/m);
    expect(r.stdout).toMatch(/^ {2}ok {4}path: 1 FOCUS file at /m);
    expect(r.stdout).toMatch(/^ {2}FAIL {2}rows: /m);
    expect(r.stdout).toMatch(/^ {8}fix: Fix or re-export/m);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('1 of 1 provider needs fixing: focus.');
  });
});

describe('finops-bot doctor: a configuration it cannot use (exit 2)', () => {
  it('a schema problem names the key path', async () => {
    const config = join(dir, 'bad-schema.yaml');
    await writeFile(config, 'providers:\n  - type: gcp-bigquery\n    table: just-a-table\n');
    const r = await runCli(['doctor', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/providers\[0\]\.table/);
    expect(r.stdout).toBe('');
  });

  it('a table path only the provider can judge (an upper-case project id)', async () => {
    const config = join(dir, 'bad-table.yaml');
    await writeFile(config, 'providers:\n  - type: gcp-bigquery\n    table: My-Project.billing.gcp_billing_export_v1_X\n');
    const r = await runCli(['doctor', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/gcp-bigquery provider cannot start/);
  });

  it('an unknown provider type', async () => {
    const config = join(dir, 'bad-type.yaml');
    await writeFile(config, 'providers:\n  - type: azure-magic\n');
    const r = await runCli(['doctor', '--config', config]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/expected one of focus, aws-cost-explorer, aws-athena, gcp-bigquery, sample/);
  });
});
