import * as z from 'zod';
import type { ResultRow } from './types.js';

/** A field of a result schema (only the parts we read). */
const fieldSchema = z.object({
  name: z.string(),
  type: z.string(),
  mode: z.string().optional(),
});

/** A result row on the wire: `{"f":[{"v":…}]}`; scalars are strings, NULL is null. */
const rowSchema = z.object({ f: z.array(z.object({ v: z.unknown() })) });

/** Counts come as int64 text. */
const int64 = z.string().regex(/^\d+$/);

/**
 * The reply of `jobs.query` (POST …/queries) and `jobs.getQueryResults`
 * (GET …/queries/<jobId>): the same fields, `pageToken` when more rows follow,
 * `jobComplete: false` (and no rows) while the job runs.
 */
export const queryResponseSchema = z.object({
  jobReference: z.object({ projectId: z.string(), jobId: z.string(), location: z.string().optional() }).optional(),
  jobComplete: z.boolean().optional(),
  totalRows: int64.optional(),
  schema: z.object({ fields: z.array(fieldSchema) }).optional(),
  rows: z.array(rowSchema).optional(),
  pageToken: z.string().optional(),
  totalBytesProcessed: int64.optional(),
  totalBytesBilled: int64.optional(),
  cacheHit: z.boolean().optional(),
});

export type QueryResponse = z.infer<typeof queryResponseSchema>;

/** Thrown when a payload is not what the REST API documents (a proxy's HTML page, a truncated body…). */
export class PayloadError extends Error {
  override readonly name = 'PayloadError';
}

/** Validates one page of a query reply. */
export function parseQueryResponse(body: unknown): QueryResponse {
  const parsed = queryResponseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PayloadError(`unexpected BigQuery query reply: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'not an object'}`);
  }
  return parsed.data;
}

/**
 * Decodes wire rows against their schema into `name → text | null`. Every column our
 * queries select is a scalar (STRING, DATE, NUMERIC, INT64, TIMESTAMP), which the API
 * sends as text: NUMERIC stays exact decimal text, never a float. A non-scalar cell is an
 * error rather than a guess.
 */
export function decodeRows(fields: { name: string; type: string; mode?: string }[], rows: { f: { v: unknown }[] }[]): ResultRow[] {
  return rows.map((row, r) => {
    if (row.f.length !== fields.length) {
      throw new PayloadError(`BigQuery row ${r} has ${row.f.length} cells for ${fields.length} columns`);
    }
    const out: ResultRow = {};
    fields.forEach((field, i) => {
      const v = row.f[i]!.v;
      if (v !== null && typeof v !== 'string') {
        throw new PayloadError(`BigQuery column ${field.name} (${field.type}${field.mode === 'REPEATED' ? ', repeated' : ''}) is not a scalar in row ${r}`);
      }
      out[field.name] = v;
    });
    return out;
  });
}

/** A TIMESTAMP cell (int64 microseconds since the epoch, as text) as an ISO instant. */
export function timestampCellToIso(v: string | null): string | null {
  if (v === null || !/^-?\d+$/.test(v)) return null;
  return new Date(Number(BigInt(v) / 1000n)).toISOString();
}

/** The error body Google APIs send with a non-2xx status. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.number(),
    message: z.string(),
    errors: z.array(z.object({ reason: z.string().optional(), message: z.string().optional() })).optional(),
    status: z.string().optional(),
  }),
});
