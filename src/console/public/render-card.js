/* global requestAnimationFrame */
// The cards of the conversation: the question, the answer, a rejected question.
// Wording comes from the server (`view`), worded by the same helpers as Slack and Teams.
import { chartHeight, drawChart } from './draw-chart.js';
import { el } from './dom.js';

/** Rows shown before "Show all". */
const FIRST_ROWS = 12;

/** The user's question, as typed (text only). */
export function questionBubble(text, at) {
  const time = at ? new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  return el('div', { class: 'question' },
    el('div', { class: 'question-meta' }, el('span', { class: 'who', text: 'You' }), time ? el('time', { datetime: new Date(at).toISOString(), text: time }) : null),
    el('p', { class: 'question-text', text }),
  );
}

/** A card saying the bot is working, replaced by the answer. */
export function pendingCard() {
  return el('article', { class: 'card pending', 'aria-busy': 'true', 'aria-label': 'Working on the answer' },
    el('div', { class: 'bot-line' }, botBadge(), el('span', { class: 'muted', text: 'Adding up the costs…' })),
    el('div', { class: 'skeleton' }, el('span'), el('span'), el('span')),
  );
}

function botBadge() {
  return el('span', { class: 'bot' }, el('span', { class: 'bot-mark', 'aria-hidden': 'true', text: '$' }), el('span', { text: 'finops-bot' }), el('span', { class: 'app-tag', text: 'APP' }));
}

/** The total, with its change against the previous period (an increase of cost shows red). */
function totalBlock(view) {
  const change = view.change
    ? el('span', { class: `change ${view.direction ?? 'flat'}`, title: view.compare ?? '' }, view.change)
    : null;
  return el('div', { class: 'total-block' },
    el('div', { class: 'total-label', text: 'Total' }),
    el('div', { class: 'total-line' }, el('span', { class: 'total', text: view.total }), change),
    view.compare ? el('div', { class: 'muted small', text: view.compare }) : null,
    view.forecast ? el('div', { class: 'forecast', text: view.forecast }) : null,
  );
}

/** The breakdown table: key columns, cost, share with a bar. */
function breakdownTable(view, title) {
  if (!view.rows.length) return null;
  const head = el('tr', {}, ...view.columns.map((c) => el('th', { scope: 'col', text: c })), el('th', { scope: 'col', class: 'num', text: 'cost' }), el('th', { scope: 'col', class: 'share-col', text: 'share' }));
  const body = el('tbody');
  view.rows.forEach((r, i) => {
    const bar = el('span', { class: 'share-bar', 'aria-hidden': 'true' }, el('span', { class: r.other ? 'share-fill other' : 'share-fill' }));
    // CSSOM, not a style attribute: allowed by the page's content security policy.
    bar.firstChild.style.width = `${(r.shareValue * 100).toFixed(1)}%`;
    const tr = el('tr', { class: r.other ? 'other-row' : null, hidden: i >= FIRST_ROWS },
      ...r.cells.map((c, j) => el(j === 0 ? 'th' : 'td', { scope: j === 0 ? 'row' : null, class: 'key', title: c, text: c })),
      el('td', { class: 'num', text: r.cost }),
      el('td', { class: 'share-col' }, el('span', { class: 'share-text', text: r.share }), bar),
    );
    body.append(tr);
  });
  const table = el('table', { class: 'breakdown' }, el('caption', { class: 'visually-hidden', text: `${title}: cost and share per row` }), el('thead', {}, head), body);
  const hiddenCount = Math.max(0, view.rows.length - FIRST_ROWS);
  const more = hiddenCount
    ? el('button', {
        type: 'button', class: 'button link', text: `Show all ${view.rows.length} rows`,
        onClick: (e) => { body.querySelectorAll('tr[hidden]').forEach((tr) => { tr.hidden = false; }); e.currentTarget.remove(); },
      })
    : null;
  const truncated = view.moreRows ? el('p', { class: 'muted small', text: `${view.moreRows} more rows are in the JSON answer (POST /api/ask).` }) : null;
  return el('div', { class: 'table-wrap' }, table, more, truncated);
}

