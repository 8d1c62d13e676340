import * as z from 'zod';
import { duplicates } from './dimension-schema.js';
import { httpUrl, strictObject, text } from './primitives.js';

export const PROVIDER_TYPES = ['focus', 'aws-cost-explorer', 'gcp-bigquery', 'sample'] as const;

const name = text('expected a name that tells this provider apart from others of its type').optional();

const focus = strictObject({
  type: z.literal('focus'),
  name,
  path: text('expected a file, a folder or a glob of FOCUS exports'),
});

const awsCostExplorer = strictObject({
  type: z.literal('aws-cost-explorer'),
  name,
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'expected an AWS region such as us-east-1' })
    .default('us-east-1'),
  endpoint: httpUrl().optional(),
  timeoutMs: z.number({ error: 'expected milliseconds, e.g. 20000' }).int().min(100).max(600_000).optional(),
  maxRequests: z.number({ error: 'expected a whole number of requests, e.g. 40' }).int().min(1).max(1000).optional(),
});

const BYTES = 'expected a positive whole number of bytes, e.g. 10000000000';

/** A byte limit as YAML gives it: a number, or text such as "10_000_000_000". */
const maxBytesBilled = z
  .union([z.number(), z.string().regex(/^\d[\d_]*$/).transform((s) => Number(s.replaceAll('_', '')))], { error: BYTES })
  .pipe(z.number().int({ error: BYTES }).positive({ error: BYTES }).max(Number.MAX_SAFE_INTEGER, { error: BYTES }));

const gcpBigQuery = strictObject({
  type: z.literal('gcp-bigquery'),
  name,
  // Backticks are how the console shows table names; users paste them.
  table: text('expected the billing export table as project.dataset.table').transform((s) => s.replace(/^`|`$/g, '')),
  location: text('expected a BigQuery location such as US or EU').optional(),
  maxBytesBilled: maxBytesBilled.optional(),
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

const sample = strictObject({ type: z.literal('sample'), name });

const provider = z.discriminatedUnion('type', [focus, awsCostExplorer, gcpBigQuery, sample], {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `expected one of ${PROVIDER_TYPES.join(', ')}`
      : 'expected a provider mapping with a type, e.g. { type: focus, path: ./exports }',
});

/** The id a provider goes by in answers and stats: its name, else its type. */
export function providerId(p: { type: string; name?: string }): string {
  return p.name ?? p.type;
}

export const providersSchema = z
  .array(provider, { error: 'expected a list of providers, each with a type' })
  .check(
    z.superRefine((list, ctx) => {
      for (const i of duplicates(list.map(providerId))) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'name'],
          message: `two providers are both called "${providerId(list[i])}"; give each a distinct name`,
          input: undefined,
        });
      }
    }),
  )
  .default(() => []);
