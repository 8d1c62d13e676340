import { ConfigError, type ConfigProblem } from './config-error.js';
import { Secret } from './secret.js';

/** Settings and secrets that come from the environment, never from the file (`config.md`). */
export interface Environment {
  port: number;
  /**
   * `HOST`: the address the server listens on; null lets the bot decide — loopback
   * (127.0.0.1) without chat credentials, since the console and `/api/ask` have no sign-in.
   */
  host: string | null;
  /** PostgreSQL URL; null means the embedded database in `dataDir`. */
  databaseUrl: Secret | null;
  dataDir: string;
  slack: {
    botToken: Secret | null;
    signingSecret: Secret | null;
    /** Set for Socket Mode. */
    appToken: Secret | null;
    /** Web API base URL ending in `/`; null means Slack's own. */
    apiUrl: string | null;
  };
  teams: {
    appId: string | null;
    appPassword: Secret | null;
    tenantId: string | null;
    /** `FINOPS_TEAMS_EMULATOR=1`: no Bot Framework auth, for the local emulator and tests. */
    emulator: boolean;
  };
}

type Env = Record<string, string | undefined>;

/**
 * Reads the environment. Throws a `ConfigError` listing every problem; a message never
 * contains the value of a secret.
 */
export function readEnvironment(env: Env = process.env): Environment {
  const problems: ConfigProblem[] = [];
  const get = (name: string): string | null => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const secret = (name: string): Secret | null => {
    const value = get(name);
    return value === null ? null : new Secret(value);
  };

  let port = 3000;
  const portText = get('PORT');
  if (portText !== null) {
    port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
    if (!(port >= 1 && port <= 65535)) {
      problems.push({ path: 'PORT', message: `expected a port number between 1 and 65535, got ${JSON.stringify(portText.slice(0, 40))}` });
      port = 3000;
    }
  }

  const host = get('HOST');
  if (host !== null && !/^(?:[A-Za-z0-9.-]{1,253}|\[?[0-9A-Fa-f:.]{2,45}\]?)$/.test(host)) {
    problems.push({ path: 'HOST', message: `expected an address to listen on, such as 127.0.0.1, 0.0.0.0 or ::, got ${JSON.stringify(host.slice(0, 60))}` });
  }

  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== null && !(URL.canParse(databaseUrl) && /^postgres(ql)?:$/.test(new URL(databaseUrl).protocol))) {
    problems.push({ path: 'DATABASE_URL', message: 'expected a postgres:// or postgresql:// URL (value not shown: it may hold a password); unset it to use the embedded database' });
  }

  let apiUrl = get('SLACK_API_URL');
  if (apiUrl !== null) {
    if (!/^https?:\/\//i.test(apiUrl) || !URL.canParse(apiUrl)) {
      problems.push({ path: 'SLACK_API_URL', message: `expected an http(s) URL such as https://slack.com/api/, got ${JSON.stringify(apiUrl.slice(0, 80))}` });
    }
    // The Slack client joins method names onto the base URL, so it must end in a slash.
    if (!apiUrl.endsWith('/')) apiUrl += '/';
  }

  const slack = { botToken: secret('SLACK_BOT_TOKEN'), signingSecret: secret('SLACK_SIGNING_SECRET'), appToken: secret('SLACK_APP_TOKEN'), apiUrl };
  if (slack.botToken !== null && slack.signingSecret === null && slack.appToken === null) {
    problems.push({ path: 'SLACK_SIGNING_SECRET', message: 'required with SLACK_BOT_TOKEN (from the app\'s Basic Information page), or set SLACK_APP_TOKEN for Socket Mode' });
  }
  if (slack.botToken === null && (slack.signingSecret !== null || slack.appToken !== null)) {
    problems.push({ path: 'SLACK_BOT_TOKEN', message: 'required when SLACK_SIGNING_SECRET or SLACK_APP_TOKEN is set (the xoxb- token from OAuth & Permissions)' });
  }

  const emulatorText = get('FINOPS_TEAMS_EMULATOR');
  if (emulatorText !== null && emulatorText !== '0' && emulatorText !== '1') {
    problems.push({ path: 'FINOPS_TEAMS_EMULATOR', message: `expected 1 (on) or 0 (off), got ${JSON.stringify(emulatorText.slice(0, 20))}` });
  }
  const teams = { appId: get('MICROSOFT_APP_ID'), appPassword: secret('MICROSOFT_APP_PASSWORD'), tenantId: get('MICROSOFT_APP_TENANT_ID'), emulator: emulatorText === '1' };
  if (teams.appId !== null && teams.emulator) {
    problems.push({ path: 'FINOPS_TEAMS_EMULATOR', message: 'must not be set with MICROSOFT_APP_ID: emulator mode turns Bot Framework authentication off. Unset FINOPS_TEAMS_EMULATOR (a registered bot), or MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (the local emulator)' });
  } else if (teams.appId !== null && teams.appPassword === null) {
    problems.push({ path: 'MICROSOFT_APP_PASSWORD', message: 'required with MICROSOFT_APP_ID (the client secret of the bot\'s app registration)' });
  }
  if (teams.appId === null && teams.appPassword !== null) {
    problems.push({ path: 'MICROSOFT_APP_ID', message: 'required when MICROSOFT_APP_PASSWORD is set (the bot\'s app registration id)' });
  }

  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new ConfigError('ENV_INVALID', `The environment has ${count}:`, problems);
  }
  return {
    port,
    host: host === null ? null : host.replace(/^\[(.*)\]$/, '$1'),
    databaseUrl: databaseUrl === null ? null : new Secret(databaseUrl),
    dataDir: get('FINOPS_DATA_DIR') ?? './.finops',
    slack,
    teams,
  };
}

/** The environment as it may be logged: secrets shown only as set or not, a database URL without its password. */
export function redactedEnv(environment: Environment): Record<string, unknown> {
  const shown = (s: Secret | null) => (s === null ? null : '[set]');
  return {
    port: environment.port,
    host: environment.host,
    databaseUrl: environment.databaseUrl === null ? null : redactUrl(environment.databaseUrl.reveal()),
    dataDir: environment.dataDir,
    slack: {
      botToken: shown(environment.slack.botToken),
      signingSecret: shown(environment.slack.signingSecret),
      appToken: shown(environment.slack.appToken),
      apiUrl: environment.slack.apiUrl,
    },
    teams: {
      appId: environment.teams.appId,
      appPassword: shown(environment.teams.appPassword),
      tenantId: environment.teams.tenantId,
      emulator: environment.teams.emulator,
    },
  };
}

function redactUrl(url: string): string {
  if (!URL.canParse(url)) return '[set]';
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = 'redacted';
  // Query parameters such as ?password=… or ?sslkey=… may hold secrets too.
  parsed.search = '';
  return parsed.toString();
}
