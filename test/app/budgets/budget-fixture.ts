import { createAccessPolicy, createStaticGroupDirectory, scopeParser } from '../../../src/app/access/index.js';
import type { BudgetDeps, SpendSource } from '../../../src/app/budgets/index.js';
import type { MessageRef, Notice, NoticePlatform, Notifier } from '../../../src/app/conversation/types.js';
import type { FinopsConfig } from '../../../src/config/index.js';
import type { Store } from '../../../src/store/index.js';
import { USERGROUPS, teamsConfig } from '../../helpers/teams-config.js';

export interface Sent {
  op: 'post' | 'update' | 'reply' | 'direct';
  platform: NoticePlatform;
  /** The channel, the user (direct) or the updated message's channel. */
  to: string;
  ref: MessageRef;
  notice: Notice;
}

/**
 * A notifier that records what it was asked to send: the approval flow's edge towards the
 * chat adapters (whose own tests cover Block Kit, Adaptive Cards and the wire protocols).
 */
export function recordingNotifier(platform: NoticePlatform, sent: Sent[], opts: { failPosts?: boolean } = {}): Notifier {
  let seq = 0;
  const record = (op: Sent['op'], to: string, notice: Notice, ref?: MessageRef): MessageRef => {
    const r = ref ?? { platform, channel: op === 'direct' ? `D-${to}` : to, id: `${platform}-${++seq}` };
    sent.push({ op, platform, to, ref: r, notice });
    return r;
  };
  return {
    platform,
    async post(channel, notice) {
      if (opts.failPosts) throw new Error(`${platform} is down`);
      return record('post', channel, notice);
    },
    async update(ref, notice) {
      record('update', ref.channel, notice, ref);
    },
    async reply(ref, notice) {
      return record('reply', ref.channel, notice);
    },
    async direct(userId, notice) {
      if (opts.failPosts) throw new Error(`${platform} is down`);
      return record('direct', userId, notice);
    },
    async findPosted() {
      return null;
    },
  };
}

/** Budget use case dependencies over a real store, the test organisation and recording notifiers. */
export function budgetDeps(store: Store, opts: { config?: FinopsConfig; spend?: SpendSource; sent?: Sent[]; failing?: NoticePlatform[] } = {}): BudgetDeps & { sent: Sent[] } {
  const config = opts.config ?? teamsConfig();
  const sent = opts.sent ?? [];
  const parseScope = scopeParser(['team', 'model', 'env', 'service']);
  const policy = createAccessPolicy({ config, parseScope, groups: createStaticGroupDirectory(USERGROUPS), console: { admin: true } });
  const notifier = (p: NoticePlatform) => recordingNotifier(p, sent, { failPosts: opts.failing?.includes(p) });
  return {
    config,
    store,
    policy,
    parseScope,
    notifiers: { slack: notifier('slack'), teams: notifier('teams'), console: notifier('console') },
    ...(opts.spend ? { spend: opts.spend } : {}),
    sent,
  };
}
