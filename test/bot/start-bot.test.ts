import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLoopback, listenHost } from '../../src/bot/listen-host.js';
import { startBot, type Bot } from '../../src/bot/start-bot.js';
import { ConfigError, readEnvironment } from '../../src/config/index.js';
import { digestNotice } from '../helpers/notices.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const logs: Record<string, unknown>[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });

describe('listenHost', () => {
  it.each([
    [{}, '127.0.0.1'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }, '127.0.0.1'],
    [{ FINOPS_TEAMS_EMULATOR: '1' }, '127.0.0.1'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, '0.0.0.0'],
    [{ MICROSOFT_APP_ID: 'id', MICROSOFT_APP_PASSWORD: 'pw' }, '0.0.0.0'],
    [{ HOST: '0.0.0.0' }, '0.0.0.0'],
    [{ HOST: '127.0.0.1', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }, '127.0.0.1'],
  ])('%j → %s', (env, host) => {
    expect(listenHost(readEnvironment(env))).toBe(host);
  });

  it('tells loopback addresses from the others', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['0.0.0.0', '::', '10.0.0.7', 'bot.example.com'].some(isLoopback)).toBe(false);
  });
});

describe('startBot with no chat credentials (npm start)', () => {
  let bot: Bot;
  beforeAll(async () => {
    bot = await startBot({ now: NOW, port: 0, env: { FINOPS_DATA_DIR: 'memory://' }, logger });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  it('listens on loopback only, with the console and the API on the sample data', async () => {
    expect(bot.host).toBe('127.0.0.1');
    expect(bot.url).toBe(`http://127.0.0.1:${bot.port}/`);
    expect(bot.surfaces).toEqual(['console']);
    const health = (await (await fetch(`${bot.url}healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ status: 'ok', store: 'pglite', slack: 'off', teams: 'off' });
    const page = await fetch(bot.url);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(logs.find((l) => l.msg === 'finops-bot listening')).toMatchObject({ host: '127.0.0.1', sample: true });
    expect(logs.some((l) => String(l.msg).startsWith('listening beyond this machine'))).toBe(false);
  });

  it('gives the notifier of every connected platform: here the console, whose feed the page reads', async () => {
    expect(Object.keys(bot.notifiers)).toEqual(['console']);
    const ref = await bot.notifiers.console!.post('nlp', digestNotice());
    const feed = (await (await fetch(`${bot.url}api/console/channels/team-nlp/messages`)).json()) as { id: string }[];
    expect(feed.map((m) => m.id)).toEqual([ref.id]);
  });

  it('stops: no more requests, the store closed; a second stop is a no-op', async () => {
    const url = bot.url;
    await bot.stop();
    await bot.stop();
    await expect(fetch(`${url}healthz`)).rejects.toThrow();
    await expect(bot.store.listConsoleMessages('team-nlp')).rejects.toThrow();
  });
});

describe('startBot refuses', () => {
  it('an environment with problems, saying which', async () => {
    const error = await startBot({ port: 0, env: { HOST: 'http://x', FINOPS_DATA_DIR: 'memory://' }, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.path)).toEqual(['HOST']);
  });
});

describe('startBot beyond this machine: the console and POST /api/ask need FINOPS_CONSOLE_TOKEN', () => {
  it('refuses to start on a non-loopback HOST without the token, saying how to fix it', async () => {
    const error = await startBot({ port: 0, now: NOW, env: { HOST: '0.0.0.0', FINOPS_DATA_DIR: 'memory://' }, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/listens on 0\.0\.0\.0.*Set FINOPS_CONSOLE_TOKEN.*FINOPS_CONSOLE=off.*HOST=127\.0\.0\.1/);
  });

  it('with the token: every console and ask request must carry it', async () => {
    const token = 'test-console-token-0123456789abcdef';
    const bot = await startBot({ port: 0, now: NOW, env: { HOST: '0.0.0.0', FINOPS_DATA_DIR: 'memory://', FINOPS_CONSOLE_TOKEN: token }, logger });
    try {
      const base = `http://127.0.0.1:${bot.port}/`;
      const ask = (headers: Record<string, string>) => fetch(`${base}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ text: 'by team last week' }) });
      expect((await ask({})).status).toBe(401);
      expect((await ask({ authorization: 'Bearer wrong-token' })).status).toBe(401);
      expect((await ask({ authorization: `Bearer ${token}` })).status).toBe(200);
      expect((await fetch(`${base}api/console/meta`)).status).toBe(401);
      const meta = await fetch(`${base}api/console/meta`, { headers: { authorization: `Bearer ${token}` } });
      expect(await meta.json()).toMatchObject({ tokenRequired: true, actingUsers: [] });
      // The page itself holds no data: it loads, then asks for the token.
      expect((await fetch(base)).status).toBe(200);
      expect(JSON.stringify(logs)).not.toContain(token);
    } finally {
      await bot.stop();
    }
  });

  it('with FINOPS_CONSOLE=off: no console, POST /api/ask refused, chat only', async () => {
    const bot = await startBot({ port: 0, now: NOW, env: { HOST: '0.0.0.0', FINOPS_DATA_DIR: 'memory://', FINOPS_CONSOLE: 'off' }, logger });
    try {
      const base = `http://127.0.0.1:${bot.port}/`;
      expect(bot.surfaces).toEqual([]);
      expect((await fetch(`${base}api/console/meta`)).status).toBe(404);
      const res = await fetch(`${base}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'by team last week' }) });
      expect(res.status).toBe(403);
    } finally {
      await bot.stop();
    }
  });
});
