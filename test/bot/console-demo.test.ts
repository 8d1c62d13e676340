/**
 * The embedded default (`npm start`: no configuration file, the sample organisation, the
 * console on loopback) shows the whole loop: a member of nlp requests an override, the
 * acting user is switched, the approver approves, and the budget changes; access control
 * limits what each person sees. Everything over HTTP, as the page does it.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../src/bot/start-bot.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
let bot: Bot;

beforeAll(async () => {
  bot = await startBot({ now: NOW, port: 0, env: { FINOPS_DATA_DIR: 'memory://' }, logger: pino({ level: 'silent' }) });
}, 120_000);
afterAll(async () => {
  await bot?.stop();
});

type Json = Record<string, unknown>;
async function call(path: string, as: string | null, body?: unknown): Promise<{ status: number; json: Json }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (as) headers['x-finops-act-as'] = as;
  const res = await fetch(`${bot.url}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, json: (await res.json()) as Json };
}
const ask = (text: string, as: string | null) => call('api/console/ask', as, { text });
const press = (as: string | null, verb: string, id: string, message?: { channel: string; id: string }, input?: string) => call('api/console/action', as, { verb, id, ...(message ? { message } : {}), ...(input ? { input } : {}) });
const feed = async (channel: string, as: string | null) => (await call(`api/console/channels/${channel}/messages`, as)).json as unknown as { id: string; notice: { kind: string; title: string; actions?: { verb: string; id: string }[] } }[];

describe('the console demo on the sample organisation (loopback, no chat)', () => {
  it('offers the sample people to act as', async () => {
    const meta = (await call('api/console/meta', null)).json as { actingUsers: { id: string; name: string; role: string }[]; tokenRequired: boolean };
    expect(meta.tokenRequired).toBe(false);
    expect(meta.actingUsers).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'console-user', role: 'administrator (this machine)' }),
      { id: 'U0NLPDEV1', name: 'Nils', role: 'member of nlp' },
      expect.objectContaining({ id: 'U0NLPLEAD', name: 'Noor', role: expect.stringContaining('approver of nlp') }),
    ]));
  });

  it('limits a member of nlp asking `by team last month` to nlp; the operator sees every team', async () => {
    const mine = (await ask('by team last month', 'U0NLPDEV1')).json as { answer: { rows: { key: { team: string } }[]; notes: string[] } };
    expect(mine.answer.rows.map((r) => r.key.team)).toEqual(['nlp']);
    expect(mine.answer.notes[0]).toBe('Limited to what you may see: team=nlp.');
    const all = (await ask('by team last month', null)).json as { answer: { rows: { key: { team: string } }[] } };
    expect(all.answer.rows.map((r) => r.key.team)).toEqual(expect.arrayContaining(['nlp', 'vision', 'speech']));
    const refused = await ask('team=vision last month', 'U0NLPDEV1');
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain('team=vision is outside it');
  });

  it('runs the loop: Nils requests, Victor and Nils cannot approve, Noor approves, the budget grows and Nils is told', async () => {
    const before = (await ask('budget show nlp-monthly', 'U0NLPDEV1')).json as { data: { budgets: { effectiveAmount: string }[] } };
    expect(before.data.budgets[0]!.effectiveAmount).toBe('150000.00');

    const filed = await ask('budget request nlp-monthly +50000 reason="Q4 fine-tuning run"', 'U0NLPDEV1');
    expect(filed.status).toBe(200);
    const id = (filed.json.data as { request: { id: string } }).request.id;

    const [message] = (await feed('team-nlp', 'U0NLPLEAD')).filter((m) => m.notice.kind === 'override-request');
    expect(message!.notice.actions!.map((a) => [a.verb, a.id])).toEqual([['override.approve', id], ['override.deny', id]]);
    const where = { channel: 'team-nlp', id: message!.id };

    const victor = await press('U0VISDEV1', 'override.approve', id, where);
    expect(victor.json).toMatchObject({ kind: 'private', notice: { text: expect.stringContaining('Only the approvers of nlp') } });
    const nils = await press('U0NLPDEV1', 'override.approve', id, where);
    expect(nils.json).toMatchObject({ kind: 'private', notice: { text: expect.stringContaining('yourself') } });

    const noor = await press('U0NLPLEAD', 'override.approve', id, where);
    expect(noor.json).toMatchObject({ kind: 'update', notice: { kind: 'override-approved' }, toClicker: { text: expect.stringContaining('it is now 200,000.00 USD') } });
    expect((await feed('team-nlp', 'U0NLPLEAD')).find((m) => m.id === message!.id)!.notice).toMatchObject({ kind: 'override-approved' });

    const told = await feed('dm-U0NLPDEV1', 'U0NLPDEV1');
    expect(told.at(-1)!.notice).toMatchObject({ kind: 'override-approved-requester', title: `Your override request #${id} was approved` });
    // Another person's direct messages are not readable.
    expect((await call('api/console/channels/dm-U0NLPDEV1/messages', 'U0NLPLEAD')).status).toBe(404);

    const after = (await ask('budget show nlp-monthly', 'U0NLPDEV1')).json as { data: { budgets: { effectiveAmount: string }[] } };
    expect(after.data.budgets[0]!.effectiveAmount).toBe('200000.00');
    const history = (await ask('budget history nlp-monthly', 'U0NLPLEAD')).json as { notice: { table?: { rows: string[][] } } };
    expect(JSON.stringify(history.notice)).toMatch(/override\.approve/);
  });

  it('refuses to act as someone who is not configured', async () => {
    const res = await ask('by team last week', 'U0NOBODY1');
    expect(res.status).toBe(400);
    expect(res.json.error).toContain('GET /api/console/meta lists the people to act as');
  });

  it('answers POST /api/ask as the operator on loopback, budgets included', async () => {
    const res = await fetch(`${bot.url}api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'budget' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { budgets: { name: string }[] };
    expect(body.budgets.map((b) => b.name)).toEqual(['nlp-monthly', 'vision-monthly']);
  });
});
