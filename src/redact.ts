/**
 * Credentials inside URLs and connection strings, found wherever they appear in a text
 * (a log line, an error message, a doctor's detail) and replaced by `***`: the password
 * of `scheme://user:password@host`, the values of query parameters that carry secrets
 * (`?password=`, `sslpassword`, `token`, `X-Amz-Signature`, `sig`…), `password=…` in a
 * libpq key/value string, and the secret path of a Slack webhook or response URL. The
 * rest — scheme, user, host, port, path — stays, so a message still says where it went.
 */
export const REDACTED = '***';

/** Query parameter names whose value is a secret (compared lower-case; substrings too). */
const SECRET_PARAM = /pass|pwd|secret|token|signature|credential|^sig$|^key$|api[-_]?key|^auth|^code$|sslkey|session/i;

const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s"'<>`]+/gi;
const KEY_VALUE_PASSWORD = /\b(password|passwd|pwd|sslpassword)(\s*=\s*)('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s&;,]+)/gi;
const SLACK_SECRET_PATH = /^\/(commands|services|actions|workflows|triggers)\/.+/;

/** One URL with its credentials replaced; anything that does not parse is cleaned by pattern. */
export function redactUrl(url: string): string {
  if (!URL.canParse(url)) return redactByPattern(url);
  const parsed = new URL(url);
  let changed = false;
  if (parsed.password !== '') {
    parsed.password = REDACTED;
    changed = true;
  }
  for (const name of [...new Set(parsed.searchParams.keys())]) {
    if (SECRET_PARAM.test(name)) {
      parsed.searchParams.set(name, REDACTED);
      changed = true;
    }
  }
  if (/(^|\.)slack\.com$/i.test(parsed.hostname) && /^hooks\./i.test(parsed.hostname) && SLACK_SECRET_PATH.test(parsed.pathname)) {
    parsed.pathname = `/${parsed.pathname.split('/')[1]}/${REDACTED}`;
    changed = true;
  }
  if (!changed) return url;
  // URL encodes `*` in userinfo; the marker reads better as written.
  return parsed.toString().replaceAll('%2A%2A%2A', REDACTED).replaceAll('%2a%2a%2a', REDACTED);
}

function redactByPattern(url: string): string {
  return url
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:)[^@\s/]*@/i, `$1${REDACTED}@`)
    .replace(/([?&;])([^=&\s]+)=([^&\s]*)/g, (all, sep: string, name: string) => (SECRET_PARAM.test(name) ? `${sep}${name}=${REDACTED}` : all));
}

/** `text` with every URL's and connection string's credentials replaced. */
export function redactText(text: string): string {
  if (!text.includes('://') && !/pass|pwd/i.test(text)) return text;
  return text.replace(URL_IN_TEXT, (url) => {
    // A URL at the end of a sentence keeps its closing punctuation outside.
    const trail = /[.,;:!?)\]}]+$/.exec(url)?.[0] ?? '';
    return redactUrl(url.slice(0, url.length - trail.length)) + trail;
  }).replace(KEY_VALUE_PASSWORD, (_all, key: string, eq: string) => `${key}${eq}${REDACTED}`);
}

/** A deep copy of a JSON-like value with every string passed through `redactText`. */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = redactDeep(v, depth + 1);
  return out as T;
}
