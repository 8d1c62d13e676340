/**
 * The rule that keeps a confident answer from a question that was not understood:
 * 1. a time word the parser could not read (`first week of November`, `recently`) refuses
 *    the query with examples — never the default range in its place;
 * 2. when nothing beyond the defaults was understood (no filter, grouping, time, trend,
 *    limit, comparison, forecast, metric, nor even a cost word), the query is refused with
 *    what was not understood and the closest things the bot knows (an empty query is the
 *    default question on purpose: the chat adapters send it for a bare `cost`);
 * 3. a left-over word close to something the bot knows (`GPUz`, `llama`) refuses the query
 *    too, with those suggestions: answering without it would answer another question.
 * A left-over word close to nothing, beside something understood, stays a note.
 */
import { addDays, addMonths, formatDate } from '../dates.js';
import type { Leftover } from './match-bare-words.js';
import type { QueryDraft } from './query-draft.js';
import { exampleQueries, MAX_SUGGESTIONS, suggestForWord, suggestTimePhrase, type SuggestContext } from './suggest-fixes.js';

/** Words that only make sense as part of a time expression. */
const TIME_WORDS = new Set([
  'week', 'weeks', 'weekend', 'weekends', 'fortnight', 'fortnights', 'half', 'fiscal', 'fy', 'semester',
  'quarter', 'quarters', 'quarterly', 'month', 'months', 'day', 'days', 'morning', 'afternoon', 'evening',
  'night', 'tonight', 'hour', 'hours', 'minute', 'minutes', 'first', 'second', 'third', 'fourth', 'fifth',
  '1st', '2nd', '3rd', '4th', '5th', 'ago', 'earlier', 'recent', 'recently', 'lately', 'after', 'before',
  'upcoming', 'h3', 'h4', 'ytd', 'eom', 'eoy',
]);
const SUB_DAY = new Set(['morning', 'afternoon', 'evening', 'night', 'tonight', 'hour', 'hours', 'minute', 'minutes']);

/** Words that make a question a cost question even when nothing else is asked (`how much did we spend?`). */
const COST_WORDS = new Set([
  'cost', 'costs', 'costing', 'costed', 'spend', 'spends', 'spending', 'spent', 'money', 'bill', 'bills', 'billing',
  'expense', 'expenses', 'paid', 'pay', 'burn', 'burned', 'burnt', 'charges', 'total', 'totals', 'much', 'dollars',
  'usd', '$', 'breakdown', 'usage',
]);

const ORDINAL_WEEK = /(?<![\p{L}\p{N}])(first|second|third|fourth|last|1st|2nd|3rd|4th)\s+week\s+(?:of|in)\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+(\d{4}))?/iu;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export interface Refusal {
  error: string;
  suggestions: string[];
}

/** What the parse understood, for the rule above. */
export interface Understood {
  draft: QueryDraft;
  text: string;
  today: string;
  /** Time expressions found (range and comparison). */
  timeSpans: number;
  previous: boolean;
  leftovers: Leftover[];
}

function quoted(words: string[]): string {
  return words.map((w) => `“${w}”`).join(', ');
}

