/**
 * What a run reports: for each message considered, its status on each channel, folded
 * into one JSON line (a failure anywhere shows, then uncertainty, then a post).
 */
import type { Json } from '../../store/index.js';
import type { JobMessage, LineStatus, MessageLine, Target } from './types.js';

/** What the run reports about a message, kept with its ledger entry. */
export interface ItemInfo {
  kind: string;
  team: string | null;
  text: string;
  facts: Record<string, Json>;
}

/** Statuses per message, per channel, in the order they were first seen. */
export class LineBook {
  private readonly entries = new Map<string, { item: ItemInfo; targets: Map<string, { target: Target; status: LineStatus }> }>();

  constructor(
    private readonly job: string,
    private readonly slot: string,
  ) {}

  /** Records a channel's status for a message; the first status recorded for a channel stands. */
  add(key: string, item: ItemInfo, target: Target | null, status: LineStatus): void {
    let e = this.entries.get(key);
    if (e === undefined) this.entries.set(key, (e = { item, targets: new Map() }));
    const t = target ?? { platform: 'console' as const, channel: '' };
    const id = target === null ? `none:${status}` : `${t.platform}\u0000${t.channel}`;
    if (!e.targets.has(id)) e.targets.set(id, { target: t, status });
  }

  lines(): MessageLine[] {
    return [...this.entries].map(([key, e]) => {
      const list = [...e.targets.values()];
      return {
        job: this.job,
        slot: this.slot,
        key,
        kind: e.item.kind,
        team: e.item.team,
        status: worst(list.map((t) => t.status)),
        targets: list.filter((t) => t.target.channel !== '').map((t) => t.target),
        text: e.item.text,
        facts: e.item.facts,
      };
    });
  }
}

const ORDER: LineStatus[] = ['failed', 'uncertain', 'snoozed', 'dry-run', 'posted', 'duplicate'];

/** A message's status over its channels: a failure anywhere shows, then uncertainty, then a post. */
function worst(statuses: LineStatus[]): LineStatus {
  for (const s of ORDER) if (statuses.includes(s)) return s;
  return 'duplicate';
}

export function itemOf(m: JobMessage): ItemInfo {
  return { kind: m.kind, team: m.team, text: m.text, facts: m.facts };
}

export function asItem(json: Json): ItemInfo {
  const o = (json ?? {}) as Record<string, Json>;
  return { kind: String(o.kind ?? ''), team: typeof o.team === 'string' ? o.team : null, text: String(o.text ?? ''), facts: (o.facts ?? {}) as Record<string, Json> };
}
