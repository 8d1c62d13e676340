import express from 'express';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CostEngine } from '../../../src/app/cost-engine.js';
import { parseConfig, readEnvironment } from '../../../src/config/index.js';
import { startFakeSlackApi, type FakeSlackApi } from '../../fakes/slack-api-server.js';
import { mountSlack } from '../../../src/chat/slack/mount-slack.js';
import { EXAMPLE_QUESTIONS } from '../../../src/app/conversation/help.js';
import { buildTestEngine, NOW, untouchableStore } from './test-helpers.js';

const parsed = parseConfig({});
if (!parsed.ok) throw new Error('default config');
const config = parsed.config;

let engine: CostEngine;
let fake: FakeSlackApi;
const logs: string[] = [];
const logger = pino({ level: 'info' }, { write: (s: string) => void logs.push(s) });

beforeAll(async () => {
  engine = await buildTestEngine(pino({ level: 'silent' }));
  fake = await startFakeSlackApi();
});
afterAll(async () => fake.close());

const deps = (env: Record<string, string>) => ({ asker: engine, logger, clock: () => NOW, config, env: readEnvironment(env), store: untouchableStore(), charts: null });

describe('mountSlack configuration', () => {
  it('returns null and says how to turn Slack on when no token is set', () => {
    const app = express();
    expect(mountSlack(app, deps({}))).toBeNull();
    expect(logs.join('')).toContain('Slack is off: set SLACK_BOT_TOKEN');
  });

  it('mounts HTTP mode with a bot token and signing secret, checking the token with auth.test', async () => {
    const mount = mountSlack(express(), deps({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl }));
    expect(mount?.mode).toBe('http');
    await mount!.ready;
    expect(fake.callsTo('auth.test').length).toBeGreaterThan(0);
    await mount!.stop();
  });

  it('logs how to fix a token Slack rejects, without the token', async () => {
    fake.failNext('auth.test', 'invalid_auth');
    const mount = mountSlack(express(), deps({ SLACK_BOT_TOKEN: 'xoxb-secret-value', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: fake.apiUrl }), { retries: 0 });
    await expect(mount!.ready).rejects.toThrow(/invalid_auth/);
    const all = logs.join('');
    expect(all).toContain('Slack rejected SLACK_BOT_TOKEN (auth.test: invalid_auth)');
    expect(all).not.toContain('xoxb-secret-value');
    await mount!.stop();
  });

  it('prefers Socket Mode when an app token is set, and mounts no HTTP route', async () => {
    const app = express();
    const mount = mountSlack(app, deps({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: fake.apiUrl }), { retries: 0 });
    expect(mount?.mode).toBe('socket');
    await mount!.ready;
    // The fake refuses apps.connections.open as Slack does a bad app token: the log says what to fix.
    await fake.waitFor(() => fake.callsTo('apps.connections.open').length > 0);
    await new Promise((r) => setTimeout(r, 100));
    expect(logs.join('')).toContain('Socket Mode could not connect (apps.connections.open: invalid_auth): check SLACK_APP_TOKEN');
    expect(fake.callsTo('apps.connections.open')[0]!.headers.authorization).toBe('Bearer xapp-1');
    await mount!.stop();
    const router = (app as unknown as { router?: { stack: unknown[] } }).router;
    expect(router?.stack ?? []).toHaveLength(0);
  });
});

describe('the help examples', () => {
  it.each([...EXAMPLE_QUESTIONS])('%s parses', (q) => {
    expect(engine.parse(q, NOW).error).toBeNull();
  });
});
