import * as z from 'zod';
import { PROVIDERS } from '../providers/index.js';
import { duplicates } from './dimension-schema.js';

type Registered = (typeof PROVIDERS)[keyof typeof PROVIDERS]['config'];

/** The provider types the configuration accepts: exactly the registry's (src/providers/index.ts). */
export const PROVIDER_TYPES = Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[];

const schemas = Object.values(PROVIDERS).map((p) => p.config) as unknown as [Registered, ...Registered[]];

const provider = z.discriminatedUnion('type', schemas, {
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
