import * as z from 'zod';
import { strictObject, text } from '../../config/primitives.js';
import { providerName } from '../shared/provider-config.js';

/** `{ type: focus, path }`: FOCUS exports on disk (a file, a folder or a glob). */
export const focusConfigSchema = strictObject({
  type: z.literal('focus'),
  name: providerName,
  path: text('expected a file, a folder or a glob of FOCUS exports'),
  rescan: rescanInterval().optional(),
});

/** How often to look for new or changed files: `30s`, `5m`, `1h` (at least 1 s), or `off`/false. */
export const RESCAN_PATTERN = /^(\d+)\s*(s|m|h)$/i;

function rescanInterval() {
  const message = 'expected an interval such as 30s, 5m or 1h, or off';
  return z
    .union([z.literal(false), z.string()], { error: message })
    .transform((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v))
    .refine((v) => v === false || v === 'off' || (RESCAN_PATTERN.test(v) && Number(RESCAN_PATTERN.exec(v)![1]) > 0), { error: message });
}

/** The rescan interval in milliseconds, or null for off. */
export function rescanMs(value: string | false | undefined, fallback: string): number | null {
  const v = value === undefined ? fallback : value;
  if (v === false || v === 'off') return null;
  const m = RESCAN_PATTERN.exec(v);
  if (!m) return null;
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2]!.toLowerCase() as 's' | 'm' | 'h'];
}
