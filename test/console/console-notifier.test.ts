import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notifier } from '../../src/app/conversation/types.js';
import { consoleNotifier } from '../../src/console/console-notifier.js';
import { openStore, type Store } from '../../src/store/index.js';
import { digestNotice, threadNotice, updatedNotice } from '../helpers/notices.js';
import { NOW, startConsoleServer } from './console-fixture.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field below
type Json = any;

let store: Store;
let notifier: Notifier;
let server: Awaited<ReturnType<typeof startConsoleServer>>;
beforeAll(async () => {
  store = await openStore({ dataDir: 'memory://' });
  notifier = consoleNotifier(store, () => NOW);
  server = await startConsoleServer({ store, config: { teams: {} } });
});
afterAll(async () => {
  await server.close();
  await store.close();
});

const feed = async (channel: string): Promise<Json[]> => (await fetch(`${server.base}/api/console/channels/${channel}/messages`)).json() as Promise<Json[]>;
const action = (body: unknown) => fetch(`${server.base}/api/console/action`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('the console Notifier and its channel feed', () => {
  it('posts to a team channel (by team name or channel id), updates, threads, and the page reads it newest last with replies', async () => {
    const first = await notifier.post('nlp', digestNotice());
    const second = await notifier.post('team-nlp', digestNotice({ key: 'digest:nlp:2026-11-26', title: 'Daily digest · nlp · 2026-11-26' }));
    await notifier.update(first, updatedNotice());
    const reply = await notifier.reply(first, threadNotice());

    expect(first).toEqual({ platform: 'console', channel: 'team-nlp', id: expect.stringMatching(/^\d+$/) });
    expect(reply.channel).toBe('team-nlp');
    const messages = await feed('team-nlp');
    expect(messages.map((m) => m.notice.title)).toEqual(['Daily digest · nlp · 2026-11-25 (corrected)', 'Daily digest · nlp · 2026-11-26']);
    expect(messages[0]).toMatchObject({ id: first.id, channel: 'team-nlp', postedAt: new Date(NOW).toISOString(), replies: [{ id: reply.id, notice: { title: 'Why the spike' } }] });
    expect(messages[1]).toMatchObject({ id: second.id, replies: [] });
    expect(messages[0].notice.chart.config.data.labels).toEqual(['llama-70b', 'sdxl']);
  });

  it('writes to the console user directly, in the direct-messages channel the page lists', async () => {
    const meta = (await (await fetch(`${server.base}/api/console/meta`)).json()) as Json;
    const ref = await notifier.direct(meta.user.id, threadNotice());

    expect(ref.channel).toBe(meta.direct.id);
    expect((await feed(meta.direct.id)).map((m) => m.notice.title)).toEqual(['Why the spike']);
  });

  it('finds what it posted by ledger key since a time', async () => {
    const ref = await notifier.post('vision', digestNotice({ key: 'budget:vision:2026-11-01:80' }));

    expect(await notifier.findPosted('vision', 'budget:vision:2026-11-01:80', new Date(NOW - 1000))).toEqual(ref);
    expect(await notifier.findPosted('team-vision', 'budget:vision:2026-11-01:80', new Date(NOW + 1000))).toBeNull();
    expect(await notifier.findPosted('vision', 'budget:vision:2026-11-01:100', new Date(0))).toBeNull();
  });

  it('refuses to update or thread on a message that does not exist', async () => {
    await expect(notifier.update({ platform: 'console', channel: 'team-nlp', id: '999999' }, updatedNotice())).rejects.toThrow(/No console message 999999/);
    await expect(notifier.reply({ platform: 'console', channel: 'team-nlp', id: '999999' }, threadNotice())).rejects.toThrow(/to reply to/);
  });
});

describe('POST /api/console/action', () => {
  it('runs an ask button of a notice: the answer, as /api/console/ask gives it', async () => {
    const ref = await notifier.post('nlp', digestNotice());
    const res = await action({ verb: 'ask', id: 'by team last week', message: { channel: ref.channel, id: ref.id } });

    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body).toMatchObject({ kind: 'answer', view: { title: 'Cost by team', range: '2026-11-16 → 2026-11-22 (7 days)' } });
  });

  it('tells the clicker privately about a button with no use case (a verb of another version)', async () => {
    const res = await action({ verb: 'approve', id: '42' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'private', notice: { kind: 'unsupported-action', text: expect.stringContaining('does nothing in this version') } });
    expect(await (await action({ verb: 'no-such-verb', id: 'x' })).json()).toMatchObject({ kind: 'private' });
  });

  it('refuses a malformed click, and a message that is not in the channel named', async () => {
    const bad = await action({ verb: 42, id: 'x' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error).toMatch(/Send a JSON body \{"verb"/);
    const ref = await notifier.post('nlp', digestNotice());
    const elsewhere = await action({ verb: 'ask', id: 'by team', message: { channel: 'team-vision', id: ref.id } });
    expect(elsewhere.status).toBe(404);
    expect(((await elsewhere.json()) as Json).error).toMatch(/reload the channel/);
  });
});
