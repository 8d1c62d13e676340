import * as z from 'zod';
import { FOCUS_COLUMNS, FOCUS_KEY_NAMES } from '../core/keys.js';
import { unknownKeyMessage } from './did-you-mean.js';
import { isPlainMapping, oneOf, safeRecord, strictObject, text } from './primitives.js';

const COLUMN_NAMES = Object.keys(FOCUS_COLUMNS);

const pattern = text('expected a pattern (text, * as a wildcard)');

/**
 * A `when` matcher: FOCUS column → pattern or list of patterns. An unknown column is
 * reported with the closest column name, since a typo would otherwise never match.
 */
const matcher = z
  .record(
    z.string(),
    z.union([pattern, z.array(pattern, { error: 'expected a pattern or a list of patterns' })], {
      error: 'expected a pattern or a list of patterns',
    }),
    { error: `expected a mapping of FOCUS column → pattern, e.g. { ServiceName: "Amazon SageMaker*" }` },
  )
  .check(
    z.superRefine(
      (value: unknown, ctx) => {
        if (!isPlainMapping(value)) return;
        const keys = Object.keys(value);
        if (keys.length === 0) {
          ctx.addIssue({ code: 'custom', message: 'expected at least one column to match, e.g. { ServiceName: "AWS Support*" }', input: undefined });
        }
        for (const key of keys) {
          if (!COLUMN_NAMES.includes(key)) {
            ctx.addIssue({ code: 'custom', path: [key], message: unknownKeyMessage(key, COLUMN_NAMES, 'FOCUS column'), input: undefined });
          } else if (Array.isArray(value[key]) && (value[key] as unknown[]).length === 0) {
            ctx.addIssue({ code: 'custom', path: [key], message: 'expected at least one pattern (an empty list never matches)', input: undefined });
          }
        }
      },
      { when: () => true },
    ),
  )
  .transform((rec) => Object.assign(Object.create(null) as Record<string, string | string[]>, rec));

const rule = strictObject(
  { when: matcher, value: text('expected the value this rule gives') },
  'expected a rule { when: {…}, value: … }',
);

const dimension = strictObject(
  {
  tags: z.array(text('expected a tag key'), { error: 'expected a list of tag keys' }).default([]),
  accounts: safeRecord(z.string(), text('expected the value for this account'), 'expected a mapping of account id → value').default(
    () => ({}),
  ),
  rules: z.array(rule, { error: 'expected a list of rules, each { when: {…}, value: … }' }).default([]),
  aliases: safeRecord(z.string(), text('expected the value this alias stands for'), 'expected a mapping of value → normalized value').default(
    () => ({}),
  ),
  },
  'expected a mapping with tags, accounts, rules or aliases',
);

/** Words the query language already gives a meaning before `=`, so no dimension may take them. */
export const RESERVED_DIMENSION_NAMES: readonly string[] = [...FOCUS_KEY_NAMES, 'tag', 'metric', 'group', 'by', 'per', 'top'];

const dimensionName = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, {
    error: 'a dimension name is typed in queries (name=value): use lower-case letters, digits, - and _, starting with a letter',
  })
  .refine((name) => !RESERVED_DIMENSION_NAMES.includes(name), {
    error: 'this name is already a key of the query language; pick another name',
  });

/** The dimensions used when the file has no `dimensions` key (`config.md`). */
export const DEFAULT_DIMENSIONS = {
  team: { tags: ['team', 'owner'], accounts: {}, rules: [], aliases: {} },
  model: { tags: ['model', 'model_name'], accounts: {}, rules: [], aliases: {} },
  env: { tags: ['env', 'environment'], accounts: {}, rules: [], aliases: { production: 'prod', prd: 'prod', development: 'dev' } },
  experiment: { tags: ['experiment'], accounts: {}, rules: [], aliases: {} },
};

export const dimensionsSchema = safeRecord(
  dimensionName,
  dimension,
  'expected a mapping of dimension name → { tags, accounts, rules, aliases }',
).default(defaultDimensions);

/** A fresh copy of the default dimensions, records without prototypes like parsed ones. */
export function defaultDimensions(): Record<string, z.output<typeof dimension>> {
  const out = Object.create(null) as Record<string, z.output<typeof dimension>>;
  for (const [name, d] of Object.entries(DEFAULT_DIMENSIONS)) {
    out[name] = {
      tags: [...d.tags],
      accounts: Object.create(null),
      rules: [],
      aliases: Object.assign(Object.create(null), d.aliases),
    };
  }
  return out;
}

const sharedRule = strictObject(
  {
    name: text('expected a name for this shared cost'),
    when: matcher,
    split: oneOf(['proportional', 'even', 'none']).default('proportional'),
  },
  'expected a shared cost { name, when, split }',
);

export const sharedSchema = z
  .array(sharedRule, { error: 'expected a list of shared costs, each { name, when, split }' })
  .check(
    z.superRefine((rules, ctx) => {
      duplicates(rules.map((r) => r.name)).forEach((i) =>
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `a shared cost named "${rules[i].name}" is defined twice`, input: undefined }),
      );
    }),
  )
  .default([]);

/** Indices of the second and later occurrences of each value. */
export function duplicates(values: readonly string[]): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  values.forEach((v, i) => {
    if (seen.has(v)) out.push(i);
    seen.add(v);
  });
  return out;
}
