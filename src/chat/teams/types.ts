import type { Answer } from '../../core/types.js';
import type { ChatDeps } from '../types.js';

import type { ChartImage } from '../../charts/render-png.js';

export type { ChartImage };

/**
 * What the Teams surface needs from src/charts/: the renderer and, when the bot has a
 * public URL, the host that serves `GET /charts/<id>.png`. Injected so tests can stub it.
 */
export interface TeamsChartPort {
  renderChartPng(answer: Answer): Promise<ChartImage | null>;
  /** Keeps an image and returns its id (src/charts ChartHost); absent means charts can only be embedded as data: URIs. */
  host?: { put(image: ChartImage): string | Promise<string> };
}

export type TeamsDeps = ChatDeps & { charts?: TeamsChartPort };

/** One element of an Adaptive Card body (kept loose: the schema is large and Teams-versioned). */
export type CardElement = Record<string, unknown> & { type: string };

/** An `Action.Execute` button (Universal Actions). */
export interface ExecuteAction {
  type: 'Action.Execute';
  title: string;
  verb: string;
  data: Record<string, string>;
}

/** An Adaptive Card 1.5 as the bot sends it. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: ExecuteAction[];
  msteams?: { width: 'Full' };
  /** Shown by clients that cannot render the card (and in notifications). */
  fallbackText?: string;
}

/** The image a card shows: a hosted URL or an embedded data: URI. */
export interface CardImage {
  url: string;
  alt: string;
  /** True for a data: URI, which counts against the card's size. */
  embedded: boolean;
}
