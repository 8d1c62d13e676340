import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOverrideExpiry } from '../../src/bot/expire-overrides-timer.js';
import { openStore, type Store } from '../../src/store/index.js';
import { PEOPLE } from '../helpers/teams-config.js';
import { budgetDeps } from '../app/budgets/budget-fixture.js';

const T0 = Date.parse('2026-11-14T09:00:00Z');
const DAY = 86_400_000;
let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => {
  await store.close();
});

describe('the bot’s override expiry', () => {
  it('expires a request left pending for 7 days at start-up, audited once and announced, and leaves a newer one', async () => {
    const deps = budgetDeps(store);
    const request = { budget: 'nlp-monthly', periodStart: '2026-11-01', amount: '10', until: null, reason: 'r', requestedBy: PEOPLE.nlpMember, requestedPlatform: 'slack' as const };
    const old = await store.createOverride(request, new Date(T0));
    const recent = await store.createOverride(request, new Date(T0 + 6 * DAY));

    const stop = startOverrideExpiry(deps, () => T0 + 7 * DAY, pino({ level: 'silent' }), 60_000);
    await stop();

    expect((await store.getOverride(old.id))!.status).toBe('expired');
    expect((await store.getOverride(recent.id))!.status).toBe('pending');
    const audit = (await store.listAuditPage({})).filter((e) => e.action === 'override.expire');
    expect(audit.map((e) => [e.actor, (e.detail as { request: string }).request])).toEqual([['finops-bot', old.id]]);
    expect(deps.sent.filter((s) => s.op === 'direct').map((s) => [s.to, s.notice.kind])).toEqual([[PEOPLE.nlpMember, 'override-expired-requester']]);
  });
});
