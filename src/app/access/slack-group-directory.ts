/**
 * Slack user groups (`S…`) expanded through the Web API's `usergroups.users.list` (bot
 * scope `usergroups:read`), cached with a TTL so a question does not cost an API call.
 * A group that cannot be read counts as empty (access fails closed) and is retried after a
 * short while; concurrent lookups of one group share one call.
 */
import type { GroupDirectory } from './types.js';

/** The slice of `@slack/web-api`'s WebClient used here (Bolt's `app.client` is one). */
export interface UsergroupsClient {
  usergroups: {
    users: {
      list(args: { usergroup: string; include_disabled?: boolean }): Promise<{ ok?: boolean; users?: string[]; error?: string }>;
    };
  };
}

export interface SlackGroupDirectoryOptions {
  /** How long a group's members are trusted (default 10 minutes). */
  ttlMs?: number;
  /** How long a failed lookup counts as empty before it is tried again (default 1 minute). */
  failureTtlMs?: number;
  /** The clock (epoch ms). */
  now?: () => number;
  /** Told why a group could not be read (no `usergroups:read` scope, `no_such_subteam`…). */
  onError?: (groupId: string, error: unknown) => void;
}

/** A `GroupDirectory` over a Slack Web API client. */
export function createSlackGroupDirectory(client: UsergroupsClient, options: SlackGroupDirectoryOptions = {}): GroupDirectory {
  const ttl = options.ttlMs ?? 10 * 60_000;
  const failureTtl = options.failureTtlMs ?? 60_000;
  const now = options.now ?? (() => Date.now());
  const cache = new Map<string, { members: string[]; until: number }>();
  const inFlight = new Map<string, Promise<string[]>>();

  const load = async (groupId: string): Promise<string[]> => {
    try {
      const res = await client.usergroups.users.list({ usergroup: groupId });
      const members = Array.isArray(res.users) ? res.users.filter((u): u is string => typeof u === 'string') : [];
      cache.set(groupId, { members, until: now() + ttl });
      return members;
    } catch (error) {
      options.onError?.(groupId, error);
      cache.set(groupId, { members: [], until: now() + failureTtl });
      return [];
    }
  };

  return {
    async members(groupId) {
      const hit = cache.get(groupId);
      if (hit && hit.until > now()) return hit.members;
      let pending = inFlight.get(groupId);
      if (!pending) {
        // Removed once settled (always after it was added: `finally` runs as a microtask).
        pending = load(groupId).finally(() => inFlight.delete(groupId));
        inFlight.set(groupId, pending);
      }
      return pending;
    },
  };
}
