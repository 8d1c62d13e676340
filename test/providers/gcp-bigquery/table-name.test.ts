import { describe, expect, it } from 'vitest';
import { detectExportKind, parseTableName } from '../../../src/providers/gcp-bigquery/table-name.js';

describe('parseTableName', () => {
  it('accepts project.dataset.table and quotes it with backticks', () => {
    const r = parseTableName('my-billing-project.billing.gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901');
    expect(r).toEqual({
      ok: true,
      ref: {
        project: 'my-billing-project',
        dataset: 'billing',
        table: 'gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901',
        quoted: '`my-billing-project.billing.gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901`',
      },
    });
  });

  it('accepts the console form in backticks, domain-scoped projects and dataset.table with a projectId', () => {
    expect(parseTableName('`my-billing-project.billing.t`').ok).toBe(true);
    const scoped = parseTableName('example.com:billing-prj.billing.view_1');
    expect(scoped.ok && scoped.ref.project).toBe('example.com:billing-prj');
    const two = parseTableName('billing.gcp_billing_export_v1_X', 'billing-prj');
    expect(two.ok && two.ref.quoted).toBe('`billing-prj.billing.gcp_billing_export_v1_X`');
  });

  const bad: [string, RegExp][] = [
    ['billing.gcp_billing_export_v1_X', /three parts/],
    ['a.b.c.d', /three parts/],
    ['My-Project.billing.t', /project id/],
    ['p.billing.t', /project id/],
    ['my-project-.billing.t', /project id/],
    ['my-project.bill-ing.t', /dataset/],
    ['my-project.billing.t`; DROP TABLE x; --', /table/],
    ["my-project.billing.t' OR 1=1 --", /table/],
    ['my-project.billing.t x', /table/],
    ['my-project.billing.`t`', /table/],
    ['my-project.billing.', /table/],
    ['', /three parts/],
    [`my-project.billing.${'t'.repeat(1025)}`, /table/],
  ];
  it.each(bad)('rejects %j with a message that says how to write it', (raw, why) => {
    const r = parseTableName(raw);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(why);
    expect(r.error).toContain('project.dataset.table');
  });
});

describe('detectExportKind', () => {
  it('tells the detailed export by its table name', () => {
    const ref = (t: string) => ({ project: 'p', dataset: 'd', table: t, quoted: '' });
    expect(detectExportKind(ref('gcp_billing_export_resource_v1_0A1B2C'))).toBe('detailed');
    expect(detectExportKind(ref('gcp_billing_export_v1_0A1B2C'))).toBe('standard');
    expect(detectExportKind(ref('my_view'))).toBe('standard');
  });
});
