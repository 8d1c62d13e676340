import * as z from 'zod';
import { BUILTIN_DIMENSIONS } from '../core/keys.js';
import { METRICS } from '../core/types.js';
import { validateCron } from './cron.js';
import { closest } from './did-you-mean.js';
import { DEFAULT_DIMENSIONS, dimensionsSchema, duplicates, sharedSchema } from './dimension-schema.js';
import { gpuSchema } from './gpu-schema.js';
import { providersSchema } from './provider-schema.js';
import { accessSchema, teamsSchema } from './teams-schema.js';
import { isPlainMapping, oneOf, strictObject, text, timeZone } from './primitives.js';

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

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

/** The month a fiscal year starts in: 1–12 or a month name (`april`, `Apr`); default 1 (January). */
const fiscalYearStart = z
  .union([z.number(), z.string()], { error: 'expected the month a fiscal year starts in: 1 to 12 or a month name such as april' })
  .transform((v, ctx) => {
    const n = typeof v === 'number' ? v : MONTHS.findIndex((m) => v.trim().length >= 3 && m.startsWith(v.trim().toLowerCase())) + 1 || Number(v);
    if (Number.isInteger(n) && n >= 1 && n <= 12) return n;
    ctx.addIssue({ code: 'custom', message: `expected the month a fiscal year starts in: 1 to 12 or a month name such as april, got ${JSON.stringify(v)}`, input: v });
    return z.NEVER;
  });

const anomalies = strictObject(
  {
    dimensions: z.array(text('expected a dimension such as team or model'), { error: 'expected a list of dimensions, e.g. [team, model]' }).default(() => ['team', 'model']),
    minDailyCost: z.number({ error: 'expected an amount in the configured currency, e.g. 100' }).min(0, { error: 'expected an amount of 0 or more' }).default(100),
    minIncrease: z.number({ error: 'expected a fraction, e.g. 0.5 for 50 %' }).min(0, { error: 'expected a fraction of 0 or more, e.g. 0.5 for 50 %' }).default(0.5),
    baselineDays: z.number({ error: 'expected a whole number of days, e.g. 28' }).int().min(7, { error: 'expected at least 7 days' }).max(365, { error: 'expected at most 365 days' }).default(28),
  },
  'expected { dimensions, minDailyCost, minIncrease, baselineDays }',
);

const TOP_LEVEL_KEYS = [
  'timezone',
  'weekStart',
  'fiscalYearStart',
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
  'access',
  'anomalies',
  'gpu',
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
    fiscalYearStart: fiscalYearStart.default(1),
    teams: teamsSchema,
    access: accessSchema,
    anomalies: anomalies.default(() => anomalies.parse({})),
    gpu: gpuSchema,
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

