// The web console: a chat with the bot in the browser. Plain ES modules, no build step.
/* global localStorage */
import { append, clear, el } from './dom.js';
import { answerCard, errorCard, pendingCard, questionBubble } from './render-card.js';
import { createFeed } from './channel-feed.js';
import { helpCard, noticeCard } from './render-notice.js';
import { actingAs, api, renderActAs } from './session.js';

const HISTORY_KEY = 'finops-console-history-v1';
const MAX_HISTORY = 30;

const $ = (id) => document.getElementById(id);
const log = $('log');
const form = $('ask-form');
const input = $('question');
const send = $('send');
const welcome = $('welcome');

/** Chart instances on the page, destroyed when the history is cleared. */
const charts = [];
/** The conversation: `{ id, question, at, reply?, help?, error?, examples?, suggestions? }`. */
let history = [];
let meta = { examples: [], channels: [{ id: 'ask', name: 'ask', kind: 'ask', placeholder: false }] };
let busy = false;

// ---- history (localStorage) ----

function loadHistory() {
  try {
    const raw = JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]');
    return Array.isArray(raw) ? raw.filter((e) => e && typeof e.question === 'string') : [];
  } catch {
    return [];
  }
}

/** Saves, dropping the oldest entries when the browser's quota is reached. */
function saveHistory() {
  let keep = history.slice(-MAX_HISTORY);
  while (keep.length) {
    try {
      localStorage.setItem(HISTORY_KEY, JSON.stringify(keep));
      return;
    } catch {
      keep = keep.slice(1);
    }
  }
  try { localStorage.removeItem(HISTORY_KEY); } catch { /* storage disabled: history lives in the page only */ }
}

// ---- rendering ----

function renderEntry(entry) {
  const group = el('div', { class: 'exchange', 'data-entry': entry.id });
  group.append(questionBubble(entry.question, entry.at));
  group.append(replyNode(entry));
  return group;
}

/** The card of an entry: an answer, the help, or why the question was not answered. */
function replyNode(entry) {
  if (entry.reply) return answerCard(entry.reply, { onAsk: ask, charts });
  if (entry.help) return helpCard(entry.help, { onAsk: ask });
  // A notice (idle GPUs, advice, unit costs, snooze, budgets…): its buttons ask, or go to the action table.
  if (entry.notice) return noticeCard(entry.notice, { when: entry.at ? new Date(entry.at).toISOString() : null, charts, onButton: (action, text) => press(action, text) });
  return errorCard(entry.error ?? 'No answer.', entry.examples, { onAsk: ask, suggestions: entry.suggestions ?? [] });
}

function updateWelcome() {
  welcome.hidden = history.length > 0;
}

/** Scrolls the conversation (not the page) so that `node` starts at the top. */
function scrollToEnd(node, smooth = true) {
  const top = log.scrollTop + node.getBoundingClientRect().top - log.getBoundingClientRect().top - 12;
  log.scrollTo({ top, behavior: smooth ? 'smooth' : 'auto' });
}

function renderExamples() {
  const box = $('examples');
  clear(box);
  for (const q of meta.examples) box.append(el('button', { type: 'button', class: 'button chip', text: q, onClick: () => ask(q) }));
}

function renderSource() {
  const box = $('source');
  clear(box);
  const sources = meta.dataSources ?? [];
  append(box,
    el('h2', { class: 'nav-title', text: 'Data' }),
    meta.sample ? el('p', { class: 'badge', text: 'Sample data (fictional)' }) : null,
    ...sources.map((s) => el('p', { class: 'source-line', title: s.describe, text: `${s.describe} · ${s.rows.toLocaleString('en-US')} rows` })),
    ...(meta.failedProviders ?? []).map((f) => el('p', { class: 'source-line warn', text: `${f.id} failed: ${f.message}` })),
    meta.now ? el('p', { class: 'source-line muted', text: `Bot clock: ${meta.now.slice(0, 16).replace('T', ' ')} UTC · ${meta.timezone ?? ''}` }) : null,
  );
}

// ---- channels ----

let activeChannel = 'ask';

function renderChannels() {
  const list = $('channels');
  clear(list);
  for (const c of [...meta.channels, ...(meta.direct ? [directChannel()] : [])]) {
    const button = el('button', {
      type: 'button', class: `channel ${c.id === activeChannel ? 'active' : ''}`, 'aria-current': c.id === activeChannel ? 'page' : null,
      onClick: () => selectChannel(c),
    }, el('span', { class: 'hash', 'aria-hidden': 'true', text: c.kind === 'direct' ? '@' : '#' }), el('span', { text: c.name }), c.placeholder ? el('span', { class: 'soon', text: 'soon' }) : null);
    list.append(el('li', {}, button));
  }
}

