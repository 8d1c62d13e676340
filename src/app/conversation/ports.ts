/**
 * What the conversation layer's use cases need from the rest of the bot: small ports, so
 * that they run the same from Slack, Teams, the console, the HTTP API, the CLI and the
 * scheduler, and so that tests can hand them a stub. None of them names a concrete class
 * (the `CostEngine` satisfies `Asker` structurally).
 */
import type { Logger } from 'pino';
import type { FinopsConfig } from '../../config/index.js';
import type { Answer, ParsedQuery } from '../../core/types.js';
import type { Store } from '../../store/index.js';
import type { AccessPolicy } from '../access/access-policy.js';
import type { BudgetDeps } from '../budgets/budget-deps.js';
import type { GpuDeps } from '../gpu/gpu-analysis.js';
import type { CostReader } from '../jobs/cost-reader.js';
import type { RunReport } from '../jobs/types.js';
import type { ChartSpec, Notifiers } from './types.js';

/** A question's outcome: an answer, or the parsed query with the message that says how to fix it. */
export type AskResult = { ok: true; answer: Answer } | { ok: false; query: ParsedQuery; message: string };

/** Answers cost questions (the cost engine). */
export interface Asker {
  /** Parses and answers one question. Never throws for bad input: a rejected query is a result. */
  ask(text: string, now: number): Promise<AskResult>;
  /** Parses without answering (help keeps only the examples that parse on this deployment). */
  parse(text: string, now: number): ParsedQuery;
  /** Dimension keys in order: configured, built-in derived, then FOCUS keys. */
  dimensionKeys(): string[];
  /** Known values of every dimension (what bare words and example questions can use). */
  knownValues(): Record<string, string[]>;
}

/**
 * What the commands and buttons beyond cost questions need (budgets, approvals, snoozes,
 * GPU reports, access control). Absent where a surface only answers questions (a stub in
 * tests): those commands then say they are not available here. Each capability adds its
 * own optional field.
 */
export interface ConversationServices {
  config: FinopsConfig;
  store: Store;
  /** Post notices to each connected platform. */
  notifiers: Notifiers;
  /** Budgets and override approvals (`budget …`, Approve / Deny); absent: they say they are not available here. */
  budgets?: BudgetDeps;
  /** Who may see what (`access` in the configuration): every answer is limited to the asker's view. */
  access?: { policy: AccessPolicy; unallocatedLabel: string };
  /** The GPU use cases (`idle gpu`, `advice`, `per gpu-hour`…, *Show usage*); absent: they say they are not available. */
  gpu?: GpuDeps;
  /** The cost data as of an instant, as the scheduled jobs read it (*Why?* on a spike). */
  jobCosts?: (now: Date) => CostReader;
  /** Runs a scheduled job now through the claim-and-ledger path (the console's *Run now*). */
  runJob?: (job: string, now: number) => Promise<RunReport>;
  /** The console is trusted to act as an operator (it listens on loopback): *Run now* without an access policy. */
  consoleTrusted?: boolean;
}

/** What every conversation use case gets. */
export interface ConversationDeps {
  asker: Asker;
  /** The bot's clock (epoch ms): `--now` in demos and tests. */
  clock: () => number;
  logger: Logger;
  services?: ConversationServices;
}

/** A chart drawn to a PNG. */
export interface ChartPng {
  png: Buffer;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
  /** The text alternative (screen readers, Slack `alt_text`, Teams `altText`). */
  alt: string;
  mime: 'image/png';
}

/** Where a QuickChart server is (`charts.quickchart` in the configuration). */
export interface QuickChartTarget {
  /** `host:port`, e.g. `quickchart.internal:3400`. */
  host: string;
  scheme: 'http' | 'https';
}

/**
 * Draws a `ChartSpec` (a reply's or a notice's chart): the one chart port every surface
 * uses, so Slack, Teams and the console get the same picture the same way. The default
 * implementation (src/chat/default-charts.ts) loads src/charts on the first chart.
 */
export interface ChartRenderer {
  /**
   * The chart as a PNG, or null when drawing failed (the message then goes without it).
   * `maxSide` caps both sides in pixels (Teams shows card images up to 1024×1024).
   */
  png(chart: ChartSpec, opts?: { maxSide?: number }): Promise<ChartPng | null>;
  /** A GET URL on the self-hosted QuickChart server that draws the chart; null when there is nothing to draw. */
  quickChartUrl(chart: ChartSpec, target: QuickChartTarget): Promise<string | null>;
}
