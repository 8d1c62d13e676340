import type { Migration } from './migration.js';

/**
 * The audit log is append-only for the application: a trigger refuses UPDATE, DELETE and
 * TRUNCATE on `audit_log` whoever runs them (the README also shows the grants that keep
 * the application's role from trying). An index on `at` serves `finops-bot audit --since`.
 */
export const migration0002AuditAppendOnly: Migration = {
  version: 2,
  name: 'audit-append-only',
  sql: `
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
CREATE INDEX audit_log_at_idx ON audit_log (at, id);
`,
};
