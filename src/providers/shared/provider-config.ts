import { text } from '../../config/primitives.js';

/** The optional `name` every provider entry may carry (to tell two of one type apart). */
export const providerName = text('expected a name that tells this provider apart from others of its type').optional();
