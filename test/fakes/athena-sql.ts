/**
 * How the fake Athena (athena-server.ts) runs the Trino SQL it receives in DuckDB. It
 * does what Athena does with ExecutionParameters — puts each parameter's literal text in
 * place of its `?` — and checks Athena's rules strictly: placeholders only in WHERE
 * clauses, as many parameters as placeholders, each at most 1024 characters and (this
 * fake is stricter than Athena, to catch quoting bugs) each one single SQL literal.
 * Then it translates the few Trino constructs finops-bot emits that DuckDB spells
 * otherwise, and nothing else:
 * - `map_filter(m, (k, v) -> body)` → `map_from_entries(list_filter(map_entries(m), e -> body))`;
 * - `element_at(array, i)` → `list_extract(array, i)` (DuckDB's element_at is for maps);
 * - `CAST(x AS DECIMAL(…))` → `CAST(CAST(x AS VARCHAR) AS DECIMAL(…))`: Trino turns a
 *   DOUBLE into a DECIMAL through its shortest decimal text (Java's BigDecimal.valueOf),
 *   DuckDB in binary; DuckDB prints doubles shortest-round-trip, so the detour matches Trino;
 * - `to_unixtime` / `from_unixtime` are macros over DuckDB's `epoch` / `to_timestamp`.
 */

/** Calls `visit(i, ch, state)` for every character of `sql` with what it is inside. */
function scan(sql: string, visit: (i: number, state: 'code' | 'string' | 'ident' | 'comment') => void): void {
  let state: 'code' | 'string' | 'ident' | 'comment' = 'code';
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (state === 'code') {
      if (ch === "'") state = 'string';
      else if (ch === '"') state = 'ident';
      else if (ch === '-' && sql[i + 1] === '-') state = 'comment';
      visit(i, state === 'code' ? 'code' : state);
      continue;
    }
    visit(i, state);
    if (state === 'string' && ch === "'") {
      if (sql[i + 1] === "'") {
        visit(++i, 'string');
      } else state = 'code';
    } else if (state === 'ident' && ch === '"') {
      if (sql[i + 1] === '"') visit(++i, 'ident');
      else state = 'code';
    } else if (state === 'comment' && ch === '\n') state = 'code';
  }
}

/** Positions of `?` placeholders outside literals, identifiers and comments. */
export function placeholders(sql: string): number[] {
  const out: number[] = [];
  scan(sql, (i, s) => {
    if (s === 'code' && sql[i] === '?') out.push(i);
  });
  return out;
}

/** `sql` with its literals, identifiers and comments blanked (same length), for keyword searches. */
function codeOnly(sql: string): string {
  const chars = [...sql];
  scan(sql, (i, s) => {
    if (s !== 'code') chars[i] = ' ';
  });
  return chars.join('');
}

const CLAUSES = /\b(SELECT|FROM|WHERE|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|ON|USING)\b/gi;

/** The clause each placeholder sits in (the last clause keyword before it). */
export function placeholderClauses(sql: string): string[] {
  const code = codeOnly(sql);
  return placeholders(sql).map((pos) => {
    let last = '';
    for (const m of code.slice(0, pos).matchAll(CLAUSES)) last = m[1]!.toUpperCase().replace(/\s+/, ' ');
    return last;
  });
}

/** A single SQL literal: a string (quotes doubled), or a DATE / TIMESTAMP / number literal. */
const LITERAL = /^(?:'(?:[^']|'')*'|DATE '\d{4}-\d{2}-\d{2}'|TIMESTAMP '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?'|-?\d+(?:\.\d+)?)$/;

export class ParameterError extends Error {}

/**
 * Puts each parameter's text in place of its `?`, as Athena does, after checking the
 * rules above. Inserted text is never scanned for placeholders again.
 */
