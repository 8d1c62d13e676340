import * as z from 'zod';
import { safeRecord, strictObject, text } from '../../config/primitives.js';

/** `{ type: file, path }`: CSV or Parquet samples `timestamp,resource,metric,value[,gpu]`. */
export const fileMetricsConfigSchema = strictObject({
  type: z.literal('file'),
  name: text('expected a name that tells this source apart from others of its type').optional(),
  path: text('expected a file, a folder or a glob of metric samples (CSV or Parquet)'),
  resourceMap: safeRecord(z.string(), text('expected the ResourceId of the billing data'), 'expected a mapping of resource → ResourceId').default(() => Object.create(null)),
});
