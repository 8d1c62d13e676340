/**
 * The conversation layer's contract: what every surface (Slack, Teams, the web console,
 * the HTTP API, the CLI) and every use case (reply to a question, post a notice, handle a
 * button) speak. Platform-free: no SDK type appears here. Adapters in src/chat/<platform>/
 * verify, decode, call a use case with an `Identity`, and render what comes back; the
 * scheduled jobs and the approval flow post `Notice`s through a `Notifier`.
 */
import type { Answer, ParsedQuery } from '../../core/types.js';

/** Where a person or a message is. `api` and `cli` have no channel of their own. */
export type Platform = 'slack' | 'teams' | 'console' | 'api' | 'cli';

/** The surfaces the bot can post to on its own initiative. */
export type NoticePlatform = 'slack' | 'teams' | 'console';

/**
 * Who acts. Built only by an adapter from what it verified — Slack's signed request
 * (`user_id`, `user.id`), the Bot Framework token's activity (`from.aadObjectId`), the
 * console on loopback (its chosen demo user) — never from a field the client chose freely.
 */
export interface Identity {
  platform: Platform;
  /** The platform's verified user id: Slack `U…`/`W…`, an Entra object id (lower case), a console user. */
  userId: string;
  /** For people to read; never used to decide anything. */
  displayName?: string;
  /** Slack workspace (`T…`) or Teams tenant, when the platform says. */
  tenant?: string;
}

/** Where a question was asked, which decides who sees the reply. */
export interface Conversation {
  /** The channel / conversation id on its platform; null when there is none (API, CLI). */
  channelId: string | null;
  /** True when only the asker sees the reply (a slash command's ephemeral answer, a DM, the API). */
  private: boolean;
  /** A direct message with the bot. */
  isDm: boolean;
  /** Offer "Share in channel" (false in DMs, threads and the API). */
  canShare: boolean;
}

/** A Chart.js v4 description (plain JSON, from src/charts) with its text alternative. */
export interface ChartSpec {
  config: unknown;
  alt: string;
  /** The currency of the values, for money tick labels (`$12.3k`); absent: plain numbers. */
  currency?: string;
}

/**
 * A button. It carries a verb and an id — never a decision or an amount the client could
 * forge: what a click may do is decided by the verb's use case from the store and the
 * clicker's verified identity. `id` is at most 1,900 characters (Slack's button value
 * limit is 2,000); for `ask` it is canonical query text with explicit dates.
 */
export interface ActionButton {
  verb: ActionVerb;
  id: string;
  label: string;
  /**
   * A stable name among the buttons of one message (`by-team`, `trend`, `share`): Slack
   * needs a unique `action_id` per button, and logs and tests name buttons by it.
   */
  name?: string;
  style?: 'primary' | 'danger';
  /**
   * Ask for a text before acting (Deny's reason, Expected's reason): a Slack modal, an
   * Adaptive Card `ShowCard` input. The text reaches the use case as `ActionRequest.input`.
   */
  input?: { label: string; placeholder?: string; required: boolean };
}

/** Every button verb; one line each in the action table (`actions.ts`). */
export const ACTION_VERBS = [
  'ask', // answer the query in `id` (drill-downs, trends, examples)
  'share', // post the answer to the query in `id` to the channel
  'override.request', // explain / start a budget override request for budget `id`
  'override.approve', // approve override request `id`
  'override.deny', // deny override request `id` (with a reason)
  'snooze', // silence alerts for scope `id` for 24 h
  'expected', // mark idle-GPU episode `id` as expected (with a reason)
  'why', // the full breakdown behind spike `id`, in the alert's thread
  'usage', // utilisation of GPU resource `id`
  'run-job', // console only: run job `id` now (loopback demo)
] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

/** A table, already worded (money formatted), for every surface to lay out. */
export interface NoticeTable {
  columns: string[];
  /** Which columns are numbers (right-aligned). */
  numeric?: boolean[];
  rows: string[][];
  /** Rows drawn apart (a fold row, a partial period), by index. */
  muted?: number[];
}

/**
 * A message the bot composes: a digest, an alert, a budget's status, an approval request,
 * a decision. Worded once, rendered by each surface (Block Kit, Adaptive Card, the console).
 */
