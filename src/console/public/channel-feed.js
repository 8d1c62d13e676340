// A channel's feed: the notices the bot posted there (digests, alerts, approvals) with
// their threads, and what their buttons do. Everything is set as text, never as HTML.
import { clear, el } from './dom.js';
import { noticeCard } from './render-notice.js';
import { api } from './session.js';

/**
 * The feed of the channel view. `ask(question)` asks in #ask; `showReply(label, body)`
 * shows a reply there; `askAboutTeam(team)` is the empty feed's suggestion.
 */
export function createFeed({ box, ask, showReply, askAboutTeam }) {
  /** Private answers to clicks, shown under the message clicked until the page reloads. */
  const privateNotes = new Map();
  /** Chart instances of the feed, destroyed when it is drawn again. */
  const charts = [];

  async function render(channel) {
    for (const chart of charts.splice(0)) chart.destroy();
    clear(box);
    let messages = [];
    try {
      const res = await api(`/api/console/channels/${encodeURIComponent(channel.id)}/messages`);
      if (res.ok) messages = await res.json();
    } catch { /* shown as empty */ }
    if (channel.kind === 'team') box.append(runBar(channel));
    if (!messages.length) {
      const team = channel.kind === 'team';
      box.append(el('div', { class: 'welcome' },
        el('h2', { text: `Nothing in #${channel.name} yet` }),
        el('p', { text: team ? `Scheduled digests and budget alerts for team ${channel.name} will be posted here. Meanwhile, ask about this team in #ask:` : 'Messages for you alone will be posted here.' }),
        team ? el('div', { class: 'chips' }, el('button', { type: 'button', class: 'button chip', text: `team=${channel.name} by model last 30 days`, onClick: () => askAboutTeam(channel.name) })) : null,
      ));
      return;
    }
    for (const m of messages) {
      const replies = m.replies.map((r) => noticeCard(r.notice, { when: r.postedAt, charts, onButton: (action, input) => click(channel, r, action, input) }));
      box.append(noticeCard(m.notice, { when: m.postedAt, charts, onButton: (action, input) => click(channel, m, action, input), replies, note: privateNotes.get(m.id) ?? null }));
    }
  }

  /**
   * A button of a notice: `ask` asks its question in #ask; any other verb goes to the
   * action table (as the console's demo user), and the feed shows what changed.
   */
  async function click(channel, message, action, input) {
    if (action.verb === 'ask') {
      ask(action.id);
      return;
    }
    let result;
    try {
      const res = await api('/api/console/action', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ verb: action.verb, id: action.id, ...(input ? { input } : {}), message: { channel: channel.id, id: message.id } }),
      });
      result = await res.json();
    } catch (err) {
      result = { kind: 'private', notice: { text: `Could not reach the bot (${err?.message ?? err}).` } };
    }
    if (result.kind === 'private') privateNotes.set(message.id, result.notice?.text ?? '');
    else if (result.kind === 'update' && result.toClicker) privateNotes.set(message.id, result.toClicker.text);
    else if (result.kind === 'answer' || result.kind === 'help' || result.kind === 'rejected' || result.kind === 'notice') {
      showReply(action.label, result);
      return;
    }
    await render(channel);
  }

  /** The scheduled jobs, run now through the same claim and ledger as the scheduler (`run-job`). */
  const JOBS = ['digest', 'budgets', 'anomalies', 'idle-gpu'];
  const runNotes = new Map();
  function runBar(channel) {
    const bar = el('div', { class: 'chips run-now', role: 'group', 'aria-label': 'Run a job now' }, el('span', { text: 'Run now:' }),
      ...JOBS.map((job) => el('button', { type: 'button', class: 'button chip', text: job, onClick: async () => {
        const result = await act({ verb: 'run-job', id: job, label: `Run ${job}` });
        runNotes.set(channel.id, result?.notice?.text ?? '');
        await render(channel);
      } })));
    if (runNotes.get(channel.id)) bar.append(el('p', { class: 'notice-private', role: 'status', text: runNotes.get(channel.id) }));
    return bar;
  }

  /** A button outside a channel message (an answer in #ask, Run now): the action table's answer, shown in #ask unless it is private. */
  async function act(action, input) {
    let result;
    try {
      const res = await api('/api/console/action', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ verb: action.verb, id: action.id, ...(input ? { input } : {}) }) });
      result = await res.json();
    } catch (err) {
      result = { kind: 'private', notice: { text: `Could not reach the bot (${err?.message ?? err}).` } };
    }
    if (action.verb !== 'run-job') showReply(action.label, result);
    return result;
  }

  return { render, act };
}
