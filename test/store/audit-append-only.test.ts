import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/store.js';
import type { SqlDriver } from '../../src/store/types.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|js|mjs)$/.test(name) ? [path] : [];
  });
}

/** SQL that would change or remove audit records, however it is spaced or cased. */
const CHANGES_AUDIT = /\b(UPDATE\s+(ONLY\s+)?("?\w+"?\.)?"?audit_log"?\s+SET|DELETE\s+FROM\s+(ONLY\s+)?("?\w+"?\.)?"?audit_log"?|TRUNCATE\s+(TABLE\s+)?(ONLY\s+)?("?\w+"?\.)?"?audit_log"?\b|DROP\s+TABLE[^;]*audit_log)/i;

describe('the audit log is append-only for the application', () => {
  it('has no statement anywhere in src/ that updates, deletes, truncates or drops audit records', () => {
    const offenders = sourceFiles(SRC)
      .filter((file) => CHANGES_AUDIT.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));

    expect(offenders).toEqual([]);
  });

  it('catches such a statement when there is one (the check can fail)', () => {
    for (const sql of ['UPDATE audit_log SET actor = $1', 'delete from  public.audit_log where id = 1', 'TRUNCATE TABLE "audit_log"', 'DROP TABLE audit_log']) {
      expect(sql).toMatch(CHANGES_AUDIT);
    }
    expect('CREATE TRIGGER t BEFORE UPDATE OR DELETE ON audit_log').not.toMatch(CHANGES_AUDIT);
  });

  it('offers only appending and reading audit records through the store', () => {
    const noDatabase = new Proxy({} as SqlDriver, { get: (_t, prop) => (prop === 'kind' ? 'pg' : () => Promise.reject(new Error('unused'))) });
    const store = createStore(noDatabase);

    const auditOps = Object.keys(store).filter((k) => /audit/i.test(k)).sort();

    expect(auditOps).toEqual(['appendAudit', 'listAudit', 'listAuditPage']);
  });
});
