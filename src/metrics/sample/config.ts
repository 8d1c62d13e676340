import * as z from 'zod';
import { strictObject, text } from '../../config/primitives.js';

/** `{ type: sample }`: utilisation of the bundled sample organisation (the default with no cost providers and no metric sources). */
export const sampleMetricsConfigSchema = strictObject({
  type: z.literal('sample'),
  name: text('expected a name that tells this source apart from others of its type').optional(),
});
