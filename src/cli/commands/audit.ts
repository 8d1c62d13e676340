import { createLogger } from '../../log.js';
import { openStore, storeOptionsFromEnv, type AuditEntry } from '../../store/index.js';
import { UsageError, type Command } from '../types.js';

const PAGE = 1000;

/** `--since`: an ISO time, or a date (its midnight UTC). */
function parseSince(value: string | undefined): Date | null {
  if (value === undefined) return null;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw new UsageError(`--since expects an ISO time such as 2026-11-01T00:00:00Z (or a date), got “${value}”.`);
  return new Date(ms);
}

/** One record as the spec's JSON line: exactly these keys, in this order. */
function jsonLine(e: AuditEntry): string {
  return JSON.stringify({ at: e.at.toISOString(), actor: e.actor, platform: e.platform, action: e.action, subject: e.subject, detail: e.detail });
}

function table(entries: AuditEntry[]): string {
  const rows = [['AT', 'ACTOR', 'PLATFORM', 'ACTION', 'SUBJECT', 'DETAIL'], ...entries.map((e) => [e.at.toISOString(), e.actor, e.platform, e.action, e.subject, JSON.stringify(e.detail)])];
  const widths = rows[0]!.slice(0, 5).map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => [...r.slice(0, 5).map((c, i) => c.padEnd(widths[i]!)), r[5]].join('  ').trimEnd()).join('\n') + '\n';
}

/**
 * `finops-bot audit [--since ISO] [--json]`: the audit log in the order it was written,
 * from the store the bot uses (`DATABASE_URL`, else the embedded database in
 * `FINOPS_DATA_DIR`). With `--json`, one object a line:
 * `{"at","actor","platform","action","subject","detail"}`; otherwise a table.
 */
export const auditCommand: Command = async ({ values, positionals }, io) => {
  if (positionals.length > 0) throw new UsageError(`finops-bot audit takes no arguments, got “${positionals.join(' ')}”. Usage: finops-bot audit [--since ISO] [--json]`);
  const since = parseSince(values.since);
  const logger = createLogger({ level: io.env.LOG_LEVEL ?? 'warn' });
  const store = await openStore({ ...storeOptionsFromEnv(io.env), logger });
  try {
    const all: AuditEntry[] = [];
    let afterId: string | null = null;
    for (;;) {
      const page = await store.listAuditPage({ since, afterId, limit: PAGE });
      // JSON streams page by page: an export of a long log never waits for all of it.
      if (values.json) for (const e of page) io.stdout(`${jsonLine(e)}\n`);
      else all.push(...page);
      if (page.length < PAGE) break;
      afterId = page.at(-1)!.id;
    }
    if (!values.json) io.stdout(all.length ? table(all) : `No audit records${since ? ` since ${since.toISOString()}` : ''}.\n`);
    return 0;
  } finally {
    await store.close();
  }
};
