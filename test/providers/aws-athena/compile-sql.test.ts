import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { billingPeriods } from '../../../src/providers/aws-athena/billing-periods.js';
import { compileDoctorSql, compileKnownValuesSql } from '../../../src/providers/aws-athena/compile-aux-sql.js';
import { compileFetchSql } from '../../../src/providers/aws-athena/compile-sql.js';
import { MAX_PARAMETER_LENGTH, sqlString } from '../../../src/providers/aws-athena/sql-text.js';
import type { TableInfo } from '../../../src/providers/aws-athena/types.js';
import type { FilterSpec } from '../../../src/core/types.js';
import { placeholderClauses, placeholders, substituteParameters } from '../../fakes/athena-sql.js';
import { allocationConfig, request } from './test-helpers.js';

const TABLE: TableInfo = { database: 'finops', table: 'focus_1_0_aws', quoted: '"finops"."focus_1_0_aws"', partitioned: true, timezone: 'UTC' };
const noShared = () => ({ ...allocationConfig(), shared: [] });

/** Reads a string literal back (the inverse of sqlString). */
const unquote = (literal: string) => {
  expect(literal).toMatch(/^'(?:[^']|'')*'$/);
  return literal.slice(1, -1).replaceAll("''", "'");
};

const HOSTILE = [
  "x' OR '1'='1",
  "'); DROP TABLE focus_1_0_aws; --",
  'a\\\' OR 1=1 --',
  '? ?',
  '/* comment */ ) UNION SELECT * FROM secrets --',
  "line\nbreak'\u0000nul",
  '″quotes″ “curly” and "double"',
  "''''",
];

