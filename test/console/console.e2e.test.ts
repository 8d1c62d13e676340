import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleNotifier } from '../../src/console/console-notifier.js';
import { parseConfig } from '../../src/config/index.js';
import { sampleDeps } from '../app/gpu/gpu-test-deps.js';
import { openStore, type Store } from '../../src/store/index.js';
import { digestNotice } from '../helpers/notices.js';
import { NOW, startConsoleServer } from './console-fixture.js';

// CI sets CHROMIUM_PATH (and fails if it is wrong); elsewhere Debian's chromium is used when installed.
const CHROMIUM = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '');
const HAVE_CHROMIUM = CHROMIUM !== '';
const SUITE = HAVE_CHROMIUM ? 'web console in a browser' : 'web console in a browser (skipped: set CHROMIUM_PATH or apt-get install chromium)';
/** Where the screenshot goes, for a person to look at. */
export const SCREENSHOT = '/tmp/finops-console.png';

describe.skipIf(!HAVE_CHROMIUM)(SUITE, () => {
  let browser: Browser;
  let server: Awaited<ReturnType<typeof startConsoleServer>>;
  let page: Page;
  let store: Store;
  const pageErrors: string[] = [];
  const dialogs: string[] = [];

  beforeAll(async () => {
    store = await openStore({ dataDir: 'memory://' });
    const parsed = parseConfig({});
    if (!parsed.ok) throw new Error('config');
    server = await startConsoleServer({ store, services: { config: parsed.config, store, notifiers: {}, gpu: sampleDeps('2026-11-26') } });
    // A digest in #vision, as the scheduled job will post it through the console's Notifier.
    const notifier = consoleNotifier(store, () => NOW);
    const ref = await notifier.post('vision', digestNotice({ title: 'Daily digest · vision · 2026-11-25' }));
    await notifier.reply(ref, { kind: 'spike-why', title: 'Why the spike', text: 'i-0abc ran 19 hours more than usual.' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // A rejected question is a 400 on purpose; the browser logs it, which is no error of the page.
    page.on('console', (msg) => { if (msg.type() === 'error' && !/status of 400/.test(msg.text())) pageErrors.push(msg.text()); });
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await page.goto(server.base);
    await page.waitForSelector('body[data-ready="true"]');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
  });

  async function askByTyping(text: string): Promise<void> {
    const before = await page.locator('.exchange').count();
    await page.getByLabel('Ask a cost question').fill(text);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.locator('.exchange').nth(before).locator('.card:not(.pending)').waitFor();
  }

  it('loads with the channels, example questions and the data source', async () => {
    await expect(page.title()).resolves.toBe('finops-bot · console');
    await expect(page.locator('.channel.active').textContent()).resolves.toContain('ask');
    await expect(page.locator('.channel').allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('nlp'), expect.stringContaining('vision')]));
    await expect(page.locator('#examples .chip').allTextContents()).resolves.toContain('by team last week');
    await expect(page.locator('#source').textContent()).resolves.toContain('Sample data');
  });

  it('answers a typed question with the total, the change, the table and a drawn chart', async () => {
    await askByTyping('by team last week vs previous');
    const card = page.locator('.card.answer').last();
    await expect(card.locator('.card-title').textContent()).resolves.toBe('Cost by team');
    await expect(card.locator('.total').textContent()).resolves.toMatch(/^[\d,]+\.\d\d USD$/);
    await expect(card.locator('.change').textContent()).resolves.toMatch(/^[▲▼] \d+\.\d%$|^no change$/);
    await expect(card.locator('table.breakdown tbody tr').count()).resolves.toBeGreaterThanOrEqual(5);
    await expect(card.locator('.freshness').textContent()).resolves.toContain('Data fresh to');
    await expect(card.locator('.notes li').first().textContent()).resolves.toMatch(/has no team/);
    // The chart was drawn: Chart.js sized the canvas and painted something.
    // (A string: this project's TypeScript has no DOM types.)
    await page.waitForFunction(`(() => {
      const c = [...document.querySelectorAll('.card.answer canvas')].at(-1);
      return !!c && c.width > 100 && window.Chart?.getChart(c) !== undefined;
    })()`);
  });

  it('asks a follow-up when its button is clicked and appends the drill-down card', async () => {
    const before = await page.locator('.card.answer').count();
    await page.locator('.card.answer').last().getByRole('button', { name: 'By model' }).click();
    await page.locator('.card.answer').nth(before).waitFor();
    const card = page.locator('.card.answer').last();
    await expect(card.locator('.card-title').textContent()).resolves.toBe('Cost by model');
    await expect(page.locator('.question-text').last().textContent()).resolves.toMatch(/^by model top 10 \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
  });

  it('shows hostile text as text (no HTML injection)', async () => {
    const probe = '<img src=x onerror=alert(1)>';
    await askByTyping(probe);
    await expect(page.locator('.question-text').last().textContent()).resolves.toBe(probe);
    await expect(page.locator('#log img').count()).resolves.toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('explains a rejected question and offers questions that work', async () => {
    await askByTyping('by colour last week');
    const card = page.locator('.card.rejected').last();
    await expect(card.locator('.error-text').textContent()).resolves.toMatch(/known keys are/);
    await expect(card.getByRole('button', { name: 'by team last week' }).count()).resolves.toBe(1);
  });

  it('keeps the history across a reload, and clears it', async () => {
    const cards = await page.locator('.exchange').count();
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('.exchange').count()).resolves.toBe(cards);
    await page.getByRole('button', { name: 'Clear history' }).click();
    await expect(page.locator('.exchange').count()).resolves.toBe(0);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('.exchange').count()).resolves.toBe(0);
    await expect(page.locator('#welcome').isVisible()).resolves.toBe(true);
  });

  it('shows a team channel as an empty placeholder', async () => {
    await page.locator('.channel', { hasText: 'nlp' }).click();
    await expect(page.locator('#channel-view').textContent()).resolves.toContain('Nothing in #nlp yet');
    // Run now: one button per job (here without a scheduler: the click says so under the bar).
    await expect(page.locator('.run-now button').allTextContents()).resolves.toEqual(['digest', 'budgets', 'anomalies', 'idle-gpu']);
    await page.locator('.run-now button', { hasText: 'digest' }).click();
    await expect(page.locator('.run-now .notice-private').textContent()).resolves.toContain('Run now is not available here');
    await page.locator('.channel', { hasText: 'ask' }).click();
    await expect(page.locator('#ask-view').isVisible()).resolves.toBe(true);
  });

  it('answers help with the grammar and example questions to click', async () => {
    await askByTyping('what can you do?');
    const card = page.locator('.card.help').last();
    await expect(card.locator('.card-title').textContent()).resolves.toBe('Ask me about cloud cost');
    await expect(card.locator('dt').allTextContents()).resolves.toEqual(expect.arrayContaining(['Group', 'Time']));
    await expect(card.getByRole('button', { name: 'by team last week' }).count()).resolves.toBe(1);
  });

  it('shows a channel feed: the notice with its facts, table, chart, notes, buttons and thread', async () => {
    await page.locator('.channel', { hasText: 'vision' }).click();
    const card = page.locator('#channel-messages .card.notice').first();
    await card.waitFor();
    await expect(card.locator('.card-title').first().textContent()).resolves.toBe('Daily digest · vision · 2026-11-25');
    await expect(card.locator('.facts dd').allTextContents()).resolves.toContain('81,002.10 USD of 100,000.00 USD');
    await expect(card.locator('table.breakdown td').allTextContents()).resolves.toContain('1,220.55 USD');
    await expect(card.locator('.thread .card-title').textContent()).resolves.toBe('Why the spike');
    await page.waitForFunction(`(() => { const c = document.querySelector('#channel-messages canvas'); return !!c && window.Chart?.getChart(c) !== undefined; })()`);
    // Snooze: the clicker alone is told, under the message.
    await card.getByRole('button', { name: 'Snooze 24 h' }).click();
    await expect(page.locator('#channel-messages .card.notice .notice-private').first().textContent()).resolves.toMatch(/^Alerts about team=nlp are snoozed until 2026-11-27 12:00 UTC/);
    // An ask button asks its question in #ask.
    await page.locator('#channel-messages .card.notice').first().getByRole('button', { name: 'By model' }).click();
    await page.locator('.card.answer').last().waitFor();
    await expect(page.locator('#ask-view').isVisible()).resolves.toBe(true);
    await expect(page.locator('.question-text').last().textContent()).resolves.toBe('team=nlp by model 2026-11-25');
  });

  it('answers `idle gpu last 7 days` in #ask with the idle report, and its buttons work', async () => {
    await askByTyping('idle gpu last 7 days');
    const card = page.locator('#ask-view .card.notice').last();
    await expect(card.locator('.card-title').first().textContent()).resolves.toBe('Idle GPUs · 2026-11-19 → 2026-11-26');
    await expect(card.locator('.notice-body').first().textContent()).resolves.toContain('7,075.19 USD wasted');
    await expect(card.locator('table.breakdown td').allTextContents()).resolves.toContain('vision-sandbox-p4d');
    await card.getByRole('button', { name: 'By team' }).click();
    await page.locator('#ask-view .card.notice').nth(1).waitFor();
    await expect(page.locator('#ask-view .card.notice').last().locator('table.breakdown td').allTextContents()).resolves.toContain('5,505.80 USD');
  });

  it('ran without script errors or CSP violations', () => {
    expect(pageErrors).toEqual([]);
  });
});
