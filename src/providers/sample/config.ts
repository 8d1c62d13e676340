import * as z from 'zod';
import { strictObject } from '../../config/primitives.js';
import { providerName } from '../shared/provider-config.js';

/** `{ type: sample }`: the bundled organisation (also the default with no providers at all). */
export const sampleConfigSchema = strictObject({ type: z.literal('sample'), name: providerName });
