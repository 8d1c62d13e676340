/* global requestAnimationFrame */
// Notices (digests, alerts, approvals posted to a channel) and the help, as cards. Every
// text is set as text, never as HTML: nothing here parses markup from data.
import { chartHeight, drawChart } from './draw-chart.js';
import { el } from './dom.js';

function botLine(when) {
  return el('div', { class: 'bot-line' },
    el('span', { class: 'bot' }, el('span', { class: 'bot-mark', 'aria-hidden': 'true', text: '$' }), el('span', { text: 'finops-bot' }), el('span', { class: 'app-tag', text: 'APP' })),
    when ? el('time', { class: 'muted small', datetime: when, text: new Date(when).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' }) }) : null,
  );
}

/** A paragraph with the notice markup: `*bold*` and `` `code` ``, the rest as typed. */
function paragraph(text) {
  const p = el('p', { class: 'notice-body' });
  const pattern = /\*([^*\n]+)\*|`([^`\n]+)`/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) p.append(text.slice(last, m.index));
    p.append(m[1] !== undefined ? el('strong', { text: m[1] }) : el('code', { text: m[2] }));
    last = m.index + m[0].length;
  }
  if (last < text.length) p.append(text.slice(last));
  return p;
}

function factsBlock(facts) {
  if (!facts?.length) return null;
  return el('dl', { class: 'facts' }, ...facts.flatMap((f) => [el('dt', { text: f.label }), el('dd', { text: f.value })]));
}

function tableBlock(table, title) {
  if (!table?.rows?.length) return null;
  const numeric = (i) => table.numeric?.[i] === true;
  const muted = new Set(table.muted ?? []);
  return el('div', { class: 'table-wrap' },
    el('table', { class: 'breakdown' },
      el('caption', { class: 'visually-hidden', text: title }),
      el('thead', {}, el('tr', {}, ...table.columns.map((c, i) => el('th', { scope: 'col', class: numeric(i) ? 'num' : null, text: c })))),
      el('tbody', {}, ...table.rows.map((row, r) => el('tr', { class: muted.has(r) ? 'other-row' : null }, ...row.map((c, i) => el('td', { class: numeric(i) ? 'num' : null, text: c }))))),
    ),
  );
}

function chartBlock(chart, charts) {
  if (!chart?.config || !globalThis.Chart) return null;
  const canvas = el('canvas', { role: 'img', 'aria-label': chart.alt ?? 'Chart' });
  const box = el('div', { class: 'chart-box' }, canvas);
  box.style.height = `${chartHeight(chart.config)}px`;
  queueMicrotask(() => requestAnimationFrame(() => { const c = drawChart(canvas, chart.config, chart.currency ?? 'USD'); if (c) charts.push(c); }));
  return el('figure', { class: 'chart' }, box, el('figcaption', { class: 'visually-hidden', text: chart.alt ?? '' }));
}

/** The buttons of a notice: each sends its verb and id (and what the clicker typed when it asks for a text). */
function buttonsBlock(actions, onButton) {
  if (!actions?.length) return null;
  return el('div', { class: 'followups', role: 'group', 'aria-label': 'Actions' },
    ...actions.map((a) => el('button', {
      type: 'button', class: `button chip${a.style === 'danger' ? ' danger' : ''}`, 'data-verb': a.verb, title: a.id, text: a.label,
      onClick: () => {
        let input;
        if (a.input) {
          input = globalThis.prompt(a.input.label, '') ?? undefined;
          if (a.input.required && !input) return;
        }
        onButton(a, input);
      },
    })),
  );
}

/** One notice as a card (a feed message, a reply in its thread, a private answer to a click). */
export function noticeCard(notice, { when, onButton, charts, replies = [], note = null }) {
  const tone = notice.tone ? `tone-${notice.tone}` : '';
  return el('article', { class: `card notice ${tone}`, 'aria-label': notice.title },
    botLine(when),
    el('h2', { class: 'card-title', text: notice.title || notice.text }),
    ...(notice.body?.length ? notice.body.map(paragraph) : [el('p', { class: 'notice-body', text: notice.text })]),
    factsBlock(notice.facts),
    chartBlock(notice.chart, charts),
    tableBlock(notice.table, notice.title),
    notice.notes?.length ? el('ul', { class: 'notes', 'aria-label': 'Notes' }, ...notice.notes.map((n) => el('li', { text: n }))) : null,
    buttonsBlock(notice.actions, onButton),
    note ? el('p', { class: 'notice-private', role: 'status', text: note }) : null,
    replies.length ? el('div', { class: 'thread', 'aria-label': `${replies.length} replies` }, ...replies) : null,
  );
}

/** The help (one text for every surface): what to ask, the grammar, examples to click. */
export function helpCard(help, { onAsk }) {
  return el('article', { class: 'card help', 'aria-label': help.title },
    botLine(),
    el('h2', { class: 'card-title', text: help.title }),
    el('p', { class: 'notice-body', text: help.intro }),
    el('dl', { class: 'facts grammar' }, ...help.grammar.flatMap(([part, examples]) => [el('dt', { text: part }), el('dd', { text: examples })])),
    help.examples.length
      ? el('div', { class: 'followups', role: 'group', 'aria-label': 'Example questions' },
          el('span', { class: 'muted small', text: 'Try one of these:' }),
          ...help.examples.map((q) => el('button', { type: 'button', class: 'button chip', text: q, onClick: () => onAsk(q) })))
      : null,
  );
}