export function substituteParameters(sql: string, params: readonly string[]): string {
  const spots = placeholders(sql);
  if (spots.length !== params.length) throw new ParameterError(`the query has ${spots.length} placeholders but ${params.length} execution parameters were given`);
  const clauses = placeholderClauses(sql);
  clauses.forEach((c, i) => {
    if (c !== 'WHERE') throw new ParameterError(`execution parameter ${i + 1} is in a ${c || 'no'} clause; Athena allows ? only in WHERE clauses`);
  });
  params.forEach((p, i) => {
    if (!LITERAL.test(p)) throw new ParameterError(`execution parameter ${i + 1} is not one SQL literal: ${JSON.stringify(p.slice(0, 80))}`);
  });
  let out = '';
  let from = 0;
  spots.forEach((pos, i) => {
    out += sql.slice(from, pos) + params[i];
    from = pos + 1;
  });
  return out + sql.slice(from);
}

/** Splits a call's argument text at its top-level commas. */
function splitArgs(args: string): string[] {
  const code = codeOnly(args);
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(args.slice(from, i));
      from = i + 1;
    }
  }
  out.push(args.slice(from));
  return out;
}

/**
 * Rewrites every call `name(args)` (innermost first) with `rewrite(args)`; the name is
 * matched case-insensitively, as a word, outside literals.
 */
export function rewriteCalls(sql: string, name: string, rewrite: (args: string) => string): string {
  const code = codeOnly(sql);
  const re = new RegExp(`\\b${name}\\s*\\(`, 'gi');
  const m = [...code.matchAll(re)].pop();
  if (!m) return sql;
  const open = m.index! + m[0].length - 1;
  let depth = 0;
  let close = -1;
  for (let i = open; i < code.length; i++) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) throw new Error(`unbalanced ${name}(`);
  const replaced = sql.slice(0, m.index!) + rewrite(sql.slice(open + 1, close)) + sql.slice(close + 1);
  return rewriteCalls(replaced, name, rewrite);
}

/** Replaces whole-word identifiers outside literals. */
function renameIdentifiers(text: string, names: Record<string, string>): string {
  const code = codeOnly(text);
  let out = '';
  let from = 0;
  for (const m of code.matchAll(/\b[A-Za-z_][A-Za-z0-9_]*\b/g)) {
    const to = names[m[0]];
    if (to === undefined) continue;
    out += text.slice(from, m.index) + to;
    from = m.index! + m[0].length;
  }
  return out + text.slice(from);
}

/** The DuckDB text of the Trino constructs finops-bot's Athena provider emits. */
export function toDuckDb(sql: string): string {
  let out = rewriteCalls(sql, 'map_filter', (args) => {
    const [map, lambda] = splitArgs(args);
    const m = /^\s*\(\s*([a-z_]+)\s*,\s*([a-z_]+)\s*\)\s*->([\s\S]*)$/i.exec(lambda ?? '');
    if (!m) throw new Error(`unexpected map_filter lambda: ${lambda}`);
    return `map_from_entries(list_filter(map_entries(${map}), __e -> ${renameIdentifiers(m[3]!, { [m[1]!]: '__e.key', [m[2]!]: '__e.value' })}))`;
  });
  out = rewriteCalls(out, 'element_at', (args) => `list_extract(${args})`);
  out = rewriteCalls(out, 'CAST', (args) => {
    const m = /^([\s\S]*)\sAS\s+(DECIMAL\s*\([\d\s,]+\))\s*$/i.exec(args);
    // The marker keeps the rewritten CAST from being matched again.
    return m ? `CAST__(CAST__(${m[1]} AS VARCHAR) AS ${m[2]})` : `CAST__(${args})`;
  });
  return out.replace(/\bCAST__\(/g, 'CAST(');
}

/** Macros DuckDB needs for the Trino functions it lacks under those names. */
export const DUCKDB_MACROS = [
  'CREATE MACRO to_unixtime(t) AS epoch(t)',
  'CREATE MACRO from_unixtime(x) AS to_timestamp(x)',
];
