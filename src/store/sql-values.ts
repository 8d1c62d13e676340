import { StoreError, type Json } from './types.js';

/** An instant as ISO text for a `$n::timestamptz` parameter (both drivers agree on text). */
export function iso(at: Date): string {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new StoreError('invalid-argument', `Expected a valid Date, got ${String(at)}.`);
  }
  return at.toISOString();
}

/** `at` plus `ms` milliseconds as ISO text; `ms` must be a positive finite duration. */
export function isoAfter(at: Date, ms: number, what: string): string {
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new StoreError('invalid-argument', `${what} must be a positive number of milliseconds, got ${ms}.`);
  }
  return iso(new Date(at.getTime() + ms));
}

/** JSON text for a `$n::jsonb` parameter. `pg` would turn a bare JS array into a SQL array. */
export function jsonParam(value: Json): string {
  return JSON.stringify(value);
}

/** A timestamptz column value: both drivers return a Date; text is accepted for safety. */
export function toDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value));
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

const DECIMAL = /^(0|[1-9]\d{0,17})(\.\d{1,9})?$/;

/** Checks exact decimal text for a `numeric` column (no floats, no exponent, no sign). */
export function decimalParam(value: string, what: string): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new StoreError('invalid-argument', `${what} must be decimal text such as "5000" or "1250.50", got ${JSON.stringify(value)}.`);
  }
  return value;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks a `YYYY-MM-DD` calendar date for a `date` column. */
export function dateParam(value: string, what: string): string {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new StoreError('invalid-argument', `${what} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}.`);
  }
  return value;
}
