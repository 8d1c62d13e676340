/**
 * Reads a `query_range` response (`{"status":"success","data":{"resultType":"matrix",
 * "result":[{"metric":{…},"values":[[ts,"v"],…]},…]}}`) without building an array per
 * point: each series' labels are parsed as JSON, its points are scanned straight into the
 * caller's arrays. At a million points a response, JSON.parse would allocate a million
 * small arrays and strings; this allocates none of them.
 */

/** Called for each point of a series (seconds, value); `begin` once per series with its labels. */
export interface MatrixSink {
  begin(metric: Record<string, string>): void;
  point(ts: number, value: number): void;
}

const QUOTE = 34; // "
const BACKSLASH = 92;

/** Index just past the JSON string starting at `i` (a quote). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j + 1;
  }
  throw new SyntaxError('unterminated string');
}

/** Index just past the JSON value starting at `i` (object, array, string or scalar). */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c !== '{' && c !== '[') {
    let j = i;
    while (j < text.length && !',}]'.includes(text[j]!)) j++;
    return j;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j]!;
    if (ch === '"') j = skipString(text, j) - 1;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  throw new SyntaxError('unterminated value');
}

function ws(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/**
 * Streams the series of a successful matrix response into `sink`. Returns false when the
 * text is not a successful matrix response (the caller then reads it as an error with JSON.parse).
 */
export function parseMatrix(text: string, sink: MatrixSink): boolean {
  const head = text.slice(0, 64);
  if (!/"status"\s*:\s*"success"/.test(head)) return false;
  const at = text.indexOf('"result"');
  if (at < 0) return false;
  let i = ws(text, text.indexOf(':', at) + 1);
  if (text[i] !== '[') return false;
  i = ws(text, i + 1);
  while (text[i] === '{') {
    i = ws(text, i + 1);
    while (text[i] === '"') {
      const keyEnd = skipString(text, i);
      const key = text.slice(i + 1, keyEnd - 1);
      i = ws(text, ws(text, keyEnd) + 1);
      if (key === 'metric') {
        const end = skipValue(text, i);
        sink.begin(JSON.parse(text.slice(i, end)) as Record<string, string>);
        i = end;
      } else if (key === 'values') {
        // [[ts,"v"],[ts,"v"],…]
        i = ws(text, i + 1);
        while (text[i] === '[') {
          const comma = text.indexOf(',', i);
          const ts = Number(text.slice(i + 1, comma));
          const q1 = text.indexOf('"', comma);
          const q2 = text.indexOf('"', q1 + 1);
          sink.point(ts, Number(text.slice(q1 + 1, q2)));
          i = ws(text, text.indexOf(']', q2) + 1);
          if (text[i] === ',') i = ws(text, i + 1);
        }
        i++; // the values array's ]
      } else {
        i = skipValue(text, i);
      }
      i = ws(text, i);
      if (text[i] === ',') i = ws(text, i + 1);
    }
    i = ws(text, i + 1); // the series' }
    if (text[i] === ',') i = ws(text, i + 1);
  }
  return true;
}
