import * as z from 'zod';
import { unknownKeyMessage } from './did-you-mean.js';

/**
 * A strict object whose unknown keys are reported one by one, each with its own path
 * and a did-you-mean. zod's own strict mode reports all unknown keys of an object as one
 * issue without the known keys, so the check is done here instead; it runs even when
 * other fields failed (`when`), so a file with several problems reports them all.
 */
export function strictObject<S extends z.ZodRawShape>(
  shape: S,
  message?: string,
  /** A better message for an unknown key than the generic did-you-mean, or null. */
  explainUnknown?: (key: string, object: Record<string, unknown>) => string | null,
) {
  const known = Object.keys(shape);
  const schema = z.looseObject(shape, message === undefined ? undefined : { error: message }).check(
    z.superRefine(
      (value: unknown, ctx) => {
        if (!isPlainMapping(value)) return;
        for (const key of Object.keys(value)) {
          if (known.includes(key)) continue;
          const explained = explainUnknown?.(key, value) ?? null;
          ctx.addIssue({ code: 'custom', path: [key], message: explained ?? unknownKeyMessage(key, known), input: undefined });
        }
      },
      { when: () => true },
    ),
  );
  // The loose object never lets an unknown key through (the check fails), so its output
  // type is the strict one; the cast keeps `[k: string]: unknown` out of every config type.
  return schema as unknown as z.ZodObject<S, z.core.$strict>;
}

export function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A record whose output has no prototype, so a lookup of `toString` or `constructor` finds nothing. */
export function safeRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, message: string) {
  return z
    .record(key, value, { error: message })
    .transform((rec) => Object.assign(Object.create(null) as Record<string, z.output<V>>, rec));
}

/** A non-empty text value; numbers are taken as their text (`value: 2024`). */
export function text(message = 'expected a non-empty text value') {
  return z
    .union([z.string(), z.number().refine(Number.isFinite)], { error: message })
    .transform((v) => String(v).trim())
    .refine((s) => s !== '', { error: message });
}

/** One of fixed words, case-insensitive (`Monday` is `monday`). */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const message = `expected one of ${values.join(', ')}`;
  return z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.enum(values, { error: message }));
}

/** The canonical name of an IANA time zone (`europe/london` → `Europe/London`), or null. */
export function canonicalTimeZone(zone: string): string | null {
  if (zone.trim() === '') return null;
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** An IANA time zone, checked by `Intl` and returned in its canonical spelling. */
export function timeZone() {
  const message = 'expected an IANA time zone such as UTC, Europe/London or America/New_York';
  return z
    .string({ error: message })
    .refine((s) => canonicalTimeZone(s) !== null, { error: message })
    .transform((s) => canonicalTimeZone(s) as string);
}

/** An http(s) URL, without the credentials a URL may carry (those belong in the environment). */
export function httpUrl() {
  const message = 'expected an http:// or https:// URL';
  return z
    .string({ error: message })
    .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), { error: message })
    .refine((s) => !URL.canParse(s) || (new URL(s).username === '' && new URL(s).password === ''), {
      error: 'a URL here must not carry a user or password; secrets come from the environment',
    });
}