describe('compileFetchSql', () => {
  it('puts every value in an execution parameter, in WHERE clauses only, in placeholder order', () => {
    const q = compileFetchSql(request({ allocation: noShared(), filters: { service: { in: ['Amazon SageMaker'] }, team: { in: ['nlp'] }, account: { notIn: ['333333333333'] } } }), TABLE);
    expect(placeholders(q.sql)).toHaveLength(q.params.length);
    expect(new Set(placeholderClauses(q.sql))).toEqual(new Set(['WHERE']));
    expect(q.params).toEqual([
      "'2026-10'", "'2026-12'",
      "TIMESTAMP '2026-10-31 00:00:00.000'", "TIMESTAMP '2026-11-05 00:00:00.000'",
      "'amazon sagemaker'",
      "'nlp'",
      "'333333333333'",
      // The source's freshness over the same days, before the filters (the `fresh` CTE).
      "'2026-10'", "'2026-12'",
      "TIMESTAMP '2026-10-31 00:00:00.000'", "TIMESTAMP '2026-11-05 00:00:00.000'",
      "DATE '2026-11-01'", "DATE '2026-11-05'",
      "DATE '2026-11-01'", "DATE '2026-11-05'",
    ]);
    expect(q.sql).not.toMatch(/sagemaker|333333333333/i);
  });

  it('a hostile filter value never changes the SQL text: it travels quoted, its quotes doubled', () => {
    const shape = (v: string): Record<string, FilterSpec> => ({ service: { in: [v] }, region: { notIn: [v] }, model: { in: [v] }, 'tag:cost-center': { in: [v] } });
    const benign = compileFetchSql(request({ allocation: noShared(), filters: shape('benign') }), TABLE);
    for (const value of HOSTILE) {
      const q = compileFetchSql(request({ allocation: noShared(), filters: shape(value) }), TABLE);
      expect(q.sql).toBe(benign.sql);
      const values = q.params.filter((p) => p.startsWith("'") && !/^'20\d\d-\d\d'$/.test(p)).map(unquote);
      expect(values).toEqual(Array(4).fill(value.toLowerCase()));
      // What Athena would run: each parameter one literal, nothing of the value outside it.
      expect(() => substituteParameters(q.sql, q.params)).not.toThrow();
    }
  });

  it('property: for any filter values the SQL text is the same and each value reads back exactly', () => {
    const benign = compileFetchSql(request({ allocation: noShared(), filters: { service: { in: ['a', 'b'] }, team: { in: ['c'] } } }), TABLE).sql;
    fc.assert(
      fc.property(fc.tuple(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ maxLength: 40 }), fc.string({ minLength: 1, maxLength: 40 })), ([a, b, c]) => {
        fc.pre(c.trim() !== '' && c.trim().toLowerCase() !== '(untagged)' && !['nlp'].includes(c.trim().toLowerCase()));
        const q = compileFetchSql(request({ allocation: noShared(), filters: { service: { in: [a, b] }, team: { in: [c] } } }), TABLE);
        expect(q.sql).toBe(benign);
        expect(unquote(q.params[4]!)).toBe(a.toLowerCase());
        expect(unquote(q.params[5]!)).toBe(b.toLowerCase());
        expect(unquote(q.params[6]!)).toBe(c.trim().toLowerCase());
        expect(() => substituteParameters(q.sql, q.params)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('a value too long for one execution parameter is not pushed down (the engine still filters)', () => {
    const long = 'x'.repeat(MAX_PARAMETER_LENGTH);
    const q = compileFetchSql(request({ allocation: noShared(), filters: { service: { in: [long] }, region: { in: ['us-east-1'] } } }), TABLE);
    expect(q.params.every((p) => p.length <= MAX_PARAMETER_LENGTH)).toBe(true);
    expect(q.params).toContain("'us-east-1'");
    expect(q.sql).not.toMatch(/lower\(coalesce\(servicename/);
  });

  it('a tag key from a question is a quoted literal in the SELECT list, never raw text', () => {
    const key = "x') OR 1=1 --";
    const q = compileFetchSql(request({ allocation: noShared(), keys: [`tag:${key}`], filters: {} }), TABLE);
    expect(q.sql).toContain(`= ${sqlString(key.toLowerCase())}`);
    expect(q.tagKeys).toEqual([key.toLowerCase()]);
    expect(() => substituteParameters(q.sql, q.params)).not.toThrow();
  });

  it('groups by the local day, the currency, the provider and exactly the columns and tags the allocation reads', () => {
    const q = compileFetchSql(request({ keys: ['env', 'service'], allocation: noShared() }), { ...TABLE, timezone: 'Europe/Paris' });
    expect(q.columns).toEqual(['billingcurrency', 'providername', 'servicename']);
    expect(q.tagKeys).toEqual(['env', 'environment']);
    expect(q.sql).toMatch(/AT TIME ZONE 'Europe\/Paris'\) AS usage_day/);
    expect(q.sql).toMatch(/GROUP BY usage_day, billingcurrency, providername, servicename, tag_0, tag_1\n/);
    // Paris midnight is 23:00 UTC the day before; a day's charges may start a day earlier still.
    expect(q.params.slice(2, 4)).toEqual(["TIMESTAMP '2026-10-30 23:00:00.000'", "TIMESTAMP '2026-11-04 23:00:00.000'"]);
  });

  it('sums exact DECIMALs, reads listcost only for the list metric, and counts rows without cost', () => {
    const effective = compileFetchSql(request(), TABLE);
    expect(effective.sql).toContain('CAST(coalesce(effectivecost, billedcost) AS DECIMAL(38, 12)) AS effective_cost');
    expect(effective.sql).not.toContain('listcost');
    expect(effective.sql).toContain('count_if(billed_cost IS NULL) AS rows_without_cost');
    const list = compileFetchSql(request({ metric: 'list' }), TABLE);
    expect(list.listColumn).toBe(true);
    expect(list.sql).toContain('CAST(coalesce(listcost, billedcost, effectivecost) AS DECIMAL(38, 12)) AS list_cost');
  });

  it('leaves filters to the engine when shared costs need the unfiltered totals', () => {
    const q = compileFetchSql(request({ pushFilters: false, filters: { service: { in: ['x'] } } }), TABLE);
    expect(q.params).toHaveLength(12);
    expect(q.sql).not.toContain('servicename, \'\'');
  });

  it('an unpartitioned table gets no billing_period condition', () => {
    const q = compileFetchSql(request(), { ...TABLE, partitioned: false });
    expect(q.sql).not.toContain('billing_period');
    expect(q.params).toHaveLength(8);
  });

  it('the unallocated label and notIn on a dimension are not pushed (they mean "no tag")', () => {
    const q = compileFetchSql(request({ allocation: noShared(), filters: { team: { in: ['(untagged)'] }, env: { notIn: ['dev'] } } }), TABLE);
    expect(q.sql).not.toContain('cardinality');
    expect(q.params).toHaveLength(12);
  });
});

describe('billingPeriods', () => {
  it('spans from the month of the day before the range to the month after its end', () => {
    expect(billingPeriods({ start: '2026-11-16', end: '2026-11-23' })).toEqual({ from: '2026-11', to: '2026-12' });
    expect(billingPeriods({ start: '2026-11-01', end: '2026-11-08' })).toEqual({ from: '2026-10', to: '2026-12' });
    expect(billingPeriods({ start: '2026-12-01', end: '2027-01-01' })).toEqual({ from: '2026-11', to: '2027-02' });
    expect(billingPeriods({ start: '2026-01-01', end: '2026-12-31' })).toEqual({ from: '2025-12', to: '2027-01' });
  });
});

describe('auxiliary queries', () => {
  it('known values: one bounded scan, parameters only in WHERE', () => {
    const q = compileKnownValuesSql({ start: '2026-10-27', end: '2026-11-26' }, ['team', "o'wner"], TABLE);
    expect(new Set(placeholderClauses(q.sql))).toEqual(new Set(['WHERE']));
    expect(q.sql).toContain("lower(trim(tk)) = 'o''wner'");
    expect(q.sql).toMatch(/UNION ALL SELECT 'tag_1' AS kind, tag_1 AS value/);
  });

  it('doctor: one billing-period partition, or the last day when the table is not partitioned', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(compileDoctorSql(TABLE, now)).toEqual({ sql: expect.stringContaining('WHERE billing_period = ?'), params: ["'2026-11'"] });
    expect(compileDoctorSql({ ...TABLE, partitioned: false }, now).params).toEqual(["TIMESTAMP '2026-11-25 12:00:00.000'"]);
  });
});
