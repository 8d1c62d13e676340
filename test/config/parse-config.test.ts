import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigProblem, type FinopsConfig } from '../../src/config/index.js';
import { readYaml } from '../../src/config/yaml-source.js';

/** Parses YAML text the way loadConfig does, returning the config or the problems. */
function parseYaml(text: string): { ok: true; config: FinopsConfig } | { ok: false; problems: ConfigProblem[] } {
  const yaml = readYaml(text);
  if (!yaml.ok) return yaml;
  const result = parseConfig(yaml.value, { lossyNumbers: yaml.lossyNumbers });
  return yaml.problems.length > 0 ? { ok: false, problems: [...yaml.problems, ...(result.ok ? [] : result.problems)] } : result;
}

function config(text: string): FinopsConfig {
  const result = parseYaml(text);
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.config;
}

function problems(text: string): ConfigProblem[] {
  const result = parseYaml(text);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.problems;
}

describe('the full example of config.md (fixtures/config/basic.yaml, a copy of the spec)', () => {
  const example = readFileSync(resolve(import.meta.dirname, '../../fixtures/config/basic.yaml'), 'utf8');

  it('parses with the expected values', () => {
    const cfg = config(example);
    expect(cfg.timezone).toBe('UTC');
    expect(cfg.weekStart).toBe('monday');
    expect(cfg.currency).toBe('USD');
    expect(cfg.defaultRange).toBe('this month');
    expect(cfg.metric).toBe('effective');
    expect(cfg.unallocated).toBe('(untagged)');
    expect(cfg.providers).toEqual([
      { type: 'focus', path: './exports' },
      { type: 'aws-cost-explorer', region: 'us-east-1', endpoint: 'http://127.0.0.1:4599' },
      {
        type: 'gcp-bigquery',
        table: 'my-billing-project.billing.gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901',
        location: 'US',
        maxBytesBilled: 10000000000,
        endpoint: 'http://127.0.0.1:9050',
      },
    ]);
    expect(Object.keys(cfg.dimensions)).toEqual(['team', 'model', 'env', 'experiment']);
    expect(cfg.dimensions.team).toEqual({
      tags: ['team', 'owner'],
      accounts: { '111111111111': 'nlp' },
      rules: [{ when: { ServiceName: 'Amazon SageMaker*', ChargeDescription: ['*Training*'] }, value: 'ml-platform' }],
      aliases: { NLP: 'nlp' },
    });
    expect(cfg.dimensions.model).toEqual({ tags: ['model', 'model_name'], accounts: {}, rules: [], aliases: {} });
    expect(cfg.dimensions.env.aliases).toEqual({ production: 'prod', prd: 'prod', development: 'dev' });
    expect(cfg.shared).toEqual([
      { name: 'support-and-tax', when: { ServiceName: ['AWS Support*'] }, split: 'proportional' },
      { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' },
    ]);
    expect(cfg.teams).toEqual({
      nlp: {
        slack: { channel: 'C0123456789' },
        teams: { conversation: '19:abc123@thread.tacv2' },
        scope: 'team=nlp',
        members: { slack: ['U0BBBBBBB', 'S0GROUP01'], teams: ['11111111-1111-1111-1111-111111111111'] },
        approvers: { slack: ['U0AAAAAAA'], teams: ['00000000-0000-0000-0000-000000000000'] },
      },
      finance: { slack: { channel: 'C0FINANCE0' }, scope: 'all', default: true },
    });
    expect(cfg.access).toEqual({ admins: { slack: ['U0ADMIN01'], teams: [] }, finance: { slack: ['U0FIN0001'], teams: [] } });
    expect(cfg.anomalies).toEqual({ dimensions: ['team', 'model'], minDailyCost: 100, minIncrease: 0.5, baselineDays: 28 });
    expect(cfg.gpu).toEqual({
      metrics: [
        { type: 'prometheus', url: 'http://prometheus.monitoring:9090', resourceLabel: 'Hostname', resourceMap: { 'ip-10-0-1-12.ec2.internal': 'i-0123456789abcdef0' }, modelMap: {} },
        { type: 'cloudwatch', region: 'us-east-1', namespace: 'CWAgent', resourceMap: {} },
        { type: 'file', path: './gpu-metrics', resourceMap: {} },
      ],
      idle: { utilisationBelow: 5, forHours: 2 },
      rightsizing: { p95Below: 30, days: 14 },
    });
    expect(cfg.budgets).toEqual([
      { name: 'nlp-monthly', scope: 'team=nlp', amount: 50000, period: 'month', thresholds: [50, 80, 100], forecast: true, team: 'nlp' },
    ]);
    expect(cfg.schedules).toEqual({
      digest: { cron: '0 9 * * 1-5', timezone: 'Europe/London' },
      budgets: { cron: '0 * * * *' },
      anomalies: { cron: '30 8 * * *' },
      idleGpu: { cron: '*/30 * * * *' },
    });
    expect(cfg.charts).toEqual({ mode: 'upload', quickchart: { host: 'quickchart.internal:3400', scheme: 'http' } });
  });
});

describe('defaults', () => {
  it('fill every key of an empty file', () => {
    const cfg = config('');
    expect(cfg).toEqual({
      timezone: 'UTC',
      weekStart: 'monday',
      currency: 'USD',
      defaultRange: 'this month',
      metric: 'effective',
      unallocated: '(untagged)',
      providers: [],
      dimensions: {
        team: { tags: ['team', 'owner'], accounts: {}, rules: [], aliases: {} },
        model: { tags: ['model', 'model_name'], accounts: {}, rules: [], aliases: {} },
        env: { tags: ['env', 'environment'], accounts: {}, rules: [], aliases: { production: 'prod', prd: 'prod', development: 'dev' } },
        experiment: { tags: ['experiment'], accounts: {}, rules: [], aliases: {} },
      },
      shared: [],
      fiscalYearStart: 1,
      teams: {},
      anomalies: { dimensions: ['team', 'model'], minDailyCost: 100, minIncrease: 0.5, baselineDays: 28 },
      gpu: { metrics: [], idle: { utilisationBelow: 5, forHours: 2 }, rightsizing: { p95Below: 30, days: 14 } },
      budgets: [],
      schedules: {
        digest: { cron: '0 9 * * 1-5' },
        budgets: { cron: '0 * * * *' },
        anomalies: { cron: '30 8 * * *' },
        idleGpu: { cron: '*/30 * * * *' },
      },
      charts: { mode: 'upload' },
    });
  });

  it('fill the parts of a partial entry', () => {
    const cfg = config(
      'dimensions: { team: { tags: [team] } }\nbudgets: [{ name: b, scope: team=x, amount: 10 }]\nproviders: [{ type: aws-cost-explorer }]\nschedules: { digest: false }\n',
    );
    expect(cfg.dimensions).toEqual({ team: { tags: ['team'], accounts: {}, rules: [], aliases: {} } });
    expect(cfg.budgets[0]).toEqual({ name: 'b', scope: 'team=x', amount: 10, period: 'month', thresholds: [50, 80, 100], forecast: false });
    expect(cfg.providers).toEqual([{ type: 'aws-cost-explorer', region: 'us-east-1' }]);
    expect(cfg.schedules.digest).toBeNull();
    expect(cfg.schedules.budgets).toEqual({ cron: '0 * * * *' });
  });

  it('reads fiscalYearStart as a month number or name, and refuses anything else', () => {
    expect(config('fiscalYearStart: april\n').fiscalYearStart).toBe(4);
    expect(config('fiscalYearStart: Oct\n').fiscalYearStart).toBe(10);
    expect(config('fiscalYearStart: 7\n').fiscalYearStart).toBe(7);
    expect(problems('fiscalYearStart: 13\n')[0]).toMatchObject({ path: 'fiscalYearStart' });
    expect(problems('fiscalYearStart: smarch\n')[0]!.message).toMatch(/month a fiscal year starts in/);
  });

  it('allows one default team only, and checks member and approver ids', () => {
    const p = problems('teams:\n  a: { default: true }\n  b: { default: true, members: { slack: [alice] } }\n');
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining(['teams.b.default', 'teams.b.members.slack[0]']));
    expect(problems('access: { admins: { slack: [S0GROUP01] } }\n')[0]).toMatchObject({ path: 'access.admins.slack[0]' });
  });

  it('an explicit empty dimensions mapping means no configured dimensions', () => {
    expect(config('dimensions: {}\n').dimensions).toEqual({});
  });

  it('normalizes spelling: time zone, currency, case of words', () => {
    const cfg = config('timezone: europe/london\ncurrency: eur\nweekStart: Sunday\nmetric: BILLED\n');
    expect([cfg.timezone, cfg.currency, cfg.weekStart, cfg.metric]).toEqual(['Europe/London', 'EUR', 'sunday', 'billed']);
  });

  it('accepts a byte limit written as text, and a provider name to tell two apart', () => {
    const cfg = config(
      'providers:\n  - { type: gcp-bigquery, table: "`p.d.t`", maxBytesBilled: "10_000_000_000" }\n  - { type: gcp-bigquery, table: d.t, projectId: p, name: second }\n',
    );
    expect(cfg.providers).toEqual([
      { type: 'gcp-bigquery', table: 'p.d.t', maxBytesBilled: 10000000000 },
      { type: 'gcp-bigquery', table: 'd.t', projectId: 'p', name: 'second' },
    ]);
  });
});

