import type { ExportKind, TableRef } from './types.js';

/**
 * Project ids: 6–30 lowercase letters, digits and hyphens, starting with a letter and not
 * ending with a hyphen; old domain-scoped projects carry a `domain.com:` prefix.
 */
const PROJECT = /^(?:[a-z][a-z0-9.-]{0,61}[a-z0-9]:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
/** Dataset ids: letters, digits and underscores, at most 1,024 characters. */
const DATASET = /^[A-Za-z0-9_]{1,1024}$/;
/**
 * Table (or view) names. GCP also allows spaces and other Unicode letters; we accept a
 * stricter subset (letters, digits, `_`, `-`) because the name is spliced into SQL text
 * and no billing export or sensible view needs more.
 */
const TABLE = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,1023}$/;

export type TableNameResult = { ok: true; ref: TableRef } | { ok: false; error: string };

const EXAMPLE = 'my-billing-project.billing.gcp_billing_export_resource_v1_0A1B2C_3D4E5F_678901';

/**
 * Validates the configured table path. The table name is the one piece of SQL text that
 * is not a query parameter (BigQuery cannot parameterise identifiers), so it comes only
 * from configuration and must match the strict patterns above before it is quoted.
 */
export function parseTableName(raw: string, projectId?: string): TableNameResult {
  const text = raw.trim().replace(/^`([^`]*)`$/, '$1');
  const parts = text.split('.');
  // Domain-scoped projects (`example.com:proj`) contain dots of their own.
  const colon = text.indexOf(':');
  let project: string | undefined;
  let rest: string[];
  if (colon >= 0) {
    const afterColon = text.slice(colon + 1).split('.');
    project = text.slice(0, colon + 1) + afterColon[0];
    rest = afterColon.slice(1);
  } else if (parts.length === 2 && projectId !== undefined) {
    project = projectId;
    rest = parts;
  } else {
    project = parts[0];
    rest = parts.slice(1);
  }
  const fail = (why: string): TableNameResult => ({
    ok: false,
    error: `gcp-bigquery table ${JSON.stringify(raw.slice(0, 120))} is not valid: ${why}. Write it as project.dataset.table, e.g. ${EXAMPLE}`,
  });
  if (rest.length !== 2) return fail('expected exactly three parts separated by dots');
  const [dataset, table] = rest as [string, string];
  if (project === undefined || !PROJECT.test(project)) {
    return fail(`the project id ${JSON.stringify(project ?? '')} must be 6–30 lowercase letters, digits or hyphens, starting with a letter`);
  }
  if (!DATASET.test(dataset)) return fail(`the dataset ${JSON.stringify(dataset)} may only contain letters, digits and underscores`);
  if (!TABLE.test(table)) return fail(`the table ${JSON.stringify(table)} may only contain letters, digits, underscores and hyphens`);
  return { ok: true, ref: { project, dataset, table, quoted: `\`${project}.${dataset}.${table}\`` } };
}

/** The detailed (resource-level) export's tables are named `gcp_billing_export_resource_v1_…`. */
export function detectExportKind(ref: TableRef): ExportKind {
  return /^gcp_billing_export_resource_v1_/i.test(ref.table) ? 'detailed' : 'standard';
}