/** The chart, with its text alternative and a data table for the series. */
function chartBlock(reply, charts) {
  if (!reply.chart || !globalThis.Chart) return null;
  const canvas = el('canvas', { role: 'img', 'aria-label': reply.chartAlt ?? 'Chart of the answer' });
  const box = el('div', { class: 'chart-box' }, canvas);
  box.style.height = `${chartHeight(reply.chart)}px`;
  const points = reply.view.points.length
    ? el('details', { class: 'points' },
        el('summary', { text: `Data of the chart (${reply.view.points.length} points)` }),
        el('table', { class: 'breakdown compact' },
          el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'from' }), el('th', { scope: 'col', class: 'num', text: 'cost' }))),
          el('tbody', {}, ...reply.view.points.map((p) => el('tr', {}, el('td', { text: p.start }), el('td', { class: 'num', text: p.cost })))),
        ))
    : null;
  const image = reply.imageUrl ? el('a', { class: 'button link small', href: reply.imageUrl, target: '_blank', rel: 'noopener', text: 'Chart as PNG (as posted in chat)' }) : null;
  // Draw once the canvas is in the page, so Chart.js can measure it.
  queueMicrotask(() => requestAnimationFrame(() => { const c = drawChart(canvas, reply.chart, reply.answer.currency); if (c) charts.push(c); }));
  return el('figure', { class: 'chart' }, box, el('figcaption', { class: 'visually-hidden', text: reply.chartAlt ?? '' }), points, image);
}

/** Notes the user needs to trust the figure (unallocated share, partial data, …). */
function notesBlock(view) {
  if (!view.notes.length) return null;
  return el('ul', { class: 'notes', 'aria-label': 'Notes' }, ...view.notes.map((n) => el('li', { class: /^Partial answer/.test(n) ? 'warn' : null, text: n })));
}

/** The follow-up buttons: each asks its canonical query text. */
function followUpBlock(followUps, onAsk) {
  if (!followUps.length) return null;
  return el('div', { class: 'followups', role: 'group', 'aria-label': 'Follow-up questions' },
    ...followUps.map((f) => el('button', { type: 'button', class: 'button chip', 'data-followup': f.id, title: f.text, text: f.label, onClick: () => onAsk(f.text) })),
  );
}

/** The answer card. `charts` collects the Chart instances to destroy on clear. */
export function answerCard(reply, { onAsk, charts }) {
  const v = reply.view;
  return el('article', { class: 'card answer', 'aria-label': `Answer: ${v.title}` },
    el('div', { class: 'bot-line' }, botBadge()),
    el('header', { class: 'card-head' },
      el('h2', { class: 'card-title', text: v.title }),
      el('p', { class: 'card-meta' }, el('span', { text: v.range }), el('span', { class: 'dot', 'aria-hidden': 'true', text: '·' }), el('span', { text: v.metric })),
    ),
    totalBlock(v),
    chartBlock(reply, charts),
    breakdownTable(v, v.title),
    notesBlock(v),
    el('p', { class: 'freshness muted small' }, el('span', { text: v.freshness }), el('span', { class: 'dot', 'aria-hidden': 'true', text: '·' }), el('span', { text: `${v.ms} ms` })),
    followUpBlock(reply.followUps, onAsk),
  );
}

/** A rejected question: the message (it says how to fix it), the closest things the bot knows, and examples to try. */
export function errorCard(error, examples, { onAsk, suggestions = [] }) {
  return el('article', { class: 'card rejected', 'aria-label': 'The question could not be answered' },
    el('div', { class: 'bot-line' }, botBadge()),
    el('h2', { class: 'card-title', text: 'I could not answer that' }),
    el('p', { class: 'error-text', role: 'alert', text: error }),
    suggestions.length
      ? el('div', { class: 'followups', role: 'group', 'aria-label': 'Did you mean' },
          el('span', { class: 'muted small', text: 'Did you mean:' }),
          ...suggestions.map((q) => el('button', { type: 'button', class: 'button chip', text: q, onClick: () => onAsk(q) })))
      : null,
    examples?.length
      ? el('div', { class: 'followups', role: 'group', 'aria-label': 'Questions that work' },
          el('span', { class: 'muted small', text: 'Try one of these:' }),
          ...examples.map((q) => el('button', { type: 'button', class: 'button chip', text: q, onClick: () => onAsk(q) })))
      : null,
  );
}
