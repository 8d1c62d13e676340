/**
 * The `/budget` sentences (jobs-and-approvals.md, "Budgets and overrides"), with or without
 * the leading `/budget` or `budget`:
 *
 *   (nothing) | show [<name>]                                   this channel's team's budgets
 *   set <name> <filters> <amount>/<period> [thresholds=50,80,100] [forecast=on|off] [owner=<team>]
 *   request <name> +<amount> [until=YYYY-MM-DD] reason="…"
 *   history <name>
 *   help
 *
 * Parsing needs no store and no clock; what needs them (does the budget exist, is `until`
 * in the past, may this person do it) is the use cases' business. Every mistake gets a
 * message that says how to fix it.
 */
import { closest } from '../../config/did-you-mean.js';
import { amountOf, dateOf, option, splitWords, type Word } from './budget-command-words.js';
import type { BudgetPeriodUnit } from './budget-catalog.js';

export type BudgetCommand =
  | { kind: 'show'; name: string | null }
  | { kind: 'help' }
  | {
      kind: 'set';
      name: string;
      /** The scope as typed: filters in the query language (`team=nlp env!=dev`). */
      scope: string;
      /** Decimal text with two places. */
      amount: string;
      period: BudgetPeriodUnit;
      /** Null: keep the budget's (or the default 50, 80, 100). */
      thresholds: number[] | null;
      /** Null: keep the budget's (or the default, off). */
      forecast: boolean | null;
      /** The team whose approvers decide; null: from the scope (`team=nlp`). */
      owner: string | null;
    }
  | { kind: 'request'; name: string; amount: string; until: string | null; reason: string }
  | { kind: 'history'; name: string };

export type ParseBudgetResult = { ok: true; command: BudgetCommand } | { ok: false; message: string };

export const SUBCOMMANDS = ['show', 'set', 'request', 'history', 'help'] as const;

export const USAGE = {
  show: '`/budget` — this channel’s team’s budgets (`/budget show <name>` for one)',
  set: '`/budget set <name> team=nlp 50000/month [thresholds=50,80,100] [forecast=on] [owner=<team>]` — administrators',
  request: '`/budget request <name> +5000 [until=2026-12-31] reason="…"` — a member of the budget’s team',
  history: '`/budget history <name>` — who requested, decided and changed what',
} as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_AMOUNT_CENTS = 100_000_000_000_000n;
const MAX_REASON = 500;

const fail = (message: string): ParseBudgetResult => ({ ok: false, message });

function nameError(word: Word | undefined, usage: string): string | null {
  if (word === undefined || option(word) !== null) return `Name the budget: ${usage}.`;
  if (!NAME.test(word.text)) return `“${word.text}” cannot be a budget name: use letters, digits, “-”, “_” or “.” (at most 64), e.g. nlp-monthly.`;
  if ((SUBCOMMANDS as readonly string[]).includes(word.text.toLowerCase())) return `“${word.text}” cannot be a budget name: it is a /budget command word. Pick another, e.g. ${word.text.toLowerCase()}-monthly.`;
  return null;
}

function amountError(text: string, example: string): string {
  return `“${text}” is not an amount: write digits with at most two decimals and no currency sign, e.g. ${example}.`;
}

function checkedAmount(text: string, example: string): { ok: true; amount: string } | { ok: false; message: string } {
  const amount = amountOf(text);
  if (amount === null) return { ok: false, message: amountError(text, example) };
  const cents = BigInt(amount.replace('.', ''));
  if (cents <= 0n) return { ok: false, message: `The amount must be more than zero, e.g. ${example}.` };
  if (cents > MAX_AMOUNT_CENTS) return { ok: false, message: `${text} is too large: at most 1,000,000,000,000.` };
  return { ok: true, amount };
}

function parseThresholds(value: string): number[] | string {
  const parts = value.split(',').map((s) => s.trim().replace(/%$/, ''));
  const out: number[] = [];
  for (const p of parts) {
    const n = /^\d+(\.\d+)?$/.test(p) ? Number(p) : NaN;
    if (!(n >= 1 && n <= 1000)) return `thresholds=${value}: expected percentages between 1 and 1000 separated by commas, e.g. thresholds=50,80,100.`;
    if (out.includes(n)) return `thresholds=${value}: ${n} is listed twice.`;
    out.push(n);
  }
  return out.sort((a, b) => a - b);
}