export interface Notice {
  /** What it is, for rendering hints, logs and tests: `digest`, `budget-threshold`, `spike`, `idle-gpu`, `override-request`, `budget-status`… */
  kind: string;
  title: string;
  /** One plain-text line: the notification and fallback text, and what the CLI prints. */
  text: string;
  /** Short paragraphs; `*bold*` and `` `code` `` are the only markup. */
  body?: string[];
  facts?: { label: string; value: string }[];
  table?: NoticeTable;
  chart?: ChartSpec | null;
  notes?: string[];
  actions?: ActionButton[];
  tone?: 'info' | 'good' | 'warning' | 'alert';
  /** The ledger key of a proactive message (Slack carries it in message metadata). */
  key?: string;
}

/** Where a posted message is, to update it or reply in its thread. Plain JSON (kept in the store). */
export interface MessageRef {
  platform: NoticePlatform;
  channel: string;
  /** Slack `ts`, Teams activity id, console message id. */
  id: string;
}

/**
 * Posts notices to channels on one platform. Slack: `chat.postMessage` / `chat.update` /
 * `thread_ts`; Teams: proactive messages from stored conversation references /
 * `updateActivity` / reply chains; the console: its channel feed in the store.
 */
export interface Notifier {
  readonly platform: NoticePlatform;
  post(channel: string, notice: Notice): Promise<MessageRef>;
  update(ref: MessageRef, notice: Notice): Promise<void>;
  /** A reply in the message's thread. */
  reply(ref: MessageRef, notice: Notice): Promise<MessageRef>;
  /** A direct message to a user of this platform (the requester told of a decision). */
  direct(userId: string, notice: Notice): Promise<MessageRef>;
  /**
   * Whether a message with this ledger key was posted to `channel` since `since`: its ref,
   * null when surely not, `'unknown'` when the platform cannot tell (Teams).
   */
  findPosted(channel: string, key: string, since: Date): Promise<MessageRef | null | 'unknown'>;
}

/** The notifier of each platform the bot is connected to (the bot wiring fills it). */
export type Notifiers = Partial<Record<NoticePlatform, Notifier>>;

/** Help: one text for every surface. */
export interface HelpContent {
  title: string;
  intro: string;
  /** Grammar lines: `[part, examples]`. */
  grammar: [string, string][];
  /** Example questions that work on this deployment's data (each an `ask` button). */
  examples: string[];
  /** Other commands (`budget`, `snooze`…), as `[command, what it does]`. */
  commands: [string, string][];
}

/**
 * What the reply use case returns for one message. Surfaces render each kind; none of them
 * decides anything.
 * - `help`: asked for help (`help`, `what can you do?`), or said nothing.
 * - `rejected`: the question was not understood or is not allowed; `message` says how to fix
 *   it, `suggestions` are the closest things the bot knows (each clickable), `query` the
 *   parsed query when the parser refused it (the HTTP API returns it).
 * - `failed`: our fault; `reference` finds the error in the log.
 * - `busy`: too much work queued; try again after `retryAfterSeconds`.
 * - `answer`: a cost answer with its buttons and chart.
 * - `notice`: anything else worded as a notice (`/budget`, `idle gpu`, `advice`, `snooze`…),
 *   with `data` as the JSON the API returns for it.
 */
export type Reply =
  | { kind: 'help'; help: HelpContent }
  | { kind: 'rejected'; asked: string; message: string; suggestions: string[]; examples: string[]; query?: ParsedQuery }
  | { kind: 'failed'; asked: string; reference: string; examples: string[] }
  | { kind: 'busy'; asked: string; retryAfterSeconds: number }
  | { kind: 'answer'; answer: Answer; actions: ActionButton[]; chart: ChartSpec | null; public: boolean }
  | { kind: 'notice'; notice: Notice; public: boolean; data?: unknown };

/** What handling a button click gives the adapter to render. */
export type ActionResult =
  /** Show this reply to the clicker, replacing the clicked message when `replace` (a drill-down). */
  | { kind: 'reply'; reply: Reply; replace: boolean }
  /** The clicked message changed for everyone (a decision): update it with `notice`. */
  | { kind: 'update'; notice: Notice; toClicker?: Notice }
  /** Post in the clicked message's thread (Why?). */
  | { kind: 'thread'; notice: Notice }
  /** Tell only the clicker (a refusal, "snoozed until …"). */
  | { kind: 'private'; notice: Notice };

/** One click, as the adapter verified and decoded it. */
export interface ActionRequest {
  verb: ActionVerb;
  id: string;
  identity: Identity;
  conversation: Conversation;
  /** The text typed into the button's input, if it asked for one. */
  input?: string;
  /** The message the button was on, when the platform says. */
  message?: MessageRef;
  /** The clock (epoch ms). */
  now: number;
}

export type ActionHandler = (request: ActionRequest) => Promise<ActionResult>;
