import * as z from 'zod';
import { httpUrl, strictObject } from '../../config/primitives.js';
import { providerName } from '../shared/provider-config.js';

/** `{ type: aws-cost-explorer, region, endpoint?, timeoutMs?, maxRequests? }` (README.md). */
export const costExplorerConfigSchema = strictObject({
  type: z.literal('aws-cost-explorer'),
  name: providerName,
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'expected an AWS region such as us-east-1' })
    .default('us-east-1'),
  endpoint: httpUrl().optional(),
  timeoutMs: z.number({ error: 'expected milliseconds, e.g. 20000' }).int().min(100).max(600_000).optional(),
  maxRequests: z.number({ error: 'expected a whole number of requests, e.g. 40' }).int().min(1).max(1000).optional(),
});
