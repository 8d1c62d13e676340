import * as z from 'zod';
import { httpUrl, safeRecord, strictObject, text } from '../../config/primitives.js';

/** `{ type: cloudwatch, region, endpoint?, namespace? }`: the CloudWatch agent's nvidia_smi_* metrics by InstanceId. */
export const cloudwatchConfigSchema = strictObject({
  type: z.literal('cloudwatch'),
  name: text('expected a name that tells this source apart from others of its type').optional(),
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: 'expected an AWS region such as us-east-1' })
    .default('us-east-1'),
  endpoint: httpUrl().optional(),
  namespace: text('expected a CloudWatch namespace such as CWAgent').default('CWAgent'),
  resourceMap: safeRecord(z.string(), text('expected the ResourceId of the billing data'), 'expected a mapping of InstanceId → ResourceId').default(() => Object.create(null)),
});
