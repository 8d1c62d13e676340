/**
 * The console in a real chromium on a phone (390×844) and a laptop (1280×800), on the
 * embedded default (startBot: sample organisation, loopback, acting-user switch): no
 * horizontal overflow, every button reachable and clickable, the approval loop done with
 * taps, and basic WCAG checks (names of controls, contrast of the main text, focus order).
 */
import { existsSync } from 'node:fs';
import pino from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type Bot } from '../../src/bot/start-bot.js';

const CHROMIUM = process.env.CHROMIUM_PATH || (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : '');
const SUITE = CHROMIUM ? 'console on a phone and a laptop' : 'console on a phone and a laptop (skipped: set CHROMIUM_PATH or apt-get install chromium)';
const NOW = Date.parse('2026-11-26T12:00:00Z');

/** Runs in the page: what overflows horizontally, and which visible buttons cannot be reached by a tap. */
const LAYOUT_PROBLEMS = `(() => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width + 1) problems.push('page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
  for (const b of document.querySelectorAll('button, select, input, a[href]')) {
    const r = b.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(b).visibility === 'hidden' || b.matches('.skip-link')) continue;
    b.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const s = b.getBoundingClientRect();
    if (s.left < -1 || s.right > width + 1) { problems.push('out of reach: ' + (b.textContent || b.id || b.tagName).trim().slice(0, 40)); continue; }
    const hit = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
    if (hit && hit !== b && !b.contains(hit)) problems.push('covered: ' + (b.textContent || b.id || b.tagName).trim().slice(0, 40) + ' by ' + hit.tagName + '.' + hit.className);
  }
  return problems;
})()`;

/** Runs in the page: controls without an accessible name. */
const UNNAMED_CONTROLS = `(() => {
  const out = [];
  for (const c of document.querySelectorAll('button, select, input, textarea')) {
    if (c.type === 'hidden' || c.closest('[hidden]')) continue;
    const label = c.id ? document.querySelector('label[for="' + c.id + '"]') : null;
    const name = (c.getAttribute('aria-label') || (label && label.textContent) || (c.tagName === 'BUTTON' ? c.textContent : '') || c.getAttribute('title') || '').trim();
    if (!name) out.push(c.outerHTML.slice(0, 80));
  }
  return out;
})()`;

/** Runs in the page: the contrast ratio of the main texts against what is behind them. */
const CONTRASTS = `(() => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const bg = (el) => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c; } return [255, 255, 255]; };
  const ratio = (el) => { const a = lum(rgb(getComputedStyle(el).color)) + 0.05; const b = lum(bg(el)) + 0.05; return Math.max(a, b) / Math.min(a, b); };
  const out = {};
  for (const sel of ['.view-title', '.view-subtitle', '.card-title', '.notice-body', '.facts dt', '.facts dd', '.composer-hint', '.button.chip', '.channel', '.act-as label', '.notes li', '#question']) {
    const el = [...document.querySelectorAll(sel)].find((e) => e.getBoundingClientRect().width > 0);
    if (el) out[sel] = Math.round(ratio(el) * 100) / 100;
  }
  return out;
})()`;

