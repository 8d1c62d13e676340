/** Helpers shared by this folder's tests (not part of the public API). */
import { pino } from 'pino';
import { buildAllocator, normalizeTags } from '../../../src/core/allocation/build-allocator.js';
import { FOCUS_KEYS, type FocusKey } from '../../../src/core/keys.js';
import { parsePico } from '../../../src/core/money.js';
import type { AllocationConfig, CostRecord } from '../../../src/core/types.js';
import type { FetchRequest, ProviderCache, ProviderContext } from '../../../src/providers/types.js';

/** A ProviderCache in memory that honours nothing but presence (tests freeze the clock anyway). */
export class MemoryCache implements ProviderCache {
  readonly entries = new Map<string, { request: unknown; response: unknown; ttlMs: number }>();
  async get(key: string): Promise<unknown | null> {
    const e = this.entries.get(key);
    return e ? structuredClone(e.response) : null;
  }
  async put(key: string, request: unknown, response: unknown, ttlMs: number): Promise<void> {
    this.entries.set(key, { request, response: structuredClone(response), ttlMs });
  }
}

export const NOW = Date.parse('2026-11-26T12:00:00Z');

export function makeContext(over: Partial<ProviderContext> = {}): ProviderContext {
  return { signal: new AbortController().signal, logger: pino({ level: 'silent' }), cache: new MemoryCache(), now: NOW, ...over };
}

export const TEAM_ALLOCATION: AllocationConfig = {
  dimensions: {
    team: {
      tags: ['team', 'owner'],
      accounts: { '111111111111': 'nlp' },
      rules: [{ when: { ServiceName: 'Amazon SageMaker*' }, value: 'ml-platform' }],
      aliases: { NLP: 'nlp' },
    },
    model: { tags: ['model'], accounts: {}, rules: [], aliases: {} },
  },
  shared: [],
  unallocated: '(untagged)',
};

export function makeRequest(over: Partial<FetchRequest> = {}): FetchRequest {
  return {
    range: { start: '2026-11-01', end: '2026-11-04' },
    keys: ['team'],
    filters: {},
    pushFilters: false,
    metric: 'effective',
    allocation: TEAM_ALLOCATION,
    ...over,
  };
}

/**
 * Exact sums (pico-units) per allocated value of `keys` (joined by `|`), shared rules
 * first as `shared:<name>`: what the engine would aggregate from these records.
 */
export function allocatedSums(records: CostRecord[], allocation: AllocationConfig, keys: string[], field: 'effectiveCost' | 'billedCost' = 'effectiveCost'): Map<string, bigint> {
  const alloc = buildAllocator(allocation);
  const out = new Map<string, bigint>();
  for (const r of records) {
    const shared = alloc.sharedIndex(r);
    const values = alloc.allocate(r, normalizeTags(r.tags));
    const key = shared >= 0 ? `shared:${alloc.sharedNames[shared]}` : keys.map((k) => {
      const i = alloc.dimensions.indexOf(k);
      return i >= 0 ? values[i] : String(r[FOCUS_KEYS[k as FocusKey]]);
    }).join('|');
    out.set(key, (out.get(key) ?? 0n) + (parsePico(r[field]) ?? 0n));
  }
  for (const [k, v] of out) if (v === 0n) out.delete(k);
  return out;
}
