import { describe, expect, it } from 'vitest';
import type { AllocationConfig, DimensionDefinition } from '../../../src/core/types.js';
import type { FetchRequest } from '../../../src/providers/types.js';
import { compileFetchSql, type TableInfo } from '../../../src/providers/gcp-bigquery/compile-sql.js';
import { parseTableName } from '../../../src/providers/gcp-bigquery/table-name.js';

const dim = (over: Partial<DimensionDefinition> = {}): DimensionDefinition => ({ tags: [], accounts: {}, rules: [], aliases: {}, ...over });

const allocation = (over: Partial<AllocationConfig> = {}): AllocationConfig => ({
  dimensions: {
    team: dim({ tags: ['team', ' Owner'], accounts: { 'ml-nlp-prod': 'nlp' }, aliases: { NLP: 'nlp', 'natural-language': 'nlp' } }),
    env: dim({ tags: ['env', 'environment'], aliases: { production: 'prod', prd: 'prod' } }),
    project: dim({ rules: [{ when: { ServiceName: 'BigQuery' }, value: 'analytics' }] }),
  },
  shared: [],
  unallocated: '(untagged)',
  ...over,
});

const ref = (table: string) => {
  const r = parseTableName(table);
  if (!r.ok) throw new Error(r.error);
  return r.ref;
};
const DETAILED: TableInfo = { ref: ref('billing-prj.billing.gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901'), kind: 'detailed', timezone: 'UTC' };
const STANDARD: TableInfo = { ...DETAILED, ref: ref('billing-prj.billing.gcp_billing_export_v1_0A1B2C_3D4E5F_678901'), kind: 'standard' };

const request = (over: Partial<FetchRequest> = {}): FetchRequest => ({
  range: { start: '2026-11-01', end: '2026-11-08' },
  keys: ['team'],
  filters: {},
  pushFilters: true,
  metric: 'effective',
  allocation: allocation(),
  ...over,
});