describe('problems', () => {
  it('name the key path and what is wrong, with the value found', () => {
    expect(problems('budgets:\n  - { name: a, scope: x, amount: 1 }\n  - { name: b, scope: x, amount: 1 }\n  - { name: c, scope: x, amount: 1, thresholds: ["80%"] }\n')).toEqual([
      { path: 'budgets[2].thresholds[0]', message: 'expected a number between 1 and 1000, got "80%"' },
    ]);
    expect(problems('providers: [{ type: azure }]\n')).toEqual([
      { path: 'providers[0].type', message: 'expected one of focus, aws-cost-explorer, aws-athena, gcp-bigquery, sample, got "azure"' },
    ]);
    expect(problems('dimensions: { team: { tags: team } }\n')).toEqual([
      { path: 'dimensions.team.tags', message: 'expected a list of tag keys, got "team"' },
    ]);
  });

  it('suggest the closest key for a typo, at every level', () => {
    expect(problems('timzone: UTC\nschedules: { idle-gpu: { cron: "* * * * *" } }\ndimensions: { team: { tag: [team] } }\n')).toEqual([
      { path: 'timzone', message: 'unknown key — did you mean timezone?' },
      { path: 'schedules.idle-gpu', message: 'unknown key — did you mean idleGpu?' },
      { path: 'dimensions.team.tag', message: 'unknown key — did you mean tags?' },
    ]);
  });

  it('list the known keys when nothing is close', () => {
    const [problem] = problems('frobnicate: x\n');
    expect(problem.path).toBe('frobnicate');
    expect(problem.message).toMatch(/^unknown key — expected one of timezone, weekStart, /);
  });

  it('point a dimension written at the top level to dimensions:', () => {
    expect(problems('modle: { tags: [model] }\nenv: { tags: [env] }\n')).toEqual([
      { path: 'modle', message: 'unknown key — did you mean model? A dimension is defined under dimensions: (dimensions.model)' },
      { path: 'env', message: 'unknown key — a dimension is defined under dimensions: (dimensions.env)' },
    ]);
    expect(problems('dimensions: { gpu_type: {} }\ngpu-type: x\n')[0].message).toContain('did you mean gpu_type?');
  });

  it('name the closest FOCUS column for an unknown rule column', () => {
    expect(problems('shared: [{ name: t, when: { chargecategory: Tax } }]\n')).toEqual([
      { path: 'shared[0].when.chargecategory', message: 'unknown FOCUS column — did you mean ChargeCategory?' },
    ]);
    expect(problems('shared: [{ name: t, when: { "Tags.team": x } }]\n')[0].path).toBe('shared[0].when["Tags.team"]');
  });

  it('are all reported for a file with many, each with its path', () => {
    const text = [
      'timezone: Nowhere/Land',
      'weekStart: friday',
      'currency: 12',
      'metric: cheapest',
      'unallocated: ""',
      'providers:',
      '  - { type: focus }',
      '  - { type: aws-cost-explorer, endpoint: "not a url" }',
      '  - { type: gcp-bigquery, table: x, maxBytesBilled: -1 }',
      'dimensions:',
      '  team: { accounts: [a], rules: [{ when: { ServiceName: x } }] }',
      'shared: [{ name: s, when: { ServiceName: x }, split: half }]',
      'teams: { nlp: { slack: { channel: C1, thread: x } } }',
      'budgets: [{ name: b, scope: x, amount: 0, period: week, thresholds: [0, 1001], forecast: 1 }]',
      'schedules: { digest: { cron: "61 * * * *", timezone: Mars/Base } }',
      'charts: { mode: quickchart }',
    ].join('\n');
    expect(problems(text).map((p) => p.path)).toEqual([
      'timezone',
      'weekStart',
      'currency',
      'metric',
      'unallocated',
      'providers[0].path',
      'providers[1].endpoint',
      'providers[2].table',
      'providers[2].maxBytesBilled',
      'dimensions.team.accounts',
      'dimensions.team.rules[0].value',
      'shared[0].split',
      'teams.nlp.slack.thread',
      'budgets[0].amount',
      'budgets[0].period',
      'budgets[0].thresholds[0]',
      'budgets[0].thresholds[1]',
      'budgets[0].forecast',
      'schedules.digest.cron',
      'schedules.digest.timezone',
      'charts.quickchart',
    ]);
  });

  it('report a missing required key as missing', () => {
    expect(problems('budgets: [{ scope: x, amount: 5 }]\n')).toEqual([{ path: 'budgets[0].name', message: 'missing — expected a name for this budget' }]);
  });

  it('catch duplicate names and provider ids', () => {
    expect(
      problems(
        'budgets: [{ name: a, scope: x, amount: 1 }, { name: a, scope: y, amount: 2 }]\nshared: [{ name: s, when: { ChargeCategory: Tax } }, { name: s, when: { ChargeCategory: Credit } }]\nproviders: [{ type: sample }, { type: sample }]\n',
      ),
    ).toEqual([
      { path: 'budgets[1].name', message: 'a budget named "a" is defined twice' },
      { path: 'shared[1].name', message: 'a shared cost named "s" is defined twice' },
      { path: 'providers[1].name', message: 'two providers are both called "sample"; give each a distinct name' },
    ]);
  });

  it('refuse dimension names the query language cannot type or already uses', () => {
    const found = problems('dimensions: { Team: {}, service: {}, "cost center": {} }\n');
    expect(found.map((p) => p.path)).toEqual(['dimensions.Team', 'dimensions.service', 'dimensions["cost center"]']);
  });

  it('refuse empty matchers, which would share or allocate everything', () => {
    expect(problems('shared: [{ name: all, when: {} }]\n')[0]).toEqual({
      path: 'shared[0].when',
      message: 'expected at least one column to match, e.g. { ServiceName: "AWS Support*" }, got {}',
    });
  });

  it('require a QuickChart host rather than sending data to a public service by default', () => {
    expect(problems('charts: { mode: quickchart }\n')[0].path).toBe('charts.quickchart');
    expect(config('charts: { mode: quickchart, quickchart: { host: "quickchart.io" } }\n').charts).toEqual({
      mode: 'quickchart',
      quickchart: { host: 'quickchart.io', scheme: 'https' },
    });
  });

  it('refuse a file that is not a mapping', () => {
    expect(problems('- a\n- b\n')).toEqual([
      { path: '', message: 'the file must be a mapping of settings (timezone, providers, dimensions, …)' },
    ]);
  });

  it('truncate a huge value in the message', () => {
    const [problem] = problems(`metric: "${'x'.repeat(10_000)}"\n`);
    expect(problem.message.length).toBeLessThan(200);
    expect(problem.message).toContain('…');
  });
});

