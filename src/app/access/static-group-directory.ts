import type { GroupDirectory } from './types.js';

/**
 * User groups known in advance (`S…` → user ids): where no Slack workspace is connected
 * (the console demo) a group matches exactly these people; an unknown group matches nobody.
 */
export function createStaticGroupDirectory(groups: Record<string, string[]> = {}): GroupDirectory {
  const map = new Map(Object.entries(groups).map(([id, users]) => [id, [...users]]));
  return { members: async (groupId) => [...(map.get(groupId) ?? [])] };
}