describe.skipIf(!CHROMIUM)(SUITE, () => {
  let bot: Bot;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    bot = await startBot({ now: NOW, port: 0, env: { FINOPS_DATA_DIR: 'memory://' }, logger: pino({ level: 'silent' }) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });

  async function open(width: number, height: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height }, hasTouch: width < 500, isMobile: width < 500 });
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error' && !/status of 40[03]/.test(msg.text())) errors.push(msg.text()); });
    await page.goto(bot.url);
    await page.waitForSelector('body[data-ready="true"]');
    return page;
  }

  async function askByTyping(page: Page, text: string): Promise<void> {
    const before = await page.locator('.exchange').count();
    await page.getByLabel('Ask a cost question').fill(text);
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await page.locator('.exchange').nth(before).locator('.card:not(.pending)').waitFor();
  }

  for (const [width, height] of [[390, 844], [1280, 800]] as const) {
    it(`at ${width}×${height}: nothing overflows sideways and every control can be reached, before and after an answer`, async () => {
      const page = await open(width, height);
      expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([]);
      await askByTyping(page, 'by model top 5 this month vs previous');
      expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([]);
      await page.getByRole('button', { name: /nlp/ }).first().click();
      await page.waitForSelector('#channel-view:not([hidden])');
      expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([]);
      await page.close();
    });
  }

  it('on a phone: request as Nils, approve as Noor with taps, and see the request approved and the budget raised', async () => {
    const page = await open(390, 844);
    await page.getByLabel('Act as').selectOption('U0NLPDEV1');
    await askByTyping(page, 'budget request nlp-monthly +50000 reason="Q4 fine-tuning run"');
    await expect(page.locator('.card.notice').last().locator('.card-title').textContent()).resolves.toMatch(/^Override request #\d+ sent$/);

    await page.getByLabel('Act as').selectOption('U0NLPLEAD');
    await page.getByRole('button', { name: /nlp/ }).first().tap();
    const request = page.locator('#channel-messages .card.notice', { hasText: 'Override request #' }).last();
    await request.getByRole('button', { name: 'Approve' }).tap();
    await page.locator('#channel-messages .card.notice', { hasText: 'Approved: nlp-monthly +50,000.00 USD' }).first().waitFor();
    expect(await page.evaluate(LAYOUT_PROBLEMS)).toEqual([]);

    await page.getByRole('button', { name: /ask/ }).first().tap();
    await askByTyping(page, 'budget show nlp-monthly');
    await expect(page.locator('.card.notice').last().textContent()).resolves.toContain('200,000.00 USD');
    await page.close();
  });

  it('passes basic WCAG checks: every control has a name, the main text has a contrast of at least 4.5:1, focus follows the page in order and shows', async () => {
    const page = await open(1280, 800);
    await askByTyping(page, 'budget');
    expect(await page.evaluate(UNNAMED_CONTROLS)).toEqual([]);
    const contrasts = (await page.evaluate(CONTRASTS)) as Record<string, number>;
    expect(Object.keys(contrasts)).toEqual(expect.arrayContaining(['.view-title', '.view-subtitle', '.card-title', '.button.chip', '#question', '.act-as label']));
    for (const [selector, ratio] of Object.entries(contrasts)) expect(ratio, selector).toBeGreaterThanOrEqual(4.5);

    // Tab order on a fresh page: the skip link first, then the page's controls in reading order; each focus is visible.
    await page.close();
    const fresh = await open(1280, 800);
    const order: { id: string; y: number; x: number; outline: string }[] = [];
    for (let i = 0; i < 30; i++) {
      await fresh.keyboard.press('Tab');
      order.push((await fresh.evaluate(`(() => { const e = document.activeElement; const r = e.getBoundingClientRect(); const s = getComputedStyle(e); return { id: e.id || e.className || e.tagName, y: Math.round(r.top), x: Math.round(r.left), outline: s.outlineStyle + ' ' + s.outlineWidth }; })()`)) as { id: string; y: number; x: number; outline: string });
    }
    expect(order[0]!.id).toBe('skip-link');
    const ids = order.map((o) => o.id);
    const at = (id: string) => ids.indexOf(id);
    for (const id of ['act-as', 'clear', 'question', 'send']) expect(at(id), `${id} in ${ids.join(' → ')}`).toBeGreaterThan(0);
    expect(at('act-as')).toBeLessThan(at('clear'));
    expect(at('clear')).toBeLessThan(at('question'));
    expect(at('question')).toBeLessThan(at('send'));
    // Past the last control, focus leaves the page (BODY): only the page's own stops count.
    for (const o of order.slice(1).filter((x) => x.id !== 'BODY')) expect(o.outline, o.id).not.toMatch(/^none/);
    await fresh.close();
    expect(errors).toEqual([]);
  });
});
