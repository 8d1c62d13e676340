import type { ChartPng } from '../../app/conversation/ports.js';
import type { ChatDeps } from '../types.js';

/** Keeps a chart PNG and returns its id, served at `GET /charts/<id>.png` (src/charts ChartHost). */
export interface ChartStore {
  put(image: ChartPng): string | Promise<string>;
}

/**
 * What the Teams surface needs: the chat dependencies, and, when the bot has a public URL,
 * the chart host that serves images Teams loads from it (without one, charts are
 * embedded in the card as data: URIs).
 */
export type TeamsDeps = ChatDeps & { chartHost?: ChartStore };

/** One element of an Adaptive Card body (kept loose: the schema is large and Teams-versioned). */
export type CardElement = Record<string, unknown> & { type: string };

/** An `Action.Execute` button (Universal Actions), or a `ShowCard` that asks for a text first. */
export type CardAction =
  | { type: 'Action.Execute'; title: string; verb: string; data: Record<string, string>; style?: 'positive' | 'destructive' }
  | { type: 'Action.ShowCard'; title: string; card: { type: 'AdaptiveCard'; body: CardElement[]; actions: CardAction[] } };

/** An Adaptive Card 1.5 as the bot sends it. */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions?: CardAction[];
  msteams?: { width: 'Full' };
  /** Shown by clients that cannot render the card (and in notifications). */
  fallbackText?: string;
}

/** The image a card shows: a hosted URL or an embedded data: URI. */
export interface CardImage {
  url: string;
  alt: string;
  /** True for a data: URI. */
  embedded: boolean;
}
