/**
 * Key names: aliases, case-insensitive lookup and "did you mean" suggestions.
 */

/**
 * Extra spellings accepted for a dimension key (plural forms and one long form). Kept small on
 * purpose: every alias is a word that can no longer be a dimension of its own. An alias only
 * applies when its target is a known key and the alias itself is not one.
 */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  environment: 'env',
  environments: 'env',
  envs: 'env',
  teams: 'team',
  models: 'model',
  experiments: 'experiment',
  workloads: 'workload',
  accelerators: 'accelerator',
  providers: 'provider',
  accounts: 'account',
  services: 'service',
  regions: 'region',
  resources: 'resource',
  categories: 'category',
};

/**
 * The canonical key for what the user typed (`Team`, `teams`, `environment`, `tag:Cost-Center`),
 * or null when it names no known key. A raw tag key keeps its case: `tag:` + the key as typed.
 */
export function normalizeKey(raw: string, dimensionKeys: readonly string[]): string | null {
  const lower = raw.toLowerCase();
  if (lower.startsWith('tag:')) return raw.length > 4 ? `tag:${raw.slice(4)}` : null;
  const direct = dimensionKeys.find((k) => k.toLowerCase() === lower);
  if (direct) return direct;
  const target = KEY_ALIASES[lower];
  if (target !== undefined && Object.hasOwn(KEY_ALIASES, lower)) {
    const key = dimensionKeys.find((k) => k.toLowerCase() === target);
    if (key) return key;
  }
  return null;
}

/** Optimal-string-alignment Damerau-Levenshtein distance (a transposition costs 1: modle → model). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  // Long words are never typos of a short key; skipping them keeps hostile input cheap.
  if (Math.abs(a.length - b.length) > 3) return Math.abs(a.length - b.length);
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
  for (let i = 0; i < rows; i++) d[i][0] = i;
  for (let j = 0; j < cols; j++) d[0][j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The known key closest to a misspelt one: edit distance ≤ 2 (and less than the word's
 * length), else a prefix either way (`acc` → account, `teamname` → team). Null when nothing is
 * close. Ties go to the key listed first.
 */
export function suggestKey(word: string, keys: readonly string[]): string | null {
  const w = word.toLowerCase();
  if (w === '') return null;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const key of keys) {
    const d = editDistance(w, key.toLowerCase());
    if (d <= 2 && d < w.length && d < bestDistance) {
      best = key;
      bestDistance = d;
    }
  }
  if (best !== null) return best;
  if (w.length >= 3) {
    const prefixed = keys.find((k) => k.toLowerCase().startsWith(w) || w.startsWith(k.toLowerCase()));
    if (prefixed) return prefixed;
  }
  return null;
}

/** The message for a key that names nothing, with a suggestion when one is close. */
export function unknownKeyMessage(raw: string, keys: readonly string[]): string {
  const suggestion = suggestKey(raw, keys);
  if (suggestion !== null) return `unknown key ${raw} — did you mean ${suggestion}?`;
  return `unknown key ${raw} — known keys are: ${keys.join(', ')} (or tag:<tagkey> for a raw tag)`;
}
