import type { PricingKind } from './types.js';

/**
 * FOCUS `PricingCategory` (Standard, Dynamic, Committed, Other) and the spellings providers
 * use in their own columns (On-Demand, Spot, Preemptible, Reserved, Savings Plan) as one kind.
 */
export function pricingKind(category: string): PricingKind {
  const c = category.trim().toLowerCase();
  if (c === 'standard' || c === 'on-demand' || c === 'ondemand' || c === 'on demand') return 'on-demand';
  if (c === 'dynamic' || c === 'spot' || c.includes('preemptible') || c.includes('spot')) return 'spot';
  if (c === 'committed' || c.includes('reserved') || c.includes('savings') || c.includes('commit')) return 'committed';
  return 'other';
}
