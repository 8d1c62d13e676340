import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../src/bot/start-bot.js';

/** The served bot on the bundled sample, clock fixed (the scheduler is then off: Run now runs the jobs). */
const NOW = Date.parse('2026-11-26T12:00:00Z');
const CONFIG = 'fixtures/jobs/teams.yaml';

let bot: Bot;
beforeAll(async () => {
  bot = await startBot({ now: NOW, port: 0, configPath: CONFIG, env: { FINOPS_DATA_DIR: 'memory://' }, logger: pino({ level: 'silent' }) });
}, 120_000);
afterAll(async () => {
  await bot?.stop();
});

const post = async (path: string, body: unknown) => {
  const res = await fetch(`${bot.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { notice: { text: string; title: string; actions?: { verb: string; id: string }[] }; data: Record<string, unknown> } };
};
type FeedMessage = { id: string; notice: { kind: string; key?: string; text: string; body?: string[]; actions?: { verb: string; id: string; label: string }[] }; replies: { notice: { kind: string; text: string } }[] };
const feed = async (channel: string) => (await (await fetch(`${bot.url}api/console/channels/${channel}/messages`)).json()) as FeedMessage[];
const cents = (d: unknown) => BigInt(String(d).replace('.', ''));

describe('the jobs and the GPU questions in the web console of the served bot', { timeout: 180_000 }, () => {
  it('does not start the scheduler with a fixed clock: nothing is posted until someone asks', async () => {
    expect(bot.jobs).toBeNull();
    expect(await feed('team-nlp')).toEqual([]);
  });

  it('answers `idle gpu last 7 days` and `advice` from the sample, with owners, hours and costs that add up', async () => {
    const idle = await post('api/console/ask', { text: 'idle gpu last 7 days' });
    expect(idle.status).toBe(200);
    expect(idle.body.kind).toBe('notice');
    const data = idle.body.data as { total: { idleCost: string; resources: number }; rows: { team: string; idleCost: string; idleHours: number }[]; episodes: { idleCost: string }[] };
    expect(data.total).toMatchObject({ idleCost: '7075.19', resources: 5 });
    expect(data.rows.reduce((s, r) => s + cents(r.idleCost), 0n)).toBe(cents(data.total.idleCost));
    expect(data.episodes.reduce((s, e) => s + cents(e.idleCost), 0n)).toBe(cents(data.total.idleCost));
    expect(data.rows.every((r) => r.team !== '')).toBe(true);

    const byTeam = await post('api/console/ask', { text: 'idle gpu last 7 days by team team=nlp,vision' });
    expect((byTeam.body.data as { rows: { team: string; idleCost: string }[] }).rows.map((r) => [r.team, r.idleCost])).toEqual([['vision', '5505.80'], ['nlp', '1393.23']]);

    const advice = await post('api/console/ask', { text: 'advice' });
    const a = advice.body.data as { totalMonthly: string; items: { monthlySavings: string; summary: string }[] };
    expect(a.items.length).toBeGreaterThan(3);
    expect(a.items.reduce((s, i) => s + cents(i.monthlySavings), 0n)).toBe(cents(a.totalMonthly));
    const sorted = a.items.map((i) => cents(i.monthlySavings));
    expect([...sorted].sort((x, y) => (y > x ? 1 : y < x ? -1 : 0))).toEqual(sorted);
  });

  it('answers the unit costs in the issue’s words, and the same through POST /api/ask', async () => {
    const perRun = await post('api/console/ask', { text: 'per run last 30 days' });
    expect(perRun.body.notice.title).toMatch(/^Cost per run/);
    const api = await post('api/ask', { text: 'cost per gpu-hour by team last 7 days' });
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({ kind: 'gpu-unit-cost', unit: 'gpu-hour', by: 'team' });
    // `per model` stays a grouping of a cost question.
    const grouped = await post('api/ask', { text: 'per model last week' });
    expect(grouped.body).toMatchObject({ query: { groupBy: ['model'] } });
  });

  it('runs a job from the console’s Run now: the digest reaches every team channel once, with its idle-GPU line', async () => {
    const run = await post('api/console/action', { verb: 'run-job', id: 'digest' });
    expect(run.body).toMatchObject({ kind: 'private', notice: { text: expect.stringMatching(/^digest ran: 6 posted, 0 already posted/) } });
    const nlp = await feed('team-nlp');
    expect(nlp.map((m) => m.notice.key)).toEqual(['digest:nlp:2026-11-25']);
    expect(nlp[0]!.notice.body!.some((b) => /^Idle GPUs 2026-11-25: \d+ resources?, .* USD \(largest: /.test(b))).toBe(true);
    expect(nlp[0]!.notice.actions!.map((b) => b.label)).toContain('Idle GPUs');

    // The same minute again: already done. A minute later: a new slot, but every key is in the ledger.
    const again = await post('api/console/action', { verb: 'run-job', id: 'digest' });
    expect(again.body.notice.text).toMatch(/^digest: already done/);
    expect((await feed('team-nlp')).length).toBe(1);
  });

  it('posts idle-GPU nudges with Snooze, Expected and Show usage; Expected asks a reason, is audited and silences the episode', async () => {
    const run = await post('api/console/action', { verb: 'run-job', id: 'idle-gpu' });
    expect(run.body.notice.text).toMatch(/^idle-gpu ran: [1-9]\d* posted/);
    const recsys = await feed('team-recsys');
    const nudge = recsys.find((m) => m.notice.kind === 'idle-gpu')!;
    expect(nudge.notice.actions!.map((b) => b.verb)).toEqual(['snooze', 'expected', 'usage']);
    const expected = nudge.notice.actions!.find((b) => b.verb === 'expected')!;

    const noReason = await post('api/console/action', { verb: 'expected', id: expected.id, message: { channel: 'team-recsys', id: nudge.id } });
    expect(noReason.body).toMatchObject({ kind: 'private', notice: { text: expect.stringMatching(/^Say why/) } });
    const marked = await post('api/console/action', { verb: 'expected', id: expected.id, input: 'kept for the Monday demo', message: { channel: 'team-recsys', id: nudge.id } });
    expect(marked.body).toMatchObject({ kind: 'thread', notice: { text: expect.stringContaining('kept for the Monday demo') } });
    expect((await feed('team-recsys')).find((m) => m.id === nudge.id)!.replies.map((r) => r.notice.kind)).toEqual(['idle-gpu-expected']);
    expect((await bot.store.listAudit(expected.id)).map((e) => [e.action, e.actor, (e.detail as { reason: string }).reason])).toEqual([['idle-gpu.expected', 'console-user', 'kept for the Monday demo']]);
    expect(await bot.store.activeSnooze(expected.id, new Date(NOW))).toMatchObject({ kind: 'expected' });

    const usage = await post('api/console/action', { verb: 'usage', id: nudge.notice.actions!.find((b) => b.verb === 'usage')!.id });
    expect(usage.body.notice.title).toMatch(/^GPU usage · recsys-debug-a2/);
  });

  it('refuses a button with a forged id and an unknown job', async () => {
    expect((await post('api/console/action', { verb: 'expected', id: 'budget:x', input: 'x' })).body.notice.text).toBe('This button names no idle-GPU episode.');
    expect((await post('api/console/action', { verb: 'run-job', id: 'rm -rf' })).body.notice.text).toMatch(/^No job is called/);
    expect((await post('api/console/action', { verb: 'why', id: 'spike:team=nlp:not-a-day' })).body.notice.text).toMatch(/names no spike/);
  });
});