async function selectChannel(c) {
  activeChannel = c.id;
  renderChannels();
  const title = $('view-title');
  clear(title);
  append(title, el('span', { 'aria-hidden': 'true', text: '#' }), c.name);
  $('ask-view').hidden = c.kind !== 'ask';
  $('channel-view').hidden = c.kind === 'ask';
  $('clear').hidden = c.kind !== 'ask';
  $('view-subtitle').textContent = c.kind === 'ask'
    ? 'Ask where the cloud money goes. Answers use the same engine as Slack, Teams and the CLI.'
    : c.kind === 'direct' ? 'What the bot tells you alone: decisions on your requests, nudges.' : `Digests and budget alerts for team ${c.name}.`;
  if (c.kind === 'ask') { input.focus(); return; }
  await feed.render(c);
}

/** The acting person's direct messages (the operator's by default). */
function directChannel() {
  const as = actingAs();
  return as ? { ...meta.direct, id: `dm-${as}` } : meta.direct;
}

// ---- channel feeds (notices the bot posted): channel-feed.js ----

const feed = createFeed({
  box: $('channel-messages'),
  // An ask button asks its question in #ask; a reply to another button is shown there too.
  ask: (question) => { selectChannel(meta.channels[0]); ask(question); },
  showReply: (label, body) => { selectChannel(meta.channels[0]); showReply(label, body); },
  askAboutTeam: (team) => { selectChannel(meta.channels[0]); ask(`team=${team} by model last 30 days`); },
});

// ---- asking ----

function setBusy(value) {
  busy = value;
  send.disabled = value;
  send.textContent = value ? 'Asking…' : 'Ask';
  log.setAttribute('aria-busy', value ? 'true' : 'false');
}

/** Asks a question, shows it at once, then the answer (or why it was rejected). */
async function ask(text) {
  const question = String(text ?? '').trim();
  if (!question || busy) return;
  if (activeChannel !== 'ask') selectChannel(meta.channels[0]);
  setBusy(true);
  input.value = '';
  const entry = { id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, question, at: Date.now() };
  const group = el('div', { class: 'exchange', 'data-entry': entry.id }, questionBubble(question, entry.at));
  const pending = pendingCard();
  group.append(pending);
  log.append(group);
  welcome.hidden = true;
  scrollToEnd(group);
  try {
    const res = await api('/api/console/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: question }) });
    const body = await res.json().catch(() => ({ error: `The server answered ${res.status} without a readable body.` }));
    fill(entry, res.ok, body);
  } catch (err) {
    entry.error = `Could not reach the bot (${err?.message ?? err}). Is finops-bot still running?`;
    entry.examples = [];
  }
  pending.replaceWith(replyNode(entry));
  history.push(entry);
  saveHistory();
  setBusy(false);
  scrollToEnd(group);
  input.focus();
}

/** What the server answered, kept in the history entry. */
function fill(entry, ok, body) {
  if (ok && body.kind === 'help') entry.help = body.help;
  else if (ok && body.kind === 'notice') entry.notice = body.notice;
  else if (ok && body.view) entry.reply = body;
  else if (ok && body.notice) entry.notice = body.notice;
  else {
    entry.error = body.error ?? 'The bot gave no answer.';
    entry.examples = body.examples ?? meta.examples;
    entry.suggestions = body.suggestions ?? [];
  }
}

/** Shows a reply that came from a button of a channel message, as an exchange in #ask. */
function showReply(label, body) {
  const entry = { id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, question: label, at: Date.now() };
  fill(entry, body.kind !== 'rejected', body);
  const group = renderEntry(entry);
  log.append(group);
  welcome.hidden = true;
  history.push(entry);
  saveHistory();
  scrollToEnd(group);
}

/** A button of a notice in #ask (Request override…): the action table, its answer shown as an exchange. */
async function press(action, text) {
  if (action.verb === 'ask') { ask(action.id); return; }
  let body;
  try {
    const res = await api('/api/console/action', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb: action.verb, id: action.id, ...(text ? { input: text } : {}) }) });
    body = await res.json();
  } catch (err) {
    body = { kind: 'rejected', error: `Could not reach the bot (${err?.message ?? err}).` };
  }
  const shown = body.kind === 'private' || body.kind === 'update' || body.kind === 'thread' ? { kind: 'notice', notice: body.toClicker ?? body.notice } : body;
  showReply(action.label, shown);
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  ask(input.value);
});

$('clear').addEventListener('click', () => {
  for (const c of charts.splice(0)) c.destroy();
  history = [];
  saveHistory();
  log.querySelectorAll('.exchange').forEach((n) => n.remove());
  updateWelcome();
  input.focus();
});

// ---- start ----

async function start() {
  history = loadHistory();
  for (const entry of history) log.append(renderEntry(entry));
  updateWelcome();
  try {
    const res = await api('/api/console/meta');
    if (res.ok) meta = await res.json();
  } catch { /* the defaults above still let the user ask */ }
  renderActAs($('act-as-box'), meta.actingUsers, () => {
    renderChannels();
    const current = [...meta.channels, directChannel()].find((c) => c.id === activeChannel) ?? (activeChannel.startsWith('dm-') ? directChannel() : null);
    if (current && current.kind !== 'ask') selectChannel(current);
  });
  renderChannels();
  renderExamples();
  renderSource();
  document.body.dataset.ready = 'true';
  const last = log.lastElementChild;
  if (history.length && last) scrollToEnd(last, false);
}

start();
