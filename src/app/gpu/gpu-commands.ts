/**
 * The GPU questions in chat (spec: jobs-and-approvals.md, "GPU utilisation", query words):
 * `idle gpu [time] [by team] [team=…]`, `advice [team=…] [time]`, and the unit costs
 * `per gpu-hour [by model] [team=… | model=…] [time]`, `per 1m tokens [model=…] [time]`,
 * `per run [model=…] [time]`. The words after the command are read by the query language
 * (time, `team=`/`model=` filters, `by team`), so `idle gpu last 7 days by team` means what
 * it says everywhere. Each answers with a notice and its JSON (`data`, what the API returns).
 */
import { addDays, todayIn } from '../../core/dates.js';
import type { DateRange, ParsedQuery } from '../../core/types.js';
import type { CommandRequest } from '../conversation/commands.js';
import type { ConversationDeps, ConversationServices } from '../conversation/ports.js';
import type { Identity, Notice, Reply } from '../conversation/types.js';
import { gpuAdvice } from './gpu-advice.js';
import { instantsOf, type GpuDeps } from './gpu-analysis.js';
import { gpuUnitCosts, type UnitKind } from './gpu-unit-costs.js';
import { gpuUsage } from './gpu-usage.js';
import { idleGpuReport } from './idle-gpu-report.js';

/** `per gpu-hour`, `per 1m tokens`, `per run` (and their plain spellings), anywhere in a message. */
export const UNIT_PHRASE = /\bper\s+(gpu[\s-]?hours?|1\s?m(?:illion)?\s+tokens?|million\s+tokens?|runs?)\b/i;

/** True when a message asks for a GPU unit cost (`cost per gpu-hour by model`, `llama-70b per 1m tokens`). */
export function asksUnitCost(text: string): boolean {
  return UNIT_PHRASE.test(text);
}

function unitOf(phrase: string): UnitKind {
  const p = phrase.toLowerCase();
  if (p.startsWith('gpu')) return 'gpu-hour';
  if (p.startsWith('run')) return 'run';
  return '1m-tokens';
}

const notice = (title: string, text: string, tone: Notice['tone'] = 'info'): Notice => ({ kind: 'gpu', title, text, tone });

/** Replies that the GPU questions are not wired in this surface. */
function unavailable(what: string): Reply {
  return { kind: 'notice', notice: notice(what, `${what} is not available here: ask in Slack, Teams or the web console of the running bot (finops-bot serve).`, 'warning'), public: false };
}

/**
 * The teams whose GPUs this person may see: null = every team; a list otherwise; or a
 * refusal. With `access` configured and no policy wired, only the console and the CLI
 * (operators) are answered, so that no answer reaches further than the policy would allow.
 */
export async function gpuTeamsFor(services: ConversationServices, identity: Identity): Promise<{ ok: true; teams: string[] | null } | { ok: false; message: string }> {
  const policy = services.access?.policy;
  if (!policy) {
    if (services.config.access === undefined || identity.platform === 'console' || identity.platform === 'cli') return { ok: true, teams: null };
    return { ok: false, message: 'GPU answers are limited to what you may see, and this bot cannot tell that here yet: ask an administrator.' };
  }
  if (!policy.enabled) return { ok: true, teams: null };
  const viewer = await policy.viewer(identity);
  if (viewer.kind === 'everything') return { ok: true, teams: null };
  const teams = viewer.clauses.flatMap((c) => {
    const keys = Object.keys(c.filters);
    return keys.length === 1 && keys[0] === 'team' ? (c.filters.team!.in ?? []) : [];
  });
  if (teams.length === 0) return { ok: false, message: 'You may see no team’s GPU costs (GPU answers follow team scopes): ask an administrator to add you to a team.' };
  return { ok: true, teams };
}

/** The requested teams within the visible ones (null = no limit); an empty list sees nothing. */
function within(requested: string[] | null, visible: string[] | null): string[] | null {
  if (visible === null) return requested;
  if (requested === null) return visible;
  const v = new Set(visible.map((t) => t.toLowerCase()));
  return requested.filter((t) => v.has(t.toLowerCase()));
}

interface Read {
  query: ParsedQuery;
  /** The range asked for, or null when the words named no time (each command has its own default). */
  dates: DateRange | null;
  teams: string[] | null;
  models: string[] | null;
  notes: string[];
}

/** Reads the words after a GPU command with the query language. */
function readWords(deps: ConversationDeps, words: string, now: number): Read | { rejected: Reply } {
  const query = deps.asker.parse(words, now);
  if (query.error !== null) {
    return { rejected: { kind: 'rejected', asked: words, message: query.error, suggestions: query.suggestions ?? [], examples: ['idle gpu last 7 days', 'advice team=nlp', 'per gpu-hour by model last month', 'per 1m tokens last 7 days'], query } };
  }
  const plain = deps.asker.parse('', now);
  const named = query.range.start !== plain.range.start || query.range.end !== plain.range.end || /\b(month|mtd)\b/i.test(words);
  const notes: string[] = [];
  const teams = query.filters.team?.in ?? null;
  const models = query.filters.model?.in ?? null;
  const others = Object.keys(query.filters).filter((k) => k !== 'team' && k !== 'model');
  if (others.length > 0 || query.filters.team?.notIn?.length || query.filters.model?.notIn?.length) notes.push(`GPU answers filter by team=… and model=… only: ${others.join(', ') || '!='} left out.`);
  return { query, dates: named ? query.range : null, teams, models, notes };
}

