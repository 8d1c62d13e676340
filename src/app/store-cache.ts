import type { Json, StoreOps } from '../store/index.js';
import type { ProviderCache } from '../providers/types.js';

/**
 * The push-down providers' cache, in the store's `query_cache` table: a compiled request
 * and its response under the request's hash, until its TTL runs out. Shared by every
 * replica on the same PostgreSQL. A cache failure never fails the question.
 */
export function storeCache(store: StoreOps, provider: string, clock: () => number, onError?: (err: unknown) => void): ProviderCache {
  return {
    async get(key) {
      try {
        const entry = await store.cacheGet(key, new Date(clock()));
        return entry ? entry.response : null;
      } catch (err) {
        onError?.(err);
        return null;
      }
    },
    async put(key, request, response, ttlMs) {
      try {
        await store.cachePut(key, provider, request as Json, response as Json, ttlMs, new Date(clock()));
      } catch (err) {
        onError?.(err);
      }
    },
  };
}
