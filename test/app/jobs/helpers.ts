import pino from 'pino';
import { parseConfig, type FinopsConfig } from '../../../src/config/index.js';
import type { MessageRef, Notice, NoticePlatform, Notifier } from '../../../src/app/conversation/types.js';
import type { CostReader } from '../../../src/app/jobs/cost-reader.js';
import type { Composed, JobDefinition, JobMessage, RunDeps } from '../../../src/app/jobs/types.js';
import type { Store } from '../../../src/store/index.js';

export const silent = pino({ level: 'silent' });

/** A validated configuration from a plain object. */
export function config(raw: Record<string, unknown>): FinopsConfig {
  const r = parseConfig(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.problems));
  return r.config;
}

/**
 * A Notifier at the edge, as a platform behaves: it keeps what was posted (with the
 * ledger key, like Slack's message metadata), can fail the next N posts, and answers
 * `findPosted` from its history — or `'unknown'`, like Teams.
 */
export class FakeNotifier implements Notifier {
  readonly posts: { channel: string; notice: Notice; ref: MessageRef }[] = [];
  failNext = 0;
  findCalls = 0;

  constructor(
    readonly platform: NoticePlatform,
    private readonly history: 'readable' | 'unknown' = 'readable',
  ) {}

  async post(channel: string, notice: Notice): Promise<MessageRef> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error(`${this.platform} is down (503)`);
    }
    const ref = { platform: this.platform, channel, id: String(this.posts.length + 1) };
    this.posts.push({ channel, notice, ref });
    return ref;
  }

  async update(): Promise<void> {}

  /** Replies in threads, as posted. */
  readonly replies: { ref: MessageRef; notice: Notice }[] = [];

  async reply(ref: MessageRef, notice: Notice): Promise<MessageRef> {
    this.replies.push({ ref, notice });
    return { ...ref, id: `${ref.id}.r${this.replies.length}` };
  }

  async direct(userId: string): Promise<MessageRef> {
    return { platform: this.platform, channel: userId, id: 'dm' };
  }

  async findPosted(channel: string, key: string): Promise<MessageRef | null | 'unknown'> {
    this.findCalls += 1;
    if (this.history === 'unknown') return 'unknown';
    return this.posts.find((p) => p.channel === channel && p.notice.key === key)?.ref ?? null;
  }

  /** How many posts carried this key (alone or in a bundle). */
  postsOf(key: string): number {
    return this.posts.filter((p) => p.notice.key === key || (p.notice.body ?? []).some((b) => b.includes(key))).length;
  }
}

/** A job posting fixed messages, to test delivery apart from the jobs' arithmetic. */
export function staticJob(name: string, messages: () => JobMessage[], notes: string[] = []): JobDefinition {
  return { name, scheduleKey: 'budgets', description: 'test job', compose: async (): Promise<Composed> => ({ messages: messages(), notes }) };
}

/** An alert message for a team. */
export function alertMessage(key: string, team: string | null, extra: Partial<JobMessage> = {}): JobMessage {
  return {
    key,
    kind: 'budget-threshold',
    team,
    text: `alert ${key}`,
    facts: { key },
    notice: { kind: 'budget-threshold', title: `Alert ${key}`, text: `alert ${key}`, actions: [{ verb: 'snooze', id: `scope:${key}`, label: 'Snooze 24 h' }] },
    snoozeScope: `scope:${key}`,
    ...extra,
  };
}

/** A cost reader that must not be asked (the static jobs read no costs). */
export const noCosts: CostReader = {
  ask: async () => {
    throw new Error('no costs in this test');
  },
  simpleScope: (scope) => {
    const m = /^(\w+)=([\w-]+)$/.exec(scope);
    return m ? { key: m[1]!, value: m[2]! } : null;
  },
  canonical: (t) => t,
  providerCalls: () => 0,
  hasKey: () => true,
  unallocatedLabel: '(untagged)',
  sharedNames: [],
};

/** A clock tests move by hand. */
export function manualClock(start: string): { now: () => number; advance: (ms: number) => void; set: (iso: string) => void } {
  let t = Date.parse(start);
  return { now: () => t, advance: (ms) => void (t += ms), set: (iso) => void (t = Date.parse(iso)) };
}

export function runDeps(store: Store, cfg: FinopsConfig, notifiers: Notifier[], clock: () => number, over: Partial<RunDeps> = {}): RunDeps {
  return {
    config: cfg,
    costsFor: () => noCosts,
    store,
    notifiers: Object.fromEntries(notifiers.map((n) => [n.platform, n])),
    logger: silent,
    clock,
    owner: 'replica-a',
    leaseMs: 60_000,
    ...over,
  };
}
