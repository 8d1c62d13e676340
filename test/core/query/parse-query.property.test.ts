import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseQuery } from '../../../src/core/query/index.js';
import { GRANULARITIES, METRICS, type ParsedQuery } from '../../../src/core/types.js';
import { makeContext } from './query-context.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Everything a consumer of ParsedQuery relies on, whatever the input was. */
function expectWellFormed(q: ParsedQuery): void {
  const keys = ['text', 'range', 'filters', 'groupBy', 'granularity', 'top', 'compare', ...(q.previous ? ['previous'] : []), 'forecast', 'metric', 'public', 'notes', 'error'];
  expect(Object.keys(q)).toEqual(q.suggestions === undefined ? keys : [...keys, 'suggestions']);
  if (q.previous) {
    expect(q.compare).toBeNull();
    expect(q.previous.start < q.previous.end && q.previous.end <= q.range.start).toBe(true);
  }
  if (q.suggestions !== undefined) {
    expect(q.error).not.toBeNull();
    expect(q.suggestions.length).toBeGreaterThan(0);
  }
  expect(q.range.start).toMatch(DATE);
  expect(q.range.end).toMatch(DATE);
  if (q.error === null) {
    expect(q.range.start < q.range.end).toBe(true);
    expect(q.range.end <= '2026-11-27').toBe(true);
    expect(q.groupBy.length).toBeLessThanOrEqual(2);
    if (q.compare) expect(q.compare.start < q.compare.end).toBe(true);
  } else {
    // The catch-all in parseQuery is for broken contexts, never for a query.
    expect(q.error).not.toMatch(/could not be read/);
    expect(typeof q.error).toBe('string');
    expect(q.error.length).toBeGreaterThan(0);
  }
  expect(Array.isArray(q.notes)).toBe(true);
  for (const n of q.notes) expect(typeof n).toBe('string');
  for (const [key, spec] of Object.entries(q.filters)) {
    expect(key.length).toBeGreaterThan(0);
    for (const list of [spec.in, spec.notIn]) if (list) expect(list.length).toBeGreaterThan(0);
  }
  expect(q.granularity === null || (GRANULARITIES as readonly string[]).includes(q.granularity)).toBe(true);
  expect((METRICS as readonly string[]).includes(q.metric)).toBe(true);
  expect(q.top === null || (Number.isInteger(q.top) && q.top >= 1 && q.top <= 100)).toBe(true);
  expect(JSON.parse(JSON.stringify(q))).toEqual(q);
}

const TOKENS = [
  'by', 'per', 'team', 'model', 'env', 'by team', 'by model,env', 'group=team', 'top', 'top 5', 'top5', 'top=0', 'daily', 'weekly',
  'monthly', 'trend', 'forecast', 'public', 'vs', 'vs previous', 'compare', 'compared to', 'metric=billed', 'metric=foo',
  'team=nlp', 'team=', 'env!=dev', 'model="llama 70b"', 'tag:cost-center=ml', 'tag:x', 'modle=x', 'nlp', 'prod', 'vision',
  'llama-70b', 'data', 'lake', 'training', 'gpu', 'foo', 'today', 'yesterday', 'last week', 'this month', 'MTD', 'YTD',
  'last 30 days', 'last 0 days', 'October', 'Dec 2026', 'Q3', 'Q3 2025', 'Nov 3', '3 Nov', '2026-11-03', '2026-02-30', 'Feb 30',
  'to', '-', '..', 'from', 'between', 'and', 'since', '1999', '2026', 'monday', '?', ',', '"', "'", '=', ':', '!=', '…', '😀',
  'how much', 'did', 'cost', 'in', 'the',
];

const ctx = makeContext();
const DEFAULT_RANGE = { start: '2026-11-01', end: '2026-11-27' };
// Words that make any query a cost question, or name a time: an answer to them is not "defaults only".
const COST_OR_TIME = /(?<![\p{L}\p{N}])(cost|costs|spend|spent|much|total|bill|usage|today|yesterday|week|month|mtd|ytd|q[1-4]|october|dec|nov|20\d\d|monday|since)(?![\p{L}\p{N}])/iu;

/** True when the parse holds something beyond the defaults (an oracle independent of the parser's own rule). */
function beyondDefaults(text: string, q: ParsedQuery): boolean {
  return Object.keys(q.filters).length > 0 || q.groupBy.length > 0 || q.granularity !== null || q.top !== null || q.compare !== null ||
    q.forecast || q.metric !== 'effective' || q.range.start !== DEFAULT_RANGE.start || q.range.end !== DEFAULT_RANGE.end || COST_OR_TIME.test(text);
}

// Junk, misspellings, chat words and stop words: nothing a cost answer can be built on.
const JUNK = [
  'asdfgh', 'qwerty', 'zzz', 'foo', 'bar', 'hello', 'hi', 'please', 'what', 'can', 'you', 'do', '?', '!', 'help', 'spot',
  'savings', 'llama', 'nlpp', 'lst', 'wek', 'GPUz', 'the', 'me', 'show', 'our', '…', '😀', 'public', 'thanks', 'is', 'it',
];

describe('parseQuery never throws and always answers with a well-formed object', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'grapheme' }), (text) => {
        expectWellFormed(parseQuery(text, ctx));
      }),
      { numRuns: 300 },
    );
  });

  it('on random mixes of real tokens', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 14 }), fc.constantFrom(' ', '  ', ', '), (parts, sep) => {
        expectWellFormed(parseQuery(parts.join(sep), ctx));
      }),
      { numRuns: 400 },
    );
  });

  it('never answers an input of which nothing but defaults was understood', () => {
    fc.assert(
      // (At least one word: an empty query is the default question on purpose.)
      fc.property(fc.array(fc.constantFrom(...JUNK), { minLength: 1, maxLength: 8 }), fc.constantFrom(' ', '  ', ', '), (parts, sep) => {
        const q = parseQuery(parts.join(sep), ctx);
        expect(q.error).not.toBeNull();
        expect(q.suggestions?.length ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('answers random strings and token mixes only when something beyond the defaults was understood', () => {
    const check = (text: string) => {
      const q = parseQuery(text, ctx);
      if (q.error === null && text.trim() !== '') expect(beyondDefaults(text, q), `answered “${text}” on defaults alone`).toBe(true);
    };
    fc.assert(fc.property(fc.string({ maxLength: 60, unit: 'grapheme' }), check), { numRuns: 300 });
    fc.assert(fc.property(fc.array(fc.constantFrom(...TOKENS, ...JUNK), { maxLength: 8 }).map((p) => p.join(' ')), check), { numRuns: 400 });
  });

  it('in other zones and week starts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...TOKENS), { maxLength: 8 }),
        fc.constantFrom('UTC', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Kiritimati'),
        fc.constantFrom('monday' as const, 'sunday' as const),
        fc.integer({ min: Date.parse('2000-03-01T00:00:00Z'), max: Date.parse('2099-12-01T00:00:00Z') }),
        (parts, timezone, weekStart, now) => {
          const q = parseQuery(parts.join(' '), makeContext({ timezone, weekStart, now }));
          expect(q.range.start).toMatch(DATE);
          expect(Array.isArray(q.notes)).toBe(true);
          expect(q.error ?? '').not.toMatch(/could not be read/);
          if (q.error === null) expect(q.range.start < q.range.end).toBe(true);
          expect(JSON.parse(JSON.stringify(q))).toEqual(q);
        },
      ),
      { numRuns: 200 },
    );
  });
});
