/**
 * The buttons on the jobs' messages, as use cases of the conversation layer's action
 * table (one line each there). A button carries a verb and an id; who clicked comes from
 * the adapter's verified identity; what the click may do is decided here.
 * - `snooze` (id = the alert's scope): silence it for 24 h, audited.
 * - `why` (id = the spike's ledger key): the full breakdown, in the alert's thread.
 * - `expected` (id = the idle-GPU episode's ledger key, with a reason): no more nudges
 *   for that episode, audited, said in the nudge's thread.
 * - `run-job` (id = a job's name; the console's *Run now*): runs the job now through the
 *   claim-and-ledger path, so it posts only what was not posted yet.
 */
import { todayIn } from '../../core/dates.js';
import type { ActionUseCase } from '../conversation/actions.js';
import type { ConversationDeps, ConversationServices } from '../conversation/ports.js';
import type { ActionRequest, ActionResult, Notice } from '../conversation/types.js';
import { explainSpike } from './anomalies/anomalies-job.js';
import { whyNotice } from './anomalies/spike-notice.js';
import { findJob, JOBS } from './registry.js';
import { snoozeScope } from './snooze.js';

/** An *Expected* mark silences its episode for as long as any episode lasts in practice. */
export const EXPECTED_FOR_MS = 366 * 24 * 3_600_000;
const EPISODE_KEY = /^idle-gpu:.+:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?Z$/;

const privately = (title: string, text: string, tone: Notice['tone'] = 'warning'): ActionResult => ({ kind: 'private', notice: { kind: 'job-action', title, text, tone } });
const notHere = (what: string) => privately(what, `${what} is not available here: use Slack, Teams or the web console of the running bot.`);

type Needs<K extends keyof ConversationServices> = ConversationServices & Required<Pick<ConversationServices, K>>;
function services<K extends keyof ConversationServices>(deps: ConversationDeps, ...keys: K[]): Needs<K> | null {
  const s = deps.services;
  return s && keys.every((k) => s[k] !== undefined) ? (s as Needs<K>) : null;
}

export const snoozeAction: ActionUseCase = async (deps, req) => {
  const s = services(deps, 'store');
  if (!s) return notHere('Snooze');
  return { kind: 'private', notice: await snoozeScope(s.store, req.id, req.identity, new Date(req.now)) };
};

/** May this person see the breakdown of spike `dimension=value`? Everyone without access control; else everything-viewers and the team's own members. */
async function maySeeSpike(s: ConversationServices, req: ActionRequest, dimension: string, value: string): Promise<boolean> {
  const policy = s.access?.policy;
  if (!policy) return s.config.access === undefined || req.identity.platform === 'console' || req.identity.platform === 'cli';
  if (!policy.enabled) return true;
  const viewer = await policy.viewer(req.identity);
  if (viewer.kind === 'everything') return true;
  if (dimension !== 'team') return false;
  return viewer.clauses.some((c) => Object.keys(c.filters).length === 1 && (c.filters.team?.in ?? []).some((v) => v.toLowerCase() === value.toLowerCase()));
}

export const whyAction: ActionUseCase = async (deps, req) => {
  const s = services(deps, 'jobCosts');
  if (!s) return notHere('Why?');
  const m = /^spike:([^=]+)=(.+):(\d{4}-\d{2}-\d{2})$/.exec(req.id);
  if (!m || !(await maySeeSpike(s, req, m[1]!, m[2]!))) return privately('Why?', `“${req.id.slice(0, 120)}” names no spike you may see explained.`);
  const now = new Date(req.now);
  const explained = await explainSpike({ config: s.config, costs: s.jobCosts(now), today: todayIn(req.now, s.config.timezone) }, req.id);
  if (explained === null) return privately('Why?', `“${req.id.slice(0, 120)}” names no spike this bot can explain.`);
  return { kind: 'thread', notice: whyNotice(explained, s.config) };
};

export const expectedAction: ActionUseCase = async (deps, req) => {
  const s = services(deps, 'store');
  if (!s) return notHere('Expected');
  if (!EPISODE_KEY.test(req.id)) return privately('Expected', 'This button names no idle-GPU episode.');
  const reason = req.input?.trim() ?? '';
  if (reason === '') return privately('Expected', 'Say why this GPU is idle on purpose: the reason is kept in the audit log.');
  const now = new Date(req.now);
  await s.store.snooze({ resource: req.id, until: new Date(now.getTime() + EXPECTED_FOR_MS), by: req.identity.userId, kind: 'expected' }, now);
  await s.store.appendAudit({ actor: req.identity.userId, platform: req.identity.platform, action: 'idle-gpu.expected', subject: req.id, detail: { reason: reason.slice(0, 500) } }, now);
  const who = req.identity.displayName ?? req.identity.userId;
  return {
    kind: 'thread',
    notice: { kind: 'idle-gpu-expected', title: 'Marked as expected', text: `${who} marked this idle GPU as expected: “${reason.slice(0, 500)}”. No more nudges for this idle stretch.`, tone: 'info' },
  };
};

export const runJobAction: ActionUseCase = async (deps, req) => {
  const s = deps.services;
  if (!s?.runJob) return notHere('Run now');
  const job = findJob(req.id);
  if (!job) return privately('Run now', `No job is called “${req.id.slice(0, 40)}”: ${JOBS.map((j) => j.name).join(', ')}.`);
  const allowed = req.identity.platform === 'console' && (s.access ? s.access.policy.isAdmin(req.identity) : s.consoleTrusted === true);
  if (!allowed) return privately('Run now', 'Only the web console’s operator can run a job by hand (or `finops-bot jobs run` on the server).');
  const report = await s.runJob(job.name, req.now);
  const r = report.summary;
  const counts = `${r.posted} posted, ${r.duplicate} already posted, ${r.snoozed} snoozed, ${r.failed} failed, ${r.uncertain} uncertain`;
  const text = report.error !== undefined ? `${job.name} failed: ${report.error}` : !r.claimed && r.reason ? `${job.name}: ${r.reason}` : `${job.name} ran: ${counts}.`;
  return {
    kind: 'private',
    notice: {
      kind: 'job-run',
      title: `Run now · ${job.name}`,
      text,
      ...(report.lines.length ? { table: { columns: ['key', 'status', 'channels'], rows: report.lines.slice(0, 30).map((l) => [l.key, l.status, l.targets.map((t) => `${t.platform}:${t.channel}`).join(' ')]) } } : {}),
      ...(report.notes.length ? { notes: report.notes.slice(0, 10) } : {}),
      tone: report.error !== undefined || r.failed > 0 ? 'alert' : 'good',
    },
  };
};
