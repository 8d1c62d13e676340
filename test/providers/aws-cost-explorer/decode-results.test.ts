import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePico } from '../../../src/core/money.js';
import { decodeResults, estimatedNote, groupKeyValue } from '../../../src/providers/aws-cost-explorer/decode-results.js';
import { costAndUsagePageSchema } from '../../../src/providers/aws-cost-explorer/schema.js';
import type { CompiledRequest, Field, KeepRule } from '../../../src/providers/aws-cost-explorer/types.js';

const FIXTURES = new URL('../../../fixtures/aws-cost-explorer/', import.meta.url);

function fixture(name: string) {
  const raw = JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as { request: CompiledRequest['input']; pages: unknown[] };
  return { request: raw.request, pages: raw.pages.map((p) => costAndUsagePageSchema.parse(p)) };
}

function compiled(input: CompiledRequest['input'], groupBy: Field[], keep: KeepRule[] = []): CompiledRequest {
  return { purpose: 'test', input, groupBy, keep };
}

const teamTag: Field = { kind: 'tag', key: 'team' };
const account: Field = { kind: 'dim', key: 'LINKED_ACCOUNT' };
const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('decodeResults on recorded payloads', () => {
  it('reads a paginated tag-grouped response: untagged groups carry no tag, amounts stay exact text', () => {
    const { request, pages } = fixture('tag-grouped-paginated.json');
    const out = decodeResults(pages, compiled(request, [teamTag, account], [{ key: 'team', steps: [{ kind: 'tag', field: { kind: 'tag', key: 'team' } }], last: true }]));
    expect(out.records.map((r) => [r.chargePeriodStart, r.tags, r.subAccountId, r.effectiveCost, r.billedCost, r.listCost, r.currency])).toEqual([
      [day('2026-11-24'), {}, '111111111111', '12.4076538201', '13.1', '13.1', 'USD'],
      [day('2026-11-24'), { team: 'nlp' }, '222222222222', '4123.0000000004', '4400.52', '4400.52', 'USD'],
      [day('2026-11-24'), { team: 'vision' }, '222222222222', '-0.0000001605', '0', '0', 'USD'],
      [day('2026-11-25'), {}, '111111111111', '10.5', '10.5', '10.5', 'USD'],
      [day('2026-11-25'), { team: 'nlp' }, '222222222222', '3981.2200000001', '4210', '4210', 'USD'],
      [day('2026-11-25'), { team: "x' OR 1=1 --" }, '222222222222', '1.25', '1.25', '1.25', 'USD'],
    ]);
    expect(out.records.every((r) => r.provider === 'AWS' && r.chargePeriodEnd - r.chargePeriodStart === 86_400_000)).toBe(true);
    expect(out.estimated).toEqual(['2026-11-25']);
    const total = out.records.reduce((s, r) => s + parsePico(r.effectiveCost)!, 0n);
    expect(total).toBe(parsePico('8128.3776536601'));
  });

  it('leaves groups that a later request covers (unresolved steps of a non-final run)', () => {
    const { request, pages } = fixture('tag-grouped-paginated.json');
    const keep: KeepRule[] = [{ key: 'team', steps: [{ kind: 'tag', field: { kind: 'tag', key: 'team' } }, { kind: 'account', mapped: ['999999999999'] }], last: false }];
    const out = decodeResults(pages, compiled(request, [teamTag, account], keep));
    expect(out.records.map((r) => r.tags.team)).toEqual(['nlp', 'vision', 'nlp', "x' OR 1=1 --"]);
    const mapped: KeepRule[] = [{ key: 'team', steps: keep[0]!.steps.map((s) => (s.kind === 'account' ? { kind: 'account', mapped: ['111111111111'] } : s)), last: false }];
    expect(decodeResults(pages, compiled(request, [teamTag, account], mapped)).records).toHaveLength(6);
  });

  it('reads Total when there is no grouping, skipping zero days and keeping scientific notation as text', () => {
    const { request, pages } = fixture('total-no-groupby.json');
    const out = decodeResults(pages, compiled(request, []));
    expect(out.records.map((r) => [r.chargePeriodStart, r.effectiveCost, r.billedCost])).toEqual([
      [day('2026-10-30'), '18234.9912345678', '19001.4'],
      [day('2026-11-01'), '1.5E-7', '1.5E-7'],
    ]);
    expect(out.estimated).toEqual([]);
  });

  it('takes each record currency from its Unit and maps record types to FOCUS charge categories', () => {
    const { request, pages } = fixture('service-mixed-units.json');
    const out = decodeResults(pages, compiled(request, [{ kind: 'dim', key: 'SERVICE' }, { kind: 'dim', key: 'RECORD_TYPE' }]));
    expect(out.records.map((r) => [r.serviceName, r.chargeCategory, r.currency, r.effectiveCost])).toEqual([
      ['Amazon Elastic Compute Cloud - Compute', 'Usage', 'USD', '2210.0400112'],
      ['Amazon Elastic Compute Cloud - Compute', 'Credit', 'USD', '-150'],
      ['Amazon SageMaker', 'Usage', 'EUR', '980.12'],
      ['Tax', 'Tax', 'USD', '301.5'],
    ]);
  });
});

describe('payload edge cases', () => {
  it('rejects an amount that is not decimal text', () => {
    const bad = { ResultsByTime: [{ TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Total: { UnblendedCost: { Amount: 12.5, Unit: 'USD' } } }] };
    expect(costAndUsagePageSchema.safeParse(bad).success).toBe(false);
    const nan = { ResultsByTime: [{ TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Total: { UnblendedCost: { Amount: 'NaN', Unit: 'USD' } } }] };
    expect(costAndUsagePageSchema.safeParse(nan).success).toBe(false);
  });

  it('takes an empty response as no costs', () => {
    const page = costAndUsagePageSchema.parse({});
    expect(decodeResults([page], compiled({ TimePeriod: { Start: '2026-11-01', End: '2026-11-02' }, Granularity: 'DAILY', Metrics: [] }, [])).records).toEqual([]);
  });

  it('splits tag group keys at the first $ only', () => {
    expect(groupKeyValue(teamTag, 'team$')).toBe('');
    expect(groupKeyValue(teamTag, 'team$a$b')).toBe('a$b');
    expect(groupKeyValue(account, '123$456')).toBe('123$456');
  });

  it('words the estimated note for one, two and many days', () => {
    expect(estimatedNote([])).toBeNull();
    expect(estimatedNote(['2026-11-25', '2026-11-24'])).toBe('Cost Explorer marks 2026-11-24 and 2026-11-25 as estimated: these figures may still change.');
    expect(estimatedNote(['2026-11-23', '2026-11-25', '2026-11-24'])).toContain('2026-11-23 to 2026-11-25 (3 days)');
  });
});
