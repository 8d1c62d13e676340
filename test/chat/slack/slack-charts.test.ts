import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NOW, startHarness, type Harness } from './test-helpers.js';
import type { ChartPng, ChartRenderer } from '../../../src/app/conversation/ports.js';
import type { SlackBlock } from '../../../src/chat/slack/types.js';

const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(1226, 7)]);
/** A stub of the chart port: a fixed PNG, and a QuickChart URL of the asked length naming the chart's bar count. */
const stubCharts = (urlLength = 200): ChartRenderer => ({
  png: async (): Promise<ChartPng> => ({ png: PNG, width: 800, height: 400, alt: 'Bar chart of cost by team', mime: 'image/png' }),
  quickChartUrl: async (chart) => {
    const bars = (chart.config as { data: { labels: unknown[] } }).data.labels.length;
    const base = `https://qc.example.com/chart?q=${bars}&c=`;
    return base + 'x'.repeat(urlLength - base.length);
  },
});

type Body = { response_type?: string; text: string; blocks: SlackBlock[] };
const lastResponse = async (h: Harness, id: string, count = 1) => {
  await h.fake.waitFor(() => h.fake.responses.filter((r) => id.endsWith(`/response/${r.id}`)).length >= count);
  return h.fake.responses.filter((r) => id.endsWith(`/response/${r.id}`)).at(-1)!.body as Body;
};
const image = (blocks: SlackBlock[]) => blocks.find((b) => b.type === 'image');
const notes = (blocks: SlackBlock[]) => JSON.stringify(blocks.filter((b) => b.type === 'context'));

describe('charts in Slack answers (upload mode, stub renderer)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ charts: stubCharts() });
    await h.engine.ask('by team last week', NOW);
  });
  afterAll(async () => h.close());
  beforeEach(() => h.fake.reset());

  it('uploads the chart of a public answer privately (getUploadURLExternal → bytes → completeUploadExternal, no channel) and shows it by file id', async () => {
    const res = await h.command('public by team last week');
    const body = await lastResponse(h, res.responseUrl);
    expect(h.fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(h.fake.calls[0]!.body).toMatchObject({ filename: 'chart.png', length: String(PNG.length) });
    expect(h.fake.uploads).toEqual([{ fileId: expect.stringMatching(/^F/), bytes: PNG.length, field: 'body', contentType: expect.any(String), head: '89504e470d0a1a0a' }]);
    const fileId = h.fake.uploads[0]!.fileId;
    // No channel: the file is shared with no conversation and posts no message of its own.
    expect(h.fake.calls[1]!.body).toMatchObject({ files: [{ id: fileId, title: 'public by team last week', highlight_type: 'png' }] });
    expect(h.fake.calls[1]!.body).not.toHaveProperty('channel_id');
    expect(image(body.blocks)).toEqual({ type: 'image', slack_file: { id: fileId }, alt_text: 'Bar chart of cost by team', title: expect.objectContaining({ type: 'plain_text' }) });
  });

  it('shows the chart in an answer only the asker sees too: the private upload shares it with nobody', async () => {
    const res = await h.command('by team last week');
    const body = await lastResponse(h, res.responseUrl);
    expect(body.response_type).toBe('ephemeral');
    expect(h.fake.callsTo('files.completeUploadExternal')[0]!.body).not.toHaveProperty('channel_id');
    expect(image(body.blocks)).toMatchObject({ slack_file: { id: h.fake.uploads[0]!.fileId } });
    expect(notes(body.blocks)).not.toContain('chart');
  });

  it('uploads the same way for a DM', async () => {
    const res = await h.command('by team last week', { channel_id: 'D0ALICE', channel_name: 'directmessage' });
    const body = await lastResponse(h, res.responseUrl);
    expect(h.fake.callsTo('files.completeUploadExternal')[0]!.body).not.toHaveProperty('channel_id');
    expect(image(body.blocks)).toMatchObject({ slack_file: { id: h.fake.uploads[0]!.fileId } });
    expect(JSON.stringify(body.blocks)).not.toContain('finops:share');
  });

  it('answers without the chart, with a note, when the upload fails', async () => {
    h.fake.failNext('files.getUploadURLExternal', 'not_in_channel');
    const res = await h.command('public by team last week');
    const body = await lastResponse(h, res.responseUrl);
    expect(body.response_type).toBe('in_channel');
    expect(image(body.blocks)).toBeUndefined();
    expect(notes(body.blocks)).toContain('not_in_channel: invite me to the channel');
    expect(h.logs.join('\n')).toContain('slack chart left out');
  });

  it('sends the answer again without the chart when Slack refuses the message with it', async () => {
    h.fake.failNextResponse(400);
    const res = await h.command('public by team last week');
    const body = await lastResponse(h, res.responseUrl, 2);
    expect(h.fake.responses.filter((r) => res.responseUrl.endsWith(r.id))).toHaveLength(2);
    expect(image(h.fake.responses[0]!.body.blocks as SlackBlock[])).toBeDefined();
    expect(image(body.blocks)).toBeUndefined();
    expect(notes(body.blocks)).toContain('The chart could not be shown');
  });

  it('shows the chart of a mention answer in its thread, the file uploaded privately', async () => {
    await h.event({ type: 'event_callback', team_id: 'T0FAKE', api_app_id: 'A0FINOPS', event_id: 'Ev0C1', event_time: 1764158400, event: { type: 'app_mention', user: 'U0BOB', text: '<@UBOT> by team last week', ts: '1764158400.000900', channel: 'C0COSTS', event_ts: '1764158400.000900' } });
    await h.fake.waitFor(() => h.fake.callsTo('chat.postMessage').length === 1);
    expect(h.fake.callsTo('files.completeUploadExternal')[0]!.body).not.toHaveProperty('channel_id');
    expect(h.fake.callsTo('chat.postMessage')[0]!.body).toMatchObject({ channel: 'C0COSTS', thread_ts: '1764158400.000900' });
    expect(image(h.fake.callsTo('chat.postMessage')[0]!.body.blocks as SlackBlock[])).toMatchObject({ slack_file: { id: h.fake.uploads[0]!.fileId } });
  });
});