function parseSet(words: Word[]): ParseBudgetResult {
  const bad = nameError(words[0], USAGE.set);
  if (bad) return fail(bad);
  const name = words[0]!.text;
  const scope: string[] = [];
  let amount: string | null = null;
  let period: BudgetPeriodUnit | null = null;
  let thresholds: number[] | null = null;
  let forecast: boolean | null = null;
  let owner: string | null = null;
  for (const w of words.slice(1)) {
    const money = /^([^/=]+)\/(.*)$/.exec(w.text);
    if (money && !w.text.includes('=')) {
      if (amount !== null) return fail(`Give one amount and period, not “${amount}/${period}” and “${w.text}”.`);
      const checked = checkedAmount(money[1]!, '50000/month');
      if (!checked.ok) return fail(checked.message);
      const unit = money[2]!.toLowerCase().replace(/ly$/, '');
      if (unit !== 'month' && unit !== 'quarter' && unit !== 'year') {
        return fail(`“${money[2]}” is not a budget period: use month, quarter or year, e.g. ${money[1]}/month.`);
      }
      amount = checked.amount;
      period = unit;
      continue;
    }
    const opt = option(w);
    if (opt?.key === 'thresholds' || opt?.key === 'threshold') {
      const t = parseThresholds(opt.value);
      if (typeof t === 'string') return fail(t);
      thresholds = t;
    } else if (opt?.key === 'forecast') {
      const v = opt.value.toLowerCase();
      if (!['on', 'off', 'yes', 'no', 'true', 'false'].includes(v)) return fail(`forecast=${opt.value}: use forecast=on or forecast=off.`);
      forecast = ['on', 'yes', 'true'].includes(v);
    } else if (opt?.key === 'owner') {
      if (!opt.value) return fail('owner= needs a team name from the configuration’s teams, e.g. owner=nlp.');
      owner = opt.value;
    } else if (/^(tag:)?[^=:!]+(!=|=|:)/i.test(w.text)) {
      scope.push(w.raw);
    } else if (/^\d/.test(w.text)) {
      return fail(`Write the amount with its period, e.g. ${w.text}/month (month, quarter or year).`);
    } else {
      return fail(`I did not understand “${w.text}” in /budget set. ${USAGE.set}.`);
    }
  }
  if (amount === null || period === null) return fail(`Give the amount and its period, e.g. 50000/month (month, quarter or year): ${USAGE.set}.`);
  if (scope.length === 0) return fail(`Say what the budget covers with filters of the query language, e.g. team=nlp: ${USAGE.set}.`);
  return { ok: true, command: { kind: 'set', name, scope: scope.join(' '), amount, period, thresholds, forecast, owner } };
}

function parseRequest(words: Word[]): ParseBudgetResult {
  const bad = nameError(words[0], USAGE.request);
  if (bad) return fail(bad);
  const name = words[0]!.text;
  let amount: string | null = null;
  let until: string | null = null;
  let reason: string | null = null;
  for (const w of words.slice(1)) {
    const opt = option(w);
    if (opt?.key === 'until') {
      until = dateOf(opt.value);
      if (until === null) return fail(`until=${opt.value}: expected a date such as until=2026-12-31.`);
    } else if (opt?.key === 'reason') {
      reason = opt.value.trim();
    } else if (opt) {
      return fail(`Unknown option ${opt.key}=: a request takes until=YYYY-MM-DD and reason="…". ${USAGE.request}.`);
    } else if (/^[+-]?[\d.,]+$/.test(w.text)) {
      if (amount !== null) return fail(`Give one amount, not ${amount} and ${w.text}.`);
      if (w.text.startsWith('-')) return fail('An override adds to the budget: ask for a positive amount, e.g. +5000.');
      const checked = checkedAmount(w.text.replace(/^\+/, ''), '+5000');
      if (!checked.ok) return fail(checked.message);
      amount = checked.amount;
    } else {
      return fail(`I did not understand “${w.text}”. Put the reason in quotes: reason="${w.text} …". ${USAGE.request}.`);
    }
  }
  if (amount === null) return fail(`Say how much to add, e.g. +5000: ${USAGE.request}.`);
  if (!reason) return fail(`Say why, so the approvers can decide: reason="training run for the Q4 model". ${USAGE.request}.`);
  if (reason.length > MAX_REASON) return fail(`The reason is ${reason.length} characters long: keep it under ${MAX_REASON}.`);
  return { ok: true, command: { kind: 'request', name, amount, until, reason } };
}

/** Parses one `/budget` sentence (see the module comment). */
export function parseBudgetCommand(input: string): ParseBudgetResult {
  // NUL cannot be stored (PostgreSQL text); other control characters are only noise here.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const words = splitWords(input.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ' '));
  if (words[0] && /^\/?budgets?$/i.test(words[0].text)) words.shift();
  if (words.length === 0) return { ok: true, command: { kind: 'show', name: null } };
  const [first, ...rest] = words;
  const verb = first!.text.toLowerCase();
  switch (verb) {
    case 'help':
    case '?':
      return { ok: true, command: { kind: 'help' } };
    case 'show':
    case 'list':
      if (rest.length > 1) return fail(`/budget show takes at most one budget name. ${USAGE.show}.`);
      if (rest[0]) {
        const bad = nameError(rest[0], USAGE.show);
        if (bad) return fail(bad);
      }
      return { ok: true, command: { kind: 'show', name: rest[0]?.text ?? null } };
    case 'set':
      return parseSet(rest);
    case 'request':
      return parseRequest(rest);
    case 'history': {
      const bad = nameError(rest[0], USAGE.history);
      if (bad) return fail(bad);
      if (rest.length > 1) return fail(`/budget history takes one budget name. ${USAGE.history}.`);
      return { ok: true, command: { kind: 'history', name: rest[0]!.text } };
    }
    default: {
      // One word alone is a budget to show (`/budget nlp-monthly`); with more it was meant as a command.
      if (rest.length === 0 && NAME.test(first!.text)) return { ok: true, command: { kind: 'show', name: first!.text } };
      const near = closest(verb, SUBCOMMANDS);
      if (near) return fail(`Unknown /budget command “${first!.text}” — did you mean ${near}? ${USAGE[near as keyof typeof USAGE] ?? ''}`.trim());
      return fail(`Unknown /budget command “${first!.text}”. Try: ${Object.values(USAGE).join('; ')}.`);
    }
  }
}