describe('compileFetchSql', () => {
  it('groups by day, currency, and exactly what the allocation of the keys reads', () => {
    const c = compileFetchSql(request(), DETAILED);
    expect(c.sql).toEqual(
      [
        '-- finops-bot:fetch v1',
        'WITH costs AS (',
        '  SELECT',
        '    DATE(usage_start_time, @timezone) AS usage_day,',
        '    currency,',
        '    project.id AS project_id,',
        "    (SELECT TRIM(l.value) FROM UNNEST(labels) AS l WITH OFFSET AS o WHERE LOWER(TRIM(l.key)) = @tag_key_0 AND TRIM(IFNULL(l.value, '')) != '' ORDER BY o LIMIT 1) AS tag_0,",
        "    (SELECT TRIM(l.value) FROM UNNEST(labels) AS l WITH OFFSET AS o WHERE LOWER(TRIM(l.key)) = @tag_key_1 AND TRIM(IFNULL(l.value, '')) != '' ORDER BY o LIMIT 1) AS tag_1,",
        '    CAST(cost AS NUMERIC) AS billed_cost,',
        '    CAST(cost AS NUMERIC) + IFNULL((SELECT SUM(CAST(c.amount AS NUMERIC)) FROM UNNEST(credits) AS c), 0) AS effective_cost',
        '  FROM `billing-prj.billing.gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901`',
        '  WHERE _PARTITIONTIME >= TIMESTAMP_SUB(@start, INTERVAL 2 DAY)',
        '    AND usage_start_time >= @start',
        '    AND usage_start_time < @end',
        ')',
        'SELECT usage_day, currency, project_id, tag_0, tag_1, SUM(billed_cost) AS billed_cost, SUM(effective_cost) AS effective_cost',
        'FROM costs',
        'GROUP BY usage_day, currency, project_id, tag_0, tag_1',
        'ORDER BY usage_day, currency, project_id, tag_0, tag_1',
      ].join('\n'),
    );
    expect(c.params).toEqual({ start: '2026-11-01T00:00:00.000Z', end: '2026-11-08T00:00:00.000Z', timezone: 'UTC', tag_key_0: 'team', tag_key_1: 'owner' });
    expect(c.types).toEqual({ start: 'TIMESTAMP', end: 'TIMESTAMP', timezone: 'STRING', tag_key_0: 'STRING', tag_key_1: 'STRING' });
    expect(c.columns).toEqual(['project_id']);
    expect(c.tagKeys).toEqual(['team', 'owner']);
  });

  it('reads rule columns, shared-rule columns and FOCUS keys, each column once', () => {
    const c = compileFetchSql(
      request({
        keys: ['project', 'service', 'charge'],
        allocation: allocation({ shared: [{ name: 'support', when: { ServiceName: 'Support*', SkuId: 'AC7A*' }, split: 'proportional' }] }),
      }),
      DETAILED,
    );
    expect(c.columns).toEqual(['cost_type', 'service', 'sku_id']);
    expect(c.tagKeys).toEqual([]);
    expect(c.sql).toContain('GROUP BY usage_day, currency, cost_type, service, sku_id\n');
  });

  it('the built-in workload reads SKU, service, resource and machine type; the standard export has no resource columns', () => {
    const detailed = compileFetchSql(request({ keys: ['workload'] }), DETAILED);
    expect(detailed.columns).toEqual(['service', 'sku_id', 'sku', 'resource_name', 'machine_spec']);
    expect(detailed.tagKeys).toEqual(['workload', 'workload-type', 'workload_type']);
    const standard = compileFetchSql(request({ keys: ['workload'] }), STANDARD);
    expect(standard.columns).toEqual(['service', 'sku_id', 'sku', 'machine_spec']);
    expect(standard.unavailable).toEqual(['resourceName']);
    expect(standard.sql).not.toContain('resource.');
  });

  it('a tag: key and the unknown keys', () => {
    const c = compileFetchSql(request({ keys: ['tag: Cost-Center ', 'nonsense'] }), DETAILED);
    expect(c.tagKeys).toEqual(['cost-center']);
    expect(c.columns).toEqual([]);
  });

  it('reads cost_at_list only for the list metric, and not when told the column is missing', () => {
    expect(compileFetchSql(request(), DETAILED).sql).not.toContain('cost_at_list');
    const list = compileFetchSql(request({ metric: 'list' }), DETAILED);
    expect(list.listColumn).toBe(true);
    expect(list.sql).toContain('CAST(IFNULL(cost_at_list, cost) AS NUMERIC) AS list_cost');
    expect(list.sql).toContain('SUM(list_cost) AS list_cost');
    const without = compileFetchSql(request({ metric: 'list' }), DETAILED, { listCost: false });
    expect(without.listColumn).toBe(false);
    expect(without.sql).not.toContain('cost_at_list');
  });

  it('computes the range instants in the configured zone', () => {
    const c = compileFetchSql(request(), { ...DETAILED, timezone: 'Europe/Berlin' });
    expect(c.params.start).toBe('2026-10-31T23:00:00.000Z');
    expect(c.params.end).toBe('2026-11-07T23:00:00.000Z');
    expect(c.params.timezone).toBe('Europe/Berlin');
  });

  it('puts the partition filter first, with the bare column on the left', () => {
    const where = compileFetchSql(request(), DETAILED).sql.split('\n').filter((l) => /^\s+(WHERE|AND) /.test(l));
    expect(where[0]).toBe('  WHERE _PARTITIONTIME >= TIMESTAMP_SUB(@start, INTERVAL 2 DAY)');
  });
});

