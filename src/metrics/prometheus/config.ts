import * as z from 'zod';
import { httpUrl, safeRecord, strictObject, text } from '../../config/primitives.js';

/**
 * `{ type: prometheus, url, resourceLabel?, resourceMap?, modelMap? }`: DCGM exporter and
 * vLLM metrics through Prometheus' HTTP API (README.md).
 */
export const prometheusConfigSchema = strictObject({
  type: z.literal('prometheus'),
  name: text('expected a name that tells this source apart from others of its type').optional(),
  url: httpUrl(),
  /** The label that names the machine (DCGM: `Hostname`, `hostname` on newer exporters). */
  resourceLabel: text('expected a Prometheus label name such as Hostname').default('Hostname'),
  /** Label value → the billing data's ResourceId, where they differ (host name → instance id). */
  resourceMap: safeRecord(z.string(), text('expected the ResourceId of the billing data'), 'expected a mapping of label value → ResourceId').default(() => Object.create(null)),
  /** vLLM `model_name` → the model as the allocation names it (`meta-llama/Llama-3.1-70B` → llama-70b). */
  modelMap: safeRecord(z.string(), text('expected the model name of the allocation (model=…)'), 'expected a mapping of model_name → model').default(() => Object.create(null)),
  timeoutMs: z.number({ error: 'expected milliseconds, e.g. 20000' }).int().min(100).max(600_000).optional(),
});
