import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, readEnvironment } from '../../../src/config/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { isLoopbackServiceUrl } from '../../../src/chat/teams/guard-turn.js';
import { startTeamsBot } from './test-helpers.js';

// Issue 12 (safe by default): MICROSOFT_APP_ID plus FINOPS_TEAMS_EMULATOR=1 (which a
// start-up error suggested) turned authentication off and posted answers to a
// caller-chosen serviceUrl; a bogus JWT gave 500.
let store: Store;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
});
afterAll(async () => {
  await store.close();
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const APP_ID = '00000000-0000-0000-0000-00000000b07e';

describe('Teams environment', () => {
  it('refuses FINOPS_TEAMS_EMULATOR=1 with MICROSOFT_APP_ID, with or without a password', () => {
    for (const env of [{ MICROSOFT_APP_ID: APP_ID }, { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'pw' }]) {
      let error: unknown;
      try {
        readEnvironment({ ...env, FINOPS_TEAMS_EMULATOR: '1' });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message + JSON.stringify((error as ConfigError).problems)).toMatch(/FINOPS_TEAMS_EMULATOR.*must not be set with MICROSOFT_APP_ID/);
    }
  });

  it('no longer suggests emulator mode when MICROSOFT_APP_PASSWORD is missing', () => {
    let error: unknown;
    try {
      readEnvironment({ MICROSOFT_APP_ID: APP_ID });
    } catch (err) {
      error = err;
    }
    expect(JSON.stringify((error as ConfigError).problems)).toMatch(/MICROSOFT_APP_PASSWORD/);
    expect(JSON.stringify((error as ConfigError).problems)).not.toMatch(/FINOPS_TEAMS_EMULATOR/);
  });
});

describe('Teams emulator mode answers only this machine', () => {
  it.each([
    ['http://127.0.0.1:3978', true], ['http://localhost:1234/x', true], ['http://[::1]:80', true], ['http://127.10.0.1', true],
    ['https://smba.trafficmanager.net/amer/', false], ['http://10.0.0.5:8080', false], ['http://127.0.0.1.evil.example', false], ['file:///etc/passwd', false], [42, false],
  ])('isLoopbackServiceUrl(%j) = %j', (url, expected) => {
    expect(isLoopbackServiceUrl(url)).toBe(expected);
  });

  it('refuses an activity whose serviceUrl is elsewhere with 403, posting nothing, and answers a loopback one', async () => {
    const bot = await startTeamsBot({ store });
    try {
      const away = await bot.post(bot.fixture('message-personal', { serviceUrl: 'http://192.0.2.10:9999/', conversation: { conversationType: 'personal', id: 'a:away' } }));
      expect(away.status).toBe(403);
      expect(away.body.error).toMatch(/only activities whose serviceUrl is on this machine/);
      expect(bot.connector.calls).toEqual([]);
      expect(await store.getConversationRef('teams', 'a:away')).toBeNull();

      const here = await bot.post(bot.fixture('message-personal', { text: 'by team last week' }));
      expect(here.status).toBe(200);
      expect(bot.connector.calls.length).toBeGreaterThan(0);
    } finally {
      await bot.close();
    }
  });
});

describe('Teams with Bot Framework authentication: a bad token is 401, never 500', () => {
  it.each([
    ['an RS256 token with an unknown key id', `Bearer ${b64({ alg: 'RS256', kid: 'no-such-key', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, exp: 4102444800 })}.c2ln`],
    ['an RS256 token without a key id', `Bearer ${b64({ alg: 'RS256' })}.${b64({ iss: 'https://api.botframework.com' })}.c2ln`],
    ['an HS256 token', `Bearer ${b64({ alg: 'HS256' })}.${b64({ iss: 'https://sts.windows.net/x/' })}.c2ln`],
    ['garbage', 'Bearer not.a.token'],
  ])('%s', async (_label, authorization) => {
    const bot = await startTeamsBot({ store, env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: 'not-a-real-secret' } });
    try {
      const res = await bot.post(bot.fixture('message-personal', { conversation: { conversationType: 'personal', id: 'a:forged' } }), { authorization });
      expect(res.status).toBe(401);
      expect(JSON.stringify(res.body)).not.toMatch(/https?:\/\//);
      expect(bot.connector.calls).toEqual([]);
      expect(await store.getConversationRef('teams', 'a:forged')).toBeNull();
    } finally {
      await bot.close();
    }
  });
});
