/**
 * Parse a FOCUS `Tags` cell (a JSON object of key → value) into string values, or `null`
 * when it is not a JSON object. Keys are kept exactly as written (`" org"` and `Env` stay
 * as they are: matching trims and ignores case later, in allocation). Values are
 * stringified: strings as-is, null as '', numbers/booleans via String, nested values as JSON.
 */
export function parseTags(raw: string): Record<string, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const text =
      typeof value === 'string' ? value : value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
    if (key === '__proto__') {
      // Plain assignment would replace the prototype instead of adding a tag.
      Object.defineProperty(out, key, { value: text, enumerable: true, writable: true, configurable: true });
    } else {
      out[key] = text;
    }
  }
  return out;
}