function listOr(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `first week of November` → `Nov 1 to Nov 7`; null when the text has no such phrase. */
function ordinalWeek(text: string, today: string): string | null {
  const m = ORDINAL_WEEK.exec(text);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
  const name = MONTH_SHORT[month - 1]!;
  const year = m[3] ? ` ${m[3]}` : '';
  const ord = m[1]!.toLowerCase();
  const last = new Date(Date.UTC(Number(m[3] ?? today.slice(0, 4)), month, 0)).getUTCDate();
  const first = ord === 'last' ? last - 6 : 1 + 7 * (['first', '1st'].includes(ord) ? 0 : ['second', '2nd'].includes(ord) ? 1 : ['third', '3rd'].includes(ord) ? 2 : 3);
  return `${name} ${first} to ${name} ${Math.min(first + 6, last)}${year}`;
}

function timeRefusal(u: Understood, timeWords: Leftover[]): Refusal {
  const words = timeWords.map((l) => l.word);
  const week = ordinalWeek(u.text, u.today);
  const lastMonth = addMonths(`${u.today.slice(0, 7)}-01`, -1);
  const examples = ['last week', 'last 7 days', 'this month', `${lastMonth} to ${addDays(lastMonth, 14)}`];
  if (week !== null) {
    return { error: `could not read the time in “${u.text.trim()}”: weeks of a month are ambiguous — write the days, e.g. ${week}`, suggestions: [week, ...examples.slice(0, 2)] };
  }
  if (words.some((w) => SUB_DAY.has(w.toLowerCase()))) {
    return { error: `costs are counted per day, so ${quoted(words)} cannot be answered — ask about whole days, e.g. today, yesterday or last 7 days`, suggestions: ['today', 'yesterday', 'last 7 days'] };
  }
  const yearStart = formatDate(Number(u.today.slice(0, 4)), 1, 1);
  return {
    error: `could not read ${quoted(words)} as part of a time — write the period as the bot knows it, e.g. ${examples.join(', ')}, Q3 2025, H1, this fiscal year or since ${yearStart}`,
    suggestions: examples,
  };
}

/**
 * The refusal the rule above gives for a parse, or null when the query may be answered.
 * `sc` supplies the values, keys and examples suggested.
 */
export function checkUnderstood(u: Understood, sc: SuggestContext): Refusal | null {
  const { draft, leftovers } = u;
  const norm = (l: Leftover) => draft.words[l.index]?.norm ?? l.word.toLowerCase();
  const timeWords = leftovers.filter((l) => l.names === undefined && TIME_WORDS.has(norm(l)));
  if (timeWords.length > 0) return timeRefusal(u, timeWords);

  const understood =
    Object.keys(draft.filters).length > 0 || draft.groupBy.length > 0 || u.timeSpans > 0 || draft.granularities.length > 0 ||
    draft.trend || draft.top !== null || u.previous || draft.forecast || draft.metric !== null ||
    draft.words.some((w) => COST_WORDS.has(w.norm));

  // Suggestions per left-over word, and for neighbouring pairs that spell a time phrase.
  const found: string[] = [];
  const unclear: string[] = [];
  for (let k = 0; k < leftovers.length; k++) {
    const l = leftovers[k]!;
    const next = leftovers[k + 1];
    if (next !== undefined && next.index === l.index + 1 && l.names === undefined && next.names === undefined) {
      const phrase = suggestTimePhrase(norm(l), norm(next));
      if (phrase !== null) {
        found.push(phrase);
        unclear.push(`${l.word} ${next.word}`);
        k++;
        continue;
      }
    }
    const near = l.names !== undefined ? [`by ${l.names}`] : suggestForWord(l.word, sc, l.hint);
    if (near.length > 0) unclear.push(l.word);
    found.push(...near);
  }
  const suggestions = [...new Set(found)].slice(0, MAX_SUGGESTIONS + 1);
  const words = leftovers.map((l) => l.word);

  // An empty query is the default question: chat adapters send it for a bare `cost` (and
  // answer an empty message with help before asking).
  if (!understood && u.text.trim() !== '') {
    if (leftovers.length === 0) {
      const examples = exampleQueries(sc);
      return { error: `that is not a cost question I can answer — I answer questions about cloud cost, e.g. ${listOr(examples)} (or ask for help)`, suggestions: examples };
    }
    if (suggestions.length > 0) {
      return { error: `did not understand ${quoted(words)} — did you mean ${listOr(suggestions)}?`, suggestions };
    }
    const examples = exampleQueries(sc);
    return { error: `did not understand ${quoted(words)}: not a value, key, period or keyword I know — ask e.g. ${listOr(examples)}`, suggestions: examples };
  }
  if (unclear.length > 0) {
    return {
      error: `did not understand ${quoted(unclear)} — did you mean ${listOr(suggestions)}? Without ${unclear.length === 1 ? 'it' : 'them'} the answer would be about something else.`,
      suggestions,
    };
  }
  return null;
}
