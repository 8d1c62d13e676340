/**
 * The query language (query-language.md): parsing a cost question and resolving time
 * expressions. Everything here is pure; the clock comes in through the context.
 */
export { parseQuery, MAX_QUERY_LENGTH } from './parse-query.js';
export { resolveTimeExpression, findTimeSpans, type TimeQueryContext, type FindTimeOptions } from './resolve-time.js';
export { suggestKey, normalizeKey, unknownKeyMessage, KEY_ALIASES } from './suggest-key.js';
export type { TimeSpan, Resolved } from './types.js';
export { formatQuery } from './format-query.js';
