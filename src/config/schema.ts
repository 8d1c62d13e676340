import * as z from 'zod';
import { BUILTIN_DIMENSIONS } from '../core/keys.js';
import { METRICS } from '../core/types.js';
import { validateCron } from './cron.js';
import { closest } from './did-you-mean.js';
import { DEFAULT_DIMENSIONS, dimensionsSchema, duplicates, sharedSchema } from './dimension-schema.js';
import { providersSchema } from './provider-schema.js';
import { isPlainMapping, oneOf, safeRecord, strictObject, text, timeZone } from './primitives.js';

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, {
  error: 'expected a Slack user id such as U0AAAAAAA (a member id from the profile, not a name)',
});
const entraObjectId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    error: 'expected an Entra object id such as 00000000-0000-0000-0000-000000000000',
  })
  .transform((s) => s.toLowerCase());

const team = strictObject(
  {
    slack: strictObject({ channel: text('expected a Slack channel id such as C0123456789') }, 'expected { channel: C0123456789 }').optional(),
    teams: strictObject({ conversation: text('expected a Teams conversation id') }, 'expected { conversation: "19:…@thread.tacv2" }').optional(),
    approvers: strictObject(
      {
        slack: z.array(slackUserId, { error: 'expected a list of Slack user ids' }).optional(),
        teams: z.array(entraObjectId, { error: 'expected a list of Entra object ids' }).optional(),
      },
      'expected { slack: [user ids], teams: [object ids] }',
    ).optional(),
  },
  'expected a mapping with slack, teams or approvers',
);

const threshold = z
  .number({ error: 'expected a number between 1 and 1000' })
  .min(1, { error: 'expected a number between 1 and 1000' })
  .max(1000, { error: 'expected a number between 1 and 1000' });

const budget = strictObject(
  {
    name: text('expected a name for this budget'),
    scope: text('expected a filter in the query language, e.g. team=nlp'),
    amount: z
      .number({ error: 'expected a positive amount in the configured currency, e.g. 50000' })
      .positive({ error: 'expected a positive amount in the configured currency, e.g. 50000' })
      // Keeps amount × 100 an exact integer number of cents.
      .max(1e12, { error: 'expected an amount of at most 1000000000000' }),
    period: oneOf(['month', 'quarter', 'year']).default('month'),
    thresholds: z
      .array(threshold, { error: 'expected a list of percentages, e.g. [50, 80, 100]' })
      .check(
        z.superRefine((list, ctx) => {
          for (const i of duplicates(list.map(String))) {
            ctx.addIssue({ code: 'custom', path: [i], message: `${list[i]} is listed twice`, input: undefined });
          }
        }),
      )
      .default(() => [50, 80, 100]),
    forecast: z.boolean({ error: 'expected true or false' }).default(false),
    team: text('expected a team name').optional(),
  },
  'expected a budget { name, scope, amount, period, thresholds }',
);

const cron = z.string({ error: 'expected a cron expression such as "0 9 * * 1-5"' }).check(
  z.superRefine((expression, ctx) => {
    const error = validateCron(expression);
    if (error !== null) ctx.addIssue({ code: 'custom', message: `invalid cron "${expression.slice(0, 60)}": ${error}`, input: undefined });
  }),
);

/** A job's schedule; `false` turns the job off (it still runs by hand). */
function schedule(defaultCron: string) {
  return z
    .preprocess(
      (v) => (v === false ? null : v),
      strictObject({ cron, timezone: timeZone().optional() }, 'expected { cron: "…", timezone: … }, or false to turn the job off').nullable(),
    )
    .default(() => ({ cron: defaultCron }));
}

const schedules = strictObject(
  {
    digest: schedule('0 9 * * 1-5'),
    budgets: schedule('0 * * * *'),
    anomalies: schedule('30 8 * * *'),
    idleGpu: schedule('*/30 * * * *'),
  },
  'expected a mapping of job → { cron, timezone }',
);

const hostAndPort = z.string().regex(/^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/, {
  error: 'expected a host name with an optional port, e.g. quickchart.internal:3400 (no scheme or path: set scheme separately)',
});

const charts = strictObject(
  {
    mode: oneOf(['upload', 'quickchart']).default('upload'),
    quickchart: strictObject(
      { host: hostAndPort, scheme: oneOf(['http', 'https']).default('https') },
      'expected { host: quickchart.internal:3400, scheme: http }',
    ).optional(),
  },
  'expected { mode: upload | quickchart, quickchart: { host, scheme } }',
).check(
  z.superRefine((value, ctx) => {
    // No silent default host: cost data must not go to a public service nobody chose.
    if (value.mode === 'quickchart' && value.quickchart === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['quickchart'],
        message: 'missing — mode quickchart needs quickchart: { host: … } (your QuickChart server, or quickchart.io for the public one)',
        input: undefined,
      });
    }
  }),
);

const TOP_LEVEL_KEYS = [
  'timezone',
  'weekStart',
  'currency',
  'defaultRange',
  'metric',
  'unallocated',
  'providers',
  'dimensions',
  'shared',
  'teams',
  'budgets',
  'schedules',
  'charts',
];

/** The whole configuration file (`config.md`); every key optional, with its default. */
export const configSchema = strictObject(
  {
    timezone: timeZone().default('UTC'),
    weekStart: oneOf(['monday', 'sunday']).default('monday'),
    currency: z
      .string({ error: 'expected a 3-letter ISO 4217 currency code such as USD or EUR' })
      .regex(/^\s*[A-Za-z]{3}\s*$/, { error: 'expected a 3-letter ISO 4217 currency code such as USD or EUR' })
      .transform((s) => s.trim().toUpperCase())
      .default('USD'),
    defaultRange: text('expected a time expression of the query language, e.g. this month').default('this month'),
    metric: oneOf(METRICS).default('effective'),
    unallocated: text('expected the label of costs no rule could allocate, e.g. (untagged)').default('(untagged)'),
    providers: providersSchema,
    dimensions: dimensionsSchema,
    shared: sharedSchema,
    teams: safeRecord(z.string(), team, 'expected a mapping of team name → { slack, teams, approvers }').default(() => Object.create(null)),
    budgets: z
      .array(budget, { error: 'expected a list of budgets' })
      .check(
        z.superRefine((list, ctx) => {
          for (const i of duplicates(list.map((b) => b.name))) {
            ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `a budget named "${list[i].name}" is defined twice`, input: undefined });
          }
        }),
      )
      .default(() => []),
    schedules: schedules.default(() => schedules.parse({})),
    charts: charts.default(() => ({ mode: 'upload' as const })),
  },
  'the file must be a mapping of settings (timezone, providers, dimensions, …)',
  dimensionAtTopLevel,
);

/**
 * A top-level key that is no setting but looks like a dimension (`model:`, `modle:`) was
 * most likely meant to sit under `dimensions:`; say so instead of listing every setting.
 */
function dimensionAtTopLevel(key: string, file: Record<string, unknown>): string | null {
  if (closest(key, TOP_LEVEL_KEYS) !== null) return null;
  const configured = isPlainMapping(file.dimensions) ? Object.keys(file.dimensions) : Object.keys(DEFAULT_DIMENSIONS);
  const dimension = closest(key, [...configured, ...BUILTIN_DIMENSIONS]);
  if (dimension === null) return null;
  if (dimension === key) return `unknown key — a dimension is defined under dimensions: (dimensions.${key})`;
  return `unknown key — did you mean ${dimension}? A dimension is defined under dimensions: (dimensions.${dimension})`;
}

