import type { CostRecord } from '../../core/types.js';
import { CE_METRICS, setDimension, type CeDimension } from './ce-vocabulary.js';
import type { CostAndUsagePage } from './schema.js';
import type { ChainStep, CompiledRequest, Field } from './types.js';

/** What the pages of one request give: records, and the days Cost Explorer marks estimated. */
export interface DecodedResults {
  records: CostRecord[];
  estimated: string[];
}

const ZERO = /^[+-]?0*\.?0*(?:[eE][+-]?\d+)?$/;

function blankRecord(start: string, end: string): CostRecord {
  const startMs = Date.parse(`${start.slice(0, 10)}T00:00:00Z`);
  const endMs = Date.parse(`${end.slice(0, 10)}T00:00:00Z`);
  return {
    chargePeriodStart: startMs,
    chargePeriodEnd: Number.isFinite(endMs) ? endMs : startMs + 86_400_000,
    billedCost: '0', effectiveCost: '0', listCost: '0', currency: 'USD',
    provider: 'AWS', subAccountId: '', subAccountName: '', serviceName: '', serviceCategory: '',
    skuId: '', chargeDescription: '', resourceId: '', resourceName: '', resourceType: '',
    regionId: '', chargeCategory: '', pricingCategory: '', consumedQuantity: '', consumedUnit: '',
    tags: {},
  };
}

/**
 * The value of one group key: TAG keys come as `team$nlp` (`team$` = untagged: no such
 * tag); DIMENSION keys as the bare value. AWS tag keys cannot contain `$`, so the first
 * `$` separates key and value.
 */
export function groupKeyValue(field: Field, raw: string): string {
  if (field.kind === 'dim') return raw;
  const i = raw.indexOf('$');
  return i < 0 ? raw : raw.slice(i + 1);
}

function resolves(step: ChainStep, values: Map<string, string>): boolean {
  if (step.kind === 'tag') return (values.get(`tag:${step.field.key}`) ?? '') !== '';
  if (step.kind === 'account') return step.mapped.includes(values.get('dim:LINKED_ACCOUNT') ?? '');
  return true;
}

/**
 * Turns the pages of one compiled request into cost records: one per day and kept group,
 * amounts as Cost Explorer's exact decimal text (never parsed to a float), the currency
 * from each amount's `Unit`. A group is kept when, for every key, one of the steps this
 * request covers resolves it (or the request covers the key's last step); otherwise the
 * cost belongs to a later request, filtered to it.
 */
export function decodeResults(pages: CostAndUsagePage[], req: CompiledRequest): DecodedResults {
  const records: CostRecord[] = [];
  const estimated = new Set<string>();
  for (const page of pages) {
    for (const r of page.ResultsByTime) {
      if (r.Estimated) estimated.add(r.TimePeriod.Start.slice(0, 10));
      const entries = req.groupBy.length ? (r.Groups ?? []).map((g) => ({ keys: g.Keys, metrics: g.Metrics })) : [{ keys: [], metrics: r.Total ?? {} }];
      for (const { keys, metrics } of entries) {
        const effective = metrics[CE_METRICS.effective];
        const billed = metrics[CE_METRICS.billed];
        if (!effective && !billed) continue;
        if (ZERO.test(effective?.Amount ?? '0') && ZERO.test(billed?.Amount ?? '0')) continue;
        const values = new Map<string, string>();
        req.groupBy.forEach((f, i) => values.set(`${f.kind}:${f.key}`, groupKeyValue(f, keys[i] ?? '')));
        if (!req.keep.every((k) => k.last || k.steps.some((s) => resolves(s, values)))) continue;
        const rec = blankRecord(r.TimePeriod.Start, r.TimePeriod.End);
        rec.effectiveCost = effective?.Amount ?? '0';
        rec.billedCost = billed?.Amount ?? '0';
        // Cost Explorer has no list price: the list figure is the billed one (see the notes).
        rec.listCost = rec.billedCost;
        rec.currency = (effective ?? billed)!.Unit;
        for (const f of req.groupBy) {
          const v = values.get(`${f.kind}:${f.key}`)!;
          if (f.kind === 'tag') {
            if (v !== '') rec.tags[f.key] = v;
          } else setDimension(rec, f.key as CeDimension, v);
        }
        records.push(rec);
      }
    }
  }
  return { records, estimated: [...estimated].sort() };
}

/** The answer's note for estimated days (`2026-11-24 and 2026-11-25`, or a span). */
export function estimatedNote(days: string[]): string | null {
  if (days.length === 0) return null;
  const sorted = [...new Set(days)].sort();
  const span = sorted.length <= 2 ? sorted.join(' and ') : `${sorted[0]} to ${sorted[sorted.length - 1]} (${sorted.length} days)`;
  return `Cost Explorer marks ${span} as estimated: these figures may still change.`;
}
