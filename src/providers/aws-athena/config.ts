import * as z from 'zod';
import { httpUrl, strictObject } from '../../config/primitives.js';
import { providerName } from '../shared/provider-config.js';

/** Glue/Athena names as the SQL text may carry them (they are quoted, never parameters). */
const IDENTIFIER = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,254}$/;

const identifier = (what: string, example: string) =>
  z
    .string({ error: `expected the ${what} name, e.g. ${example}` })
    .transform((s) => s.trim().replace(/^"(.*)"$/, '$1').replace(/^`(.*)`$/, '$1'))
    .refine((s) => IDENTIFIER.test(s), { error: `expected the ${what} name: letters, digits, underscores and hyphens (at most 255), e.g. ${example}` });

const TIMEOUT = 'expected a deadline in milliseconds between 1000 and 900000, e.g. 60000';

/**
 * `{ type: aws-athena, database, table, workgroup?, outputLocation?, region?, catalog?,
 * partitioned?, endpoint?, timeoutMs? }` (README.md).
 */
export const athenaConfigSchema = strictObject({
  type: z.literal('aws-athena'),
  name: providerName,
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'expected an AWS region such as us-east-1' })
    .default('us-east-1'),
  database: identifier('Glue database', 'finops'),
  table: identifier('table', 'focus_1_0_aws'),
  workgroup: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,128}$/, { error: 'expected an Athena workgroup name (letters, digits, . _ -), e.g. primary' })
    .default('primary'),
  outputLocation: z
    .string()
    .regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, { error: 'expected an S3 URL for query results, e.g. s3://my-athena-results/finops-bot/' })
    .optional(),
  catalog: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'expected a data catalog name, e.g. AwsDataCatalog' }).optional(),
  partitioned: z.boolean({ error: 'expected true (the table has the export\'s billing_period partitions) or false' }).optional(),
  endpoint: httpUrl().optional(),
  timeoutMs: z
    .number({ error: TIMEOUT })
    .int({ error: TIMEOUT })
    .min(1000, { error: TIMEOUT })
    .max(900_000, { error: TIMEOUT })
    .optional(),
});
