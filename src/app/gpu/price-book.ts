import type { PriceBook, Ratio } from '../../core/gpu/advice.js';
import { mulDivRound, PICO } from '../../core/gpu/idle-cost.js';
import type { PriceObservation } from './gpu-cost-source.js';

/**
 * The price book of the advice, from the organisation's own billing rows only: list price
 * per instance-hour = ListCost ÷ usage hours (what FOCUS ListUnitPrice × PricingQuantity
 * gives for hourly SKUs); spot discount = 1 − spot EffectiveCost ÷ spot ListCost.
 */
export function priceBookOf(observations: PriceObservation[]): PriceBook {
  const list = new Map<string, { list: bigint; hours: bigint }>();
  const spot = new Map<string, { cost: bigint; list: bigint; hours: bigint }>();
  const org = { cost: 0n, list: 0n, hours: 0n };
  for (const o of observations) {
    const key = `${o.provider}\u0001${o.instanceType.toLowerCase()}`;
    if (o.listCost > 0n && o.hours > 0n) {
      const l = list.get(key) ?? { list: 0n, hours: 0n };
      l.list += o.listCost;
      l.hours += o.hours;
      list.set(key, l);
    }
    if (o.pricing === 'spot' && o.listCost > 0n) {
      const s = spot.get(key) ?? { cost: 0n, list: 0n, hours: 0n };
      s.cost += o.cost;
      s.list += o.listCost;
      s.hours += o.hours;
      spot.set(key, s);
      org.cost += o.cost;
      org.list += o.listCost;
      org.hours += o.hours;
    }
  }
  const discount = (s: { cost: bigint; list: bigint; hours: bigint }): { ratio: Ratio; hours: bigint } | null =>
    s.list > 0n && s.cost < s.list ? { ratio: { num: s.list - s.cost, den: s.list }, hours: s.hours } : null;
  return {
    listPerHour(provider, instanceType) {
      const l = list.get(`${provider}\u0001${instanceType.toLowerCase()}`);
      return l ? mulDivRound(l.list, PICO, l.hours) : null;
    },
    spotDiscount(provider, instanceType) {
      const s = spot.get(`${provider}\u0001${instanceType.toLowerCase()}`);
      return s ? discount(s) : null;
    },
    orgSpotDiscount: () => discount(org),
  };
}

/** A ratio as a percentage with one decimal (`64.2`). */
export function ratioPercent(r: Ratio): number {
  return r.den === 0n ? 0 : Number((r.num * 1000n + r.den / 2n) / r.den) / 10;
}