describe('charts in QuickChart mode', () => {
  const config = { charts: { mode: 'quickchart', quickchart: { host: 'qc.example.com', scheme: 'https' } } };

  it('shows a QuickChart URL of up to 3,000 characters as image_url, uploading nothing, even on a private answer', async () => {
    const h = await startHarness({ charts: stubCharts(3000), config });
    try {
      const res = await h.command('by team last week');
      const body = await lastResponse(h, res.responseUrl);
      expect(image(body.blocks)).toMatchObject({ image_url: expect.stringMatching(/^https:\/\/qc\.example\.com\/chart\?q=4&c=x+$/) });
      expect((image(body.blocks)!.image_url as string).length).toBe(3000);
      expect(h.fake.calls.filter((c) => c.method.startsWith('files.'))).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('uploads instead when the URL is longer than Slack takes (3,000 characters)', async () => {
    const h = await startHarness({ charts: stubCharts(3001), config });
    try {
      const res = await h.command('public by team last week');
      const body = await lastResponse(h, res.responseUrl);
      expect(image(body.blocks)).toMatchObject({ slack_file: { id: expect.stringMatching(/^F/) } });
      expect(h.fake.uploads).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe('charts from src/charts (the default renderer)', () => {
  it('uploads a real PNG for a private answer', async () => {
    const h = await startHarness({ charts: 'default' });
    try {
      const res = await h.command('by team last week');
      const body = await lastResponse(h, res.responseUrl);
      expect(h.fake.uploads).toHaveLength(1);
      expect(h.fake.uploads[0]!.head).toBe('89504e470d0a1a0a');
      expect(h.fake.uploads[0]!.bytes).toBeGreaterThan(1000);
      expect(image(body.blocks)).toMatchObject({ slack_file: { id: h.fake.uploads[0]!.fileId }, alt_text: expect.any(String) });
    } finally {
      await h.close();
    }
  });
});
