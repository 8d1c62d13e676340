/**
 * The candidate closest to `word` (case-insensitive edit distance), or null when none is
 * close enough to be a plausible typo. Used for "unknown key — did you mean …?" messages.
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  const needle = word.toLowerCase();
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // A third of the word (at least 2 edits) still reads as a typo; more is a different word.
  const allowed = Math.max(2, Math.floor(needle.length / 3));
  return best !== null && bestDistance <= allowed ? best : null;
}

/** Optimal-string-alignment distance: insert, delete, substitute, swap neighbours. */
function editDistance(a: string, b: string): number {
  // Keys are short; a hostile 1 MB key must not cost a quadratic amount of work.
  if (Math.abs(a.length - b.length) > 8 || a.length > 200) return Infinity;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/** `unknown key — did you mean X?`, or the list of known keys when nothing is close. */
export function unknownKeyMessage(key: string, known: readonly string[], what = 'key'): string {
  const suggestion = closest(key, known);
  if (suggestion !== null) return `unknown ${what} — did you mean ${suggestion}?`;
  return `unknown ${what} — expected one of ${known.join(', ')}`;
}
