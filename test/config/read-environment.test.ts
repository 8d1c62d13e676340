import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, readEnvironment, redactedEnv, Secret } from '../../src/config/index.js';

function envError(env: Record<string, string | undefined>): ConfigError {
  let error: unknown = null;
  try {
    readEnvironment(env);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

const FULL = {
  PORT: '8080',
  HOST: '0.0.0.0',
  DATABASE_URL: 'postgres://bot:hunter2-db@db.internal:5432/finops?sslpassword=topsecret',
  FINOPS_DATA_DIR: '/var/lib/finops',
  SLACK_BOT_TOKEN: 'xoxb-secret-bot',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
  SLACK_APP_TOKEN: 'xapp-secret-app',
  SLACK_API_URL: 'http://127.0.0.1:3999/api',
  MICROSOFT_APP_ID: 'app-id',
  MICROSOFT_APP_PASSWORD: 'ms-password-value',
  MICROSOFT_APP_TENANT_ID: 'tenant-id',
  FINOPS_TEAMS_EMULATOR: '0',
};
const SECRETS = ['hunter2-db', 'topsecret', 'xoxb-secret-bot', 'signing-secret-value', 'xapp-secret-app', 'ms-password-value'];

describe('readEnvironment', () => {
  it('gives the defaults for an empty environment', () => {
    expect(readEnvironment({})).toEqual({
      port: 3000,
      host: null,
      databaseUrl: null,
      dataDir: './.finops',
      slack: { botToken: null, signingSecret: null, appToken: null, apiUrl: null },
      teams: { appId: null, appPassword: null, tenantId: null, emulator: false },
    });
  });

  it('reads every variable, secrets wrapped', () => {
    const env = readEnvironment(FULL);
    expect(env.port).toBe(8080);
    expect(env.host).toBe('0.0.0.0');
    expect(env.dataDir).toBe('/var/lib/finops');
    expect(env.databaseUrl?.reveal()).toBe(FULL.DATABASE_URL);
    expect(env.slack.botToken?.reveal()).toBe('xoxb-secret-bot');
    expect(env.slack.signingSecret?.reveal()).toBe('signing-secret-value');
    expect(env.slack.appToken?.reveal()).toBe('xapp-secret-app');
    expect(env.slack.apiUrl).toBe('http://127.0.0.1:3999/api/');
    expect(env.teams).toMatchObject({ appId: 'app-id', tenantId: 'tenant-id', emulator: false });
    expect(env.teams.appPassword?.reveal()).toBe('ms-password-value');
  });

  it('never shows a secret in JSON, strings, inspection or the redacted view', () => {
    const env = readEnvironment(FULL);
    const views = [JSON.stringify(env), String(env.slack.botToken), `${env.teams.appPassword}`, inspect(env, { depth: 5 }), JSON.stringify(redactedEnv(env))];
    for (const view of views) for (const secret of SECRETS) expect(view).not.toContain(secret);
    expect(redactedEnv(env)).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://bot:redacted@db.internal:5432/finops',
      dataDir: '/var/lib/finops',
      slack: { botToken: '[set]', signingSecret: '[set]', appToken: '[set]', apiUrl: 'http://127.0.0.1:3999/api/' },
      teams: { appId: 'app-id', appPassword: '[set]', tenantId: 'tenant-id', emulator: false },
    });
  });

  it('treats empty and blank variables as unset and trims values', () => {
    const env = readEnvironment({ PORT: ' ', DATABASE_URL: '', SLACK_BOT_TOKEN: ' xoxb-x \n', SLACK_SIGNING_SECRET: 's' });
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBeNull();
    expect(env.slack.botToken?.reveal()).toBe('xoxb-x');
  });

  it.each(['0', '65536', 'abc', '80.5', '-1', '1e3'])('rejects PORT=%j', (port) => {
    const error = envError({ PORT: port });
    expect(error.code).toBe('ENV_INVALID');
    expect(error.problems).toEqual([{ path: 'PORT', message: `expected a port number between 1 and 65535, got ${JSON.stringify(port)}` }]);
  });

  it.each([['::', '::'], ['[::1]', '::1'], ['localhost', 'localhost'], ['10.0.0.7', '10.0.0.7']])('reads HOST=%j', (host, expected) => {
    expect(readEnvironment({ HOST: host }).host).toBe(expected);
  });

  it.each(['http://0.0.0.0', '0.0.0.0:3000/x', 'my host'])('rejects HOST=%j, saying what it expects', (host) => {
    const error = envError({ HOST: host });
    expect(error.problems).toEqual([{ path: 'HOST', message: expect.stringMatching(/^expected an address to listen on, such as 127\.0\.0\.1/) }]);
  });

  it('reports every problem without showing secret values', () => {
    const error = envError({
      DATABASE_URL: 'mysql://root:hunter2-db@x/y',
      SLACK_BOT_TOKEN: 'xoxb-secret-bot',
      MICROSOFT_APP_PASSWORD: 'ms-password-value',
      SLACK_API_URL: 'slack.com',
      FINOPS_TEAMS_EMULATOR: 'yes',
    });
    expect(error.problems.map((p) => p.path)).toEqual([
      'DATABASE_URL',
      'SLACK_API_URL',
      'SLACK_SIGNING_SECRET',
      'FINOPS_TEAMS_EMULATOR',
      'MICROSOFT_APP_ID',
    ]);
    for (const secret of SECRETS) expect(error.message).not.toContain(secret);
  });

  it('asks for the password of a Teams app id, and refuses the emulator beside an app id (authentication would be off)', () => {
    expect(envError({ MICROSOFT_APP_ID: 'id' }).problems[0].path).toBe('MICROSOFT_APP_PASSWORD');
    expect(envError({ MICROSOFT_APP_ID: 'id', FINOPS_TEAMS_EMULATOR: '1' }).problems[0].path).toBe('FINOPS_TEAMS_EMULATOR');
    expect(readEnvironment({ FINOPS_TEAMS_EMULATOR: '1' }).teams.emulator).toBe(true);
  });

  it('asks for the bot token when only the Slack secrets are set', () => {
    expect(envError({ SLACK_APP_TOKEN: 'xapp-1' }).problems[0].path).toBe('SLACK_BOT_TOKEN');
    expect(readEnvironment({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack.signingSecret).toBeNull();
  });
});

describe('Secret', () => {
  it('reveals only on request', () => {
    const s = new Secret('abc');
    expect(s.reveal()).toBe('abc');
    expect(`${s}`).toBe('[redacted]');
    expect(JSON.stringify({ s })).toBe('{"s":"[redacted]"}');
    expect(inspect(s)).not.toContain('abc');
    expect(Object.keys(s)).toEqual([]);
  });
});
