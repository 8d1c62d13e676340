/**
 * The buttons on the jobs' messages, as action handlers for the conversation layer's
 * action table (one line each there): *Snooze 24 h* (`snooze`, id = the alert's scope),
 * *Why?* (`why`, id = the spike's ledger key: the full breakdown in the alert's thread),
 * and *Request override* (`override.request`, id = the budget's name: until the approval
 * flow exists, the `/budget request` text to use).
 */
import type { FinopsConfig } from '../../config/index.js';
import { todayIn } from '../../core/dates.js';
import type { Store } from '../../store/index.js';
import type { ActionHandler, ActionVerb } from '../conversation/types.js';
import { explainSpike } from './anomalies/anomalies-job.js';
import { whyNotice } from './anomalies/spike-notice.js';
import type { CostReader } from './cost-reader.js';
import { snoozeScope } from './snooze.js';

export interface JobActionDeps {
  config: FinopsConfig;
  store: Pick<Store, 'snooze' | 'appendAudit'>;
  /** The cost data as of an instant (a fresh reader per click). */
  costsFor: (now: Date) => CostReader;
}

/** `/budget request <name> +5000 …` as the platform spells commands. */
export function overrideRequestText(budget: string, platform: string): string {
  const slash = platform === 'slack' ? '/' : '';
  return `${slash}budget request ${budget} +<amount> [until=YYYY-MM-DD] reason="…"`;
}

export function jobActionHandlers(deps: JobActionDeps): Partial<Record<ActionVerb, ActionHandler>> {
  return {
    snooze: async (req) => ({ kind: 'private', notice: await snoozeScope(deps.store, req.id, req.identity, new Date(req.now)) }),
    why: async (req) => {
      const now = new Date(req.now);
      const explained = await explainSpike({ config: deps.config, costs: deps.costsFor(now), today: todayIn(req.now, deps.config.timezone) }, req.id);
      if (explained === null) return { kind: 'private', notice: { kind: 'spike-why', title: 'Why?', text: `“${req.id}” names no spike this bot can explain.`, tone: 'warning' } };
      return { kind: 'thread', notice: whyNotice(explained, deps.config) };
    },
    'override.request': async (req) => ({
      kind: 'private',
      notice: {
        kind: 'override-request',
        title: `Request an override of ${req.id}`,
        text: `To ask your team's approvers for more, send: ${overrideRequestText(req.id, req.identity.platform)}`,
        tone: 'info',
      },
    }),
  };
}
