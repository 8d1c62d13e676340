import type { Application } from '@microsoft/teams-ai/lib/Application.js';
import { TeamsAdapter } from '@microsoft/teams-ai/lib/TeamsAdapter.js';
import type { Request as BotRequest } from 'botbuilder';
import express from 'express';
import { failureReference } from '../../app/conversation/ask-question.js';
import { exampleQuestions } from '../../app/conversation/help.js';
import type { Notifier } from '../../app/conversation/types.js';
import { defaultCharts } from '../default-charts.js';
import { sendProactive, type ProactiveDeps } from './conversation-refs.js';
import { guardedResponse, isLoopbackServiceUrl } from './guard-turn.js';
import { failureCard } from './message-cards.js';
import { cardActivity, createTeamsApplication } from './teams-application.js';
import { teamsNotifier } from './teams-notifier.js';
import type { AdaptiveCard, TeamsDeps } from './types.js';

/** Where Bot Framework (Azure Bot Service) posts activities: the messaging endpoint to register. */
export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface TeamsMount {
  adapter: TeamsAdapter;
  application: Application;
  /** The bot's app id; null in emulator mode. */
  appId: string | null;
  authenticated: boolean;
  /** `sendProactive` bound to this adapter and the store: post a card to a known conversation. */
  sendProactive(conversationId: string, card: AdaptiveCard): Promise<{ conversationId: string; activityId: string | null }>;
  /** Posts notices to Teams conversations the bot knows (jobs, approvals). */
  notifier: Notifier;
}

function createAdapter(deps: TeamsDeps): { adapter: TeamsAdapter; appId: string | null } | null {
  const t = deps.env.teams;
  const log = deps.logger.child({ platform: 'teams' });
  if (t.appId !== null && t.emulator) {
    // readEnvironment refuses this pair; a hand-built environment must not turn authentication off either.
    throw new Error('FINOPS_TEAMS_EMULATOR=1 cannot be used with MICROSOFT_APP_ID: emulator mode turns Bot Framework authentication off. Unset FINOPS_TEAMS_EMULATOR.');
  }
  if (t.appId !== null && t.appPassword !== null) {
    const adapter = new TeamsAdapter({
      MicrosoftAppId: t.appId,
      MicrosoftAppPassword: t.appPassword.reveal(),
      MicrosoftAppType: t.tenantId ? 'SingleTenant' : 'MultiTenant',
      ...(t.tenantId ? { MicrosoftAppTenantId: t.tenantId } : {}),
    });
    log.info({ appId: t.appId, appType: t.tenantId ? 'SingleTenant' : 'MultiTenant', path: TEAMS_MESSAGES_PATH }, 'Teams bot enabled');
    return { adapter, appId: t.appId };
  }
  if (t.emulator) {
    // An empty configuration makes the adapter skip JWT validation: fine for the Bot
    // Framework Emulator and tests, dangerous anywhere reachable from outside.
    log.warn(
      { path: TEAMS_MESSAGES_PATH },
      'WARNING: Teams emulator mode (FINOPS_TEAMS_EMULATOR=1): Bot Framework authentication is OFF, anyone who can reach /api/messages can talk to the bot (replies go only to serviceUrls on this machine). Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD and unset FINOPS_TEAMS_EMULATOR in production.',
    );
    return { adapter: new TeamsAdapter({}), appId: null };
  }
  return null;
}

/**
 * Mounts the Teams bot on the server's express app at `POST /api/messages`.
 * Enabled when MICROSOFT_APP_ID (with MICROSOFT_APP_PASSWORD) is set — requests must
 * then carry a Bot Framework JWT, which the adapter verifies (401 otherwise) — or
 * when FINOPS_TEAMS_EMULATOR=1 (no authentication, logged as a warning). Returns null
 * when Teams is not configured, mounting nothing.
 */
export function mountTeams(app: express.Express, deps: TeamsDeps): TeamsMount | null {
  const created = createAdapter(deps);
  if (!created) return null;
  const { adapter, appId } = created;
  const log = deps.logger.child({ platform: 'teams' });
  // Charts come from src/charts unless `deps.charts` replaces them (null: no charts).
  const charts = deps.charts === undefined ? defaultCharts({ onError: (err) => log.warn({ err }, 'chart drawing failed') }) : deps.charts;
  const teamsDeps: TeamsDeps = { ...deps, charts };
  const application = createTeamsApplication(adapter, teamsDeps, appId);

  // The last resort for anything the routes did not catch (a connector that refused a
  // reply, a bug): log it, and still try to tell the user.
  adapter.onTurnError = async (ctx, err) => {
    const reference = failureReference();
    deps.logger.error({ err, reference, platform: 'teams', activityId: ctx.activity.id, activityType: ctx.activity.type }, 'Teams turn failed');
    if (ctx.activity.type !== 'message') return;
    await ctx.sendActivity(cardActivity(failureCard({ reference, examples: exampleQuestions(deps.asker, deps.clock()) }))).catch((sendErr: unknown) => {
      deps.logger.warn({ err: sendErr, reference }, 'could not tell the user about the failed turn');
    });
  };

  app.post(TEAMS_MESSAGES_PATH, express.json({ limit: '1mb' }), async (req, res) => {
    // Without authentication (emulator mode) replies go only to this machine: never to a
    // serviceUrl an unauthenticated caller chose.
    if (appId === null && !isLoopbackServiceUrl((req.body as { serviceUrl?: unknown } | undefined)?.serviceUrl)) {
      log.warn('Teams emulator mode: refused an activity whose serviceUrl is not on this machine');
      res.status(403).json({ error: 'Teams emulator mode answers only activities whose serviceUrl is on this machine (localhost, 127.0.0.1, ::1).' });
      return;
    }
    const guard = guardedResponse(res, log);
    // Express's request has what the Bot Framework's structural types ask for.
    await adapter.process(req as unknown as BotRequest, guard.response, async (ctx) => {
      guard.turnStarted();
      await application.run(ctx);
    });
  });

  const proactive: ProactiveDeps = { adapter, store: deps.store, appId };
  return {
    adapter,
    application,
    appId,
    authenticated: appId !== null,
    sendProactive: (conversationId, card) => sendProactive(proactive, conversationId, card),
    notifier: teamsNotifier({ ...proactive, logger: log, charts, chartHost: deps.chartHost, publicUrl: deps.publicUrl }),
  };
}