describe('compileFetchSql filters', () => {
  it('pushes column filters case-insensitively, in and not-in', () => {
    const c = compileFetchSql(request({ keys: ['service'], filters: { service: { in: ['Vertex AI'], notIn: ['BigQuery'] }, account: { in: ['ML-NLP-PROD'] } } }), DETAILED);
    expect(c.sql).toContain("    AND LOWER(IFNULL(service.description, '')) IN UNNEST(@f0_service_in)\n");
    expect(c.sql).toContain("    AND LOWER(IFNULL(service.description, '')) NOT IN UNNEST(@f0_service_not_in)\n");
    expect(c.sql).toContain("    AND LOWER(IFNULL(project.id, '')) IN UNNEST(@f1_project_id_in)\n");
    expect(c.params).toMatchObject({ f0_service_in: ['vertex ai'], f0_service_not_in: ['bigquery'], f1_project_id_in: ['ml-nlp-prod'] });
    expect(c.types.f0_service_in).toBe('STRING_ARRAY');
  });

  it('pushes nothing when pushFilters is false (shared costs need the unfiltered totals)', () => {
    const c = compileFetchSql(request({ filters: { service: { in: ['Vertex AI'] }, team: { in: ['nlp'] } }, pushFilters: false }), DETAILED);
    expect(c.sql).not.toMatch(/@f\d/);
    expect(Object.keys(c.params).some((k) => k.startsWith('f'))).toBe(false);
  });

  it('a dimension filter becomes label keys, every raw spelling that aliases to the value, and mapped projects', () => {
    const c = compileFetchSql(request({ filters: { team: { in: ['NLP'] } } }), DETAILED);
    expect(c.sql).toContain(
      '    AND (EXISTS(SELECT 1 FROM UNNEST(labels) AS fl WHERE LOWER(TRIM(fl.key)) IN UNNEST(@f0_label_keys) AND LOWER(TRIM(fl.value)) IN UNNEST(@f0_label_values)) OR project.id IN UNNEST(@f0_project_ids))',
    );
    expect(c.params.f0_label_keys).toEqual(['team', 'owner']);
    expect([...(c.params.f0_label_values as string[])].sort()).toEqual(['natural-language', 'nlp']);
    expect(c.params.f0_project_ids).toEqual(['ml-nlp-prod']);
  });

  it('a tag: filter matches that key only', () => {
    const c = compileFetchSql(request({ filters: { 'tag:Cost-Center': { in: ['CC-1'] } } }), DETAILED);
    expect(c.params).toMatchObject({ f0_label_keys: ['cost-center'], f0_label_values: ['cc-1'], f0_project_ids: [] });
  });

  it('does not push what it cannot push as a superset', () => {
    const cases: Record<string, { in?: string[]; notIn?: string[] }>[] = [
      { team: { in: ['(untagged)'] } }, // "no tag": not a label match
      { team: { in: ['nlp', ''] } },
      { team: { notIn: ['nlp'] } }, // first-present-wins makes not-in unsafe
      { project: { in: ['analytics'] } }, // a dimension with rules
      { workload: { in: ['training'] } },
      { charge: { in: ['Tax'] } }, // derived columns are left to the engine
      { 'tag:team': { notIn: ['nlp'] } },
    ];
    for (const filters of cases) {
      const c = compileFetchSql(request({ filters }), DETAILED);
      expect(c.sql, JSON.stringify(filters)).not.toMatch(/@f\d/);
    }
    // resource is a column of the detailed export only
    expect(compileFetchSql(request({ filters: { resource: { in: ['x'] } } }), STANDARD).sql).not.toMatch(/@f\d/);
    expect(compileFetchSql(request({ filters: { resource: { in: ['x'] } } }), DETAILED).sql).toContain('@f0_resource_global_name_in');
  });
});

describe('compileFetchSql never puts a value in the SQL text', () => {
  const HOSTILE = "x' OR 1=1 --";
  const variants = (v: string) =>
    request({
      keys: ['team', `tag:${v}`],
      filters: { service: { in: [v], notIn: [v] }, team: { in: [v] }, [`tag:${v}`]: { in: [v] }, account: { in: [v] } },
    });

  it('the SQL text is identical for a hostile and a benign value, which appear only among the parameters', () => {
    const hostile = compileFetchSql(variants(HOSTILE), DETAILED);
    const benign = compileFetchSql(variants('benign'), DETAILED);
    expect(hostile.sql).toEqual(benign.sql);
    expect(hostile.sql).not.toContain('1=1');
    expect(hostile.sql).not.toContain("x'");
    const values = Object.values(hostile.params).flat();
    expect(values).toContain(HOSTILE.toLowerCase());
    expect(values.filter((v) => v.includes('1=1')).length).toBeGreaterThan(3);
  });

  it('a hostile range or zone never reaches the text either', () => {
    const a = compileFetchSql(request({ range: { start: '2026-11-01', end: '2026-11-08' } }), DETAILED);
    const b = compileFetchSql(request({ range: { start: '2025-01-01', end: '2025-02-01' } }), { ...DETAILED, timezone: 'America/New_York' });
    expect(a.sql).toEqual(b.sql);
  });
});