/** Runs a GPU use case for a command, with the services, the reading of its words and the asker's scope. */
async function withGpu(
  deps: ConversationDeps,
  request: CommandRequest,
  what: string,
  words: string,
  run: (gpu: GpuDeps, read: Read, visible: string[] | null) => Promise<{ notice: Notice; data: unknown }>,
): Promise<Reply> {
  const gpu = deps.services?.gpu;
  if (!deps.services || !gpu) return unavailable(what);
  const read = readWords(deps, words, request.now);
  if ('rejected' in read) return read.rejected;
  const scope = await gpuTeamsFor(deps.services, request.identity);
  if (!scope.ok) return { kind: 'notice', notice: notice(what, scope.message, 'warning'), public: false };
  const { notice: n, data } = await run(gpu, read, scope.teams);
  const notes = [...(n.notes ?? []), ...read.notes, ...(scope.teams ? [`Limited to what you may see: ${scope.teams.map((t) => `team=${t}`).join(', ')}.`] : [])];
  return { kind: 'notice', notice: { ...n, notes }, public: false, data };
}

/** `idle gpu …` (the word after `idle` must be `gpu` or `gpus`; anything else is a cost question). */
export async function idleGpuCommand(deps: ConversationDeps, request: CommandRequest, fallback: (deps: ConversationDeps, request: CommandRequest) => Promise<Reply>): Promise<Reply> {
  const m = /^gpus?\b\s*([\s\S]*)$/i.exec(request.rest);
  if (!m) return fallback(deps, request);
  return withGpu(deps, request, 'Idle GPUs', m[1]!, async (gpu, read, visible) => {
    const today = todayIn(request.now, gpu.timezone);
    const dates = read.dates ?? { start: addDays(today, -7), end: today };
    const teams = within(read.teams, visible);
    return idleGpuReport(gpu, { range: instantsOf(dates, gpu.timezone), dates, by: read.query.groupBy.includes('team') ? 'team' : 'resource', ...(teams ? { teams } : {}) });
  });
}

/** `advice [team=…] [time]`: the GPU savings advice (default: the last `gpu.rightsizing.days` days). */
export async function adviceCommand(deps: ConversationDeps, request: CommandRequest): Promise<Reply> {
  return withGpu(deps, request, 'GPU savings advice', request.rest, async (gpu, read, visible) => {
    const teams = within(read.teams, visible);
    return gpuAdvice(gpu, { now: request.now, ...(read.dates ? { dates: read.dates, range: instantsOf(read.dates, gpu.timezone) } : {}), ...(teams ? { teams } : {}) });
  });
}

/** `per gpu-hour`, `per 1m tokens`, `per run`, with the rest of the message read as filters, grouping and time. */
export async function unitCostCommand(deps: ConversationDeps, request: CommandRequest): Promise<Reply> {
  const m = UNIT_PHRASE.exec(request.text)!;
  const unit = unitOf(m[1]!);
  const words = `${request.text.slice(0, m.index)} ${request.text.slice(m.index + m[0].length)}`.replace(/^\s*\/?cost\b/i, '').trim();
  const title = unit === 'gpu-hour' ? 'Cost per GPU-hour' : unit === 'run' ? 'Cost per run' : 'Cost per 1M tokens';
  return withGpu(deps, request, title, words, async (gpu, read, visible) => {
    const dates = read.dates ?? read.query.range;
    const teams = within(read.teams, visible);
    return gpuUnitCosts(gpu, {
      unit,
      range: instantsOf(dates, gpu.timezone),
      dates,
      by: read.query.groupBy.includes('model') ? 'model' : 'team',
      ...(teams ? { teams } : {}),
      ...(read.models ? { models: read.models } : {}),
    });
  });
}

/** *Show usage* on an idle-GPU nudge (`usage`, id = the resource): its utilisation over the last two days, to the clicker. */
export async function usageAction(deps: ConversationDeps, req: { id: string; identity: Identity; now: number }): Promise<{ kind: 'reply'; reply: Reply; replace: false } | { kind: 'private'; notice: Notice }> {
  const gpu = deps.services?.gpu;
  if (!deps.services || !gpu) return { kind: 'private', notice: notice('GPU usage', 'GPU usage is not available here: use Slack, Teams or the web console of the running bot.', 'warning') };
  const scope = await gpuTeamsFor(deps.services, req.identity);
  if (!scope.ok) return { kind: 'private', notice: notice('GPU usage', scope.message, 'warning') };
  const { notice: n, data } = await gpuUsage(gpu, req.id, req.now);
  const team = (data as { team?: string }).team;
  if (scope.teams && team !== undefined && !scope.teams.some((t) => t.toLowerCase() === team.toLowerCase())) {
    return { kind: 'private', notice: notice('GPU usage', `${req.id.slice(0, 120)} belongs to a team whose costs you may not see.`, 'warning') };
  }
  return { kind: 'reply', reply: { kind: 'notice', notice: n, public: false, data }, replace: false };
}
