import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/config');

/** Runs `fn`, which must throw a ConfigError, and returns it. */
async function configError(fn: () => Promise<unknown>): Promise<ConfigError> {
  const error = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

async function tempDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'finops-config-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('loadConfig: finding the file', () => {
  it('uses all defaults when there is no file and nothing names one', async () => {
    const cwd = await tempDir();
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.source).toBeNull();
    expect(loaded.specifiedKeys).toEqual([]);
    expect(loaded.config.timezone).toBe('UTC');
    expect(Object.keys(loaded.config.dimensions)).toEqual(['team', 'model', 'env', 'experiment']);
  });

  it('reads finops.config.yaml from the working directory', async () => {
    const cwd = await tempDir({ 'finops.config.yaml': 'currency: eur\n' });
    const loaded = await loadConfig({ cwd, env: {} });
    expect(loaded.source).toBe(join(cwd, 'finops.config.yaml'));
    expect(loaded.config.currency).toBe('EUR');
    expect(loaded.specifiedKeys).toEqual(['currency']);
  });

  it('prefers FINOPS_CONFIG over the working directory, and the path argument over both', async () => {
    const cwd = await tempDir({ 'finops.config.yaml': 'currency: EUR\n', 'env.yaml': 'currency: GBP\n', 'arg.yaml': 'currency: JPY\n' });
    expect((await loadConfig({ cwd, env: { FINOPS_CONFIG: 'env.yaml' } })).config.currency).toBe('GBP');
    expect((await loadConfig({ cwd, env: { FINOPS_CONFIG: 'env.yaml' }, path: 'arg.yaml' })).config.currency).toBe('JPY');
  });

  it('fails when a named file does not exist, saying which', async () => {
    const cwd = await tempDir();
    const given = await configError(() => loadConfig({ cwd, env: {}, path: 'nope.yaml' }));
    expect(given.code).toBe('CONFIG_NOT_FOUND');
    expect(given.message).toContain(join(cwd, 'nope.yaml'));
    const fromEnv = await configError(() => loadConfig({ cwd, env: { FINOPS_CONFIG: 'missing.yaml' } }));
    expect(fromEnv.code).toBe('CONFIG_NOT_FOUND');
    expect(fromEnv.message).toContain('FINOPS_CONFIG');
  });

  it('fails on a directory and on a huge file', async () => {
    const cwd = await tempDir();
    await mkdir(join(cwd, 'dir.yaml'));
    expect((await configError(() => loadConfig({ cwd, env: {}, path: 'dir.yaml' }))).code).toBe('CONFIG_UNREADABLE');
    await writeFile(join(cwd, 'huge.yaml'), `# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const huge = await configError(() => loadConfig({ cwd, env: {}, path: 'huge.yaml' }));
    expect(huge.code).toBe('CONFIG_UNREADABLE');
    expect(huge.message).toContain('too large');
  });
});

describe('loadConfig: fixtures', () => {
  it('basic.yaml (the full example of config.md) loads', async () => {
    const loaded = await loadConfig({ path: join(FIXTURES, 'basic.yaml'), env: {} });
    expect(loaded.source).toBe(join(FIXTURES, 'basic.yaml'));
    expect(loaded.specifiedKeys).toContain('dimensions');
  });

  it('empty.yaml gives the defaults', async () => {
    const loaded = await loadConfig({ path: join(FIXTURES, 'empty.yaml'), env: {} });
    const none = await loadConfig({ cwd: await tempDir(), env: {} });
    expect(loaded.config).toEqual(none.config);
    expect(loaded.specifiedKeys).toEqual([]);
  });

  it('malformed.yaml fails with line and column', async () => {
    const error = await configError(() => loadConfig({ path: join(FIXTURES, 'malformed.yaml'), env: {} }));
    expect(error.code).toBe('CONFIG_SYNTAX');
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0].message).toBe('line 5, column 11: Nested mappings are not allowed in compact mappings');
    expect(error.message).toContain('malformed.yaml');
  });

  it('evil.yaml reports every problem with its path and pollutes nothing', async () => {
    const error = await configError(() => loadConfig({ path: join(FIXTURES, 'evil.yaml'), env: {} }));
    expect(error.code).toBe('CONFIG_INVALID');
    const paths = error.problems.map((p) => p.path);
    for (const path of [
      '__proto__',
      'constructor',
      'timezone',
      'weekStart',
      'currency',
      'defaultRange',
      'metric',
      'unallocated',
      'providers[0].type',
      'providers[1].path',
      'providers[2].endpoint',
      'providers[3].maxBytesBilled',
      'providers[3].table',
      'providers[4]',
      'dimensions.team.tags',
      'dimensions.team.accounts.012345678901',
      'dimensions.team.accounts.__proto__',
      'dimensions.team.rules[0].when.ServiceNmae',
      'dimensions.team.rules[0].priority',
      'dimensions.service',
      'shared[0].when',
      'shared[0].split',
      'teams.nlp.slack',
      'teams.nlp.approvers.slack[0]',
      'teams.nlp.approvers.teams[0]',
      'budgets[0].amount',
      'budgets[0].period',
      'budgets[0].thresholds[0]',
      'budgets[0].thresholds[3]',
      'budgets[0].forecast',
      'budgets[1].scope',
      'budgets[1].amount',
      'schedules.digest.cron',
      'schedules.budgets.timezone',
      'schedules.idle-gpu',
      'charts.quickchart.host',
      'charts.quickchart.scheme',
      'modle',
    ]) {
      expect(paths, path).toContain(path);
    }
    // One line per problem after the headline.
    expect(error.message.split('\n')).toHaveLength(error.problems.length + 1);
    expect(error.message.split('\n').every((line) => line.length < 400)).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('loadConfig: validators from the query language', () => {
  it('reports what validateTimeExpression and validateScope reject, with the other problems', async () => {
    const cwd = await tempDir({
      'finops.config.yaml': 'defaultRange: next century\nmetric: cheapest\nbudgets:\n  - { name: a, scope: "team==", amount: 5 }\n',
    });
    const error = await configError(() =>
      loadConfig(
        { cwd, env: {} },
        {
          validateTimeExpression: (s) => (s === 'next century' ? 'unknown time expression "next century"' : null),
          validateScope: (s) => (s.includes('==') ? 'bad filter' : null),
        },
      ),
    );
    expect(error.problems).toEqual([
      { path: 'defaultRange', message: 'unknown time expression "next century"' },
      { path: 'metric', message: 'expected one of effective, billed, list, got "cheapest"' },
      { path: 'budgets[0].scope', message: 'bad filter' },
    ]);
  });

  it('passes a valid expression through', async () => {
    const cwd = await tempDir({ 'finops.config.yaml': 'defaultRange: last 30 days\n' });
    const seen: string[] = [];
    const loaded = await loadConfig({ cwd, env: {} }, { validateTimeExpression: (s) => (seen.push(s), null) });
    expect(seen).toEqual(['last 30 days']);
    expect(loaded.config.defaultRange).toBe('last 30 days');
  });
});
