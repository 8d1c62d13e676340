import * as z from 'zod';
import { strictObject, text } from '../../config/primitives.js';
import { providerName } from '../shared/provider-config.js';

/** `{ type: focus, path }`: FOCUS exports on disk (a file, a folder or a glob). */
export const focusConfigSchema = strictObject({
  type: z.literal('focus'),
  name: providerName,
  path: text('expected a file, a folder or a glob of FOCUS exports'),
});
