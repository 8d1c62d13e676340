/** Shared set-up for the provider's tests (imported by `*.test.ts` only). */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import type { AllocationConfig, DimensionDefinition } from '../../../src/core/types.js';
import type { ProviderCache, ProviderContext } from '../../../src/providers/types.js';
import type { BillingExportRow } from '../../fakes/bigquery-fake-engine.js';

export const silentLogger = pino({ level: 'silent' });

/** The recorded detailed-export rows (fixtures/gcp-bigquery/export-rows.json). */
export function exportRows(): BillingExportRow[] {
  return JSON.parse(readFileSync(new URL('../../../fixtures/gcp-bigquery/export-rows.json', import.meta.url), 'utf8')) as BillingExportRow[];
}

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/gcp-bigquery/${name}`, import.meta.url), 'utf8'));
}

/** An in-memory ProviderCache that counts, with TTLs against an injected clock. */
export class MemoryCache implements ProviderCache {
  readonly entries = new Map<string, { response: unknown; request: unknown; expires: number; ttlMs: number }>();
  gets = 0;
  constructor(private readonly now: () => number) {}
  async get(key: string): Promise<unknown | null> {
    this.gets++;
    const e = this.entries.get(key);
    return e && e.expires > this.now() ? structuredClone(e.response) : null;
  }
  async put(key: string, request: unknown, response: unknown, ttlMs: number): Promise<void> {
    this.entries.set(key, { response: structuredClone(response), request, expires: this.now() + ttlMs, ttlMs });
  }
}

export const NOW = Date.parse('2026-11-05T12:00:00Z');

export function context(cache: ProviderCache = new MemoryCache(() => NOW)): ProviderContext {
  return { signal: new AbortController().signal, logger: silentLogger, cache, now: NOW };
}

const dim = (over: Partial<DimensionDefinition> = {}): DimensionDefinition => ({ tags: [], accounts: {}, rules: [], aliases: {}, ...over });

/** A realistic configuration: team from labels (with aliases) or the project, env, model; support and tax shared. */
export function allocationConfig(): AllocationConfig {
  return {
    dimensions: {
      team: dim({ tags: ['team', 'owner'], accounts: { 'data-lake-4821': 'platform' }, aliases: { NLP: 'nlp' } }),
      env: dim({ tags: ['env', 'environment'], aliases: { production: 'prod', prd: 'prod' } }),
      model: dim({ tags: ['model'] }),
    },
    shared: [
      { name: 'support', when: { ServiceName: 'Support' }, split: 'proportional' },
      { name: 'tax', when: { ChargeCategory: 'Tax' }, split: 'proportional' },
    ],
    unallocated: '(untagged)',
  };
}

/** A fake auth client: the real client then sends `Authorization: Bearer x` and never looks for credentials. */
export const fakeAuthClient = { getRequestHeaders: async () => ({ Authorization: 'Bearer x' }) };
