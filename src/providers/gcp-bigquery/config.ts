import * as z from 'zod';
import { httpUrl, strictObject, text } from '../../config/primitives.js';
import { providerName } from '../shared/provider-config.js';

const BYTES = 'expected a positive whole number of bytes, e.g. 10000000000';

/** A byte limit as YAML gives it: a number, or text such as "10_000_000_000". */
export const byteCount = z
  .union([z.number(), z.string().regex(/^\d[\d_]*$/).transform((s) => Number(s.replaceAll('_', '')))], { error: BYTES })
  .pipe(z.number().int({ error: BYTES }).positive({ error: BYTES }).max(Number.MAX_SAFE_INTEGER, { error: BYTES }));

/** `{ type: gcp-bigquery, table, location?, maxBytesBilled?, endpoint?, projectId?, export? }` (README.md). */
export const bigQueryConfigSchema = strictObject({
  type: z.literal('gcp-bigquery'),
  name: providerName,
  // Backticks are how the console shows table names; users paste them.
  table: text('expected the billing export table as project.dataset.table').transform((s) => s.replace(/^`|`$/g, '')),
  location: text('expected a BigQuery location such as US or EU').optional(),
  maxBytesBilled: byteCount.optional(),
  endpoint: httpUrl().optional(),
  projectId: text('expected a Google Cloud project id').optional(),
  export: z.enum(['standard', 'detailed'], { error: 'expected standard or detailed' }).optional(),
}).check(
  z.superRefine((p, ctx) => {
    const parts = p.table.split('.');
    const wellFormed = parts.every((s) => s !== '' && !/\s/.test(s));
    if (wellFormed && (parts.length >= 3 || (parts.length === 2 && p.projectId !== undefined))) return;
    ctx.addIssue({
      code: 'custom',
      path: ['table'],
      message: `expected project.dataset.table (or dataset.table with projectId), e.g. my-billing-project.billing.gcp_billing_export_resource_v1_…, got ${JSON.stringify(p.table.slice(0, 80))}`,
      input: undefined,
    });
  }),
);
