import * as z from 'zod';
import { METRIC_SOURCES } from '../metrics/index.js';
import { strictObject } from './primitives.js';

type Registered = (typeof METRIC_SOURCES)[keyof typeof METRIC_SOURCES]['config'];
const TYPES = Object.keys(METRIC_SOURCES);
const schemas = Object.values(METRIC_SOURCES).map((s) => s.config) as unknown as [Registered, ...Registered[]];

const source = z.discriminatedUnion('type', schemas, {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `expected one of ${TYPES.join(', ')}`
      : 'expected a metric source with a type, e.g. { type: prometheus, url: http://prometheus:9090 }',
});

const percent = (fallback: number) =>
  z.number({ error: 'expected a percentage from 0 to 100' }).min(0, { error: 'expected a percentage from 0 to 100' }).max(100, { error: 'expected a percentage from 0 to 100' }).default(fallback);

/** `gpu`: utilisation sources, the idle rule and the right-sizing rule. */
export const gpuSchema = strictObject(
  {
    metrics: z.array(source, { error: 'expected a list of metric sources, each with a type' }).default(() => []),
    idle: strictObject(
      {
        utilisationBelow: percent(5),
        forHours: z.number({ error: 'expected hours, e.g. 2' }).positive({ error: 'expected a positive number of hours' }).max(24 * 31).default(2),
      },
      'expected { utilisationBelow: 5, forHours: 2 }',
    ).default(() => ({ utilisationBelow: 5, forHours: 2 })),
    rightsizing: strictObject(
      {
        p95Below: percent(30),
        days: z.number({ error: 'expected a whole number of days, e.g. 14' }).int().min(1).max(90).default(14),
      },
      'expected { p95Below: 30, days: 14 }',
    ).default(() => ({ p95Below: 30, days: 14 })),
  },
  'expected { metrics: [...], idle: {...}, rightsizing: {...} }',
).default(() => ({ metrics: [], idle: { utilisationBelow: 5, forHours: 2 }, rightsizing: { p95Below: 30, days: 14 } }));