describe('numbers YAML reads from account ids', () => {
  it('accept an unquoted id that YAML keeps intact, as text', () => {
    expect(config('dimensions: { team: { accounts: { 111111111111: nlp } } }\n').dimensions.team.accounts).toEqual({ '111111111111': 'nlp' });
  });

  it('report an id whose leading zero YAML drops, telling to quote it', () => {
    expect(problems('dimensions: { team: { accounts: { 012345678901: nlp } } }\n')).toEqual([
      {
        path: 'dimensions.team.accounts.012345678901',
        message: 'YAML reads this key (012345678901) as the number 12345678901 and drops the leading zero; quote account ids and other codes: "012345678901"',
      },
    ]);
    expect(config('dimensions: { team: { accounts: { "012345678901": nlp } } }\n').dimensions.team.accounts).toEqual({ '012345678901': 'nlp' });
  });

  it('report the same in a rule value, but not in a number setting', () => {
    expect(problems('shared: [{ name: a, when: { SubAccountId: 012345678901 } }]\n').map((p) => p.path)).toEqual(['shared[0].when.SubAccountId']);
    expect(config('budgets: [{ name: a, scope: x, amount: 5e4 }]\n').budgets[0].amount).toBe(50000);
  });
});

describe('prototype keys', () => {
  it('are refused and never reach an object prototype', () => {
    const found = problems('__proto__: { polluted: 1 }\ndimensions: { team: { aliases: { __proto__: { polluted: 1 }, constructor: x } } }\n');
    expect(found.map((p) => p.path)).toEqual(['__proto__', 'dimensions.team.aliases.__proto__', 'dimensions.team.aliases.constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('lookups of inherited names in parsed records find nothing', () => {
    const aliases = config('dimensions: { env: { aliases: { production: prod } } }\n').dimensions.env.aliases;
    expect(aliases.toString).toBeUndefined();
    expect(aliases.production).toBe('prod');
  });
});

describe('hostile YAML', () => {
  it.each([
    ['an alias bomb', 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n', /resource exhaustion/],
    ['two documents', 'timezone: UTC\n---\ntimezone: UTC\n', /^line 2, column 1: Source contains multiple documents/],
    ['a duplicate key', 'timezone: UTC\ntimezone: UTC\n', /^line 2, column 1: Map keys must be unique/],
    ['an unknown tag', 'unallocated: !foo bar\n', /^line 1, column 14: Unresolved tag: !foo/],
    ['absurd nesting', `a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, /^line 1, column \d+: /],
  ])('refuses %s with a message', (_name, text, message) => {
    const yaml = readYaml(text);
    expect(yaml.ok).toBe(false);
    expect(yaml.ok ? '' : yaml.problems[0].message).toMatch(message);
  });

  it('refuses a collection used as a key', () => {
    expect(problems('dimensions: { team: { aliases: { [a, b]: c } } }\n')).toEqual([
      { path: 'dimensions.team.aliases', message: 'expected plain keys, got a list or mapping used as a key' },
    ]);
  });
});
