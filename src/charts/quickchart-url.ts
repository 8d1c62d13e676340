import type { ChartConfiguration } from 'chart.js';
import QuickChartModule from 'quickchart-js';
import type { Answer } from '../core/types.js';
import { chartConfigFor, valueAxisOf } from './chart-config.js';
import { currencySymbol } from './format-compact-money.js';
import { defaultChartSize } from './render-png.js';

// The package's types describe a CommonJS module while Node loads its ESM build, whose
// default export is the class itself: accept both shapes.
type QuickChartClass = (typeof QuickChartModule)['default'];
const QuickChart: QuickChartClass =
  (QuickChartModule as unknown as { default?: QuickChartClass }).default ?? (QuickChartModule as unknown as QuickChartClass);

/** Slack rejects an `image_url` longer than this (Block Kit image block). */
export const SLACK_IMAGE_URL_LIMIT = 3000;

export interface QuickChartTarget {
  /** `host:port` of the QuickChart server, e.g. `quickchart.internal:3400`. */
  host: string;
  scheme: 'http' | 'https';
  width?: number;
  height?: number;
}

/** Where the tick function goes in the config text; replaced after JSON.stringify. */
const TICKS_PLACEHOLDER = '"__finops_money_ticks__"';

/**
 * The tick function the QuickChart server evaluates (it runs the config as JavaScript).
 * Self-contained on purpose: it is sent as source text. Only the currency symbol is
 * interpolated, through JSON.stringify, so it stays a string literal.
 */
function tickFunctionSource(symbol: string): string {
  return `function(v){var a=Math.abs(v),s=v<0?'-':'',u=${JSON.stringify(symbol)};return s+u+(a>=1e9?(a/1e9).toFixed(1)+'B':a>=1e6?(a/1e6).toFixed(1)+'M':a>=1e3?(a/1e3).toFixed(1)+'k':a.toFixed(0))}`;
}

/**
 * A GET URL drawing the answer's chart on a self-hosted QuickChart server (Chart.js v4),
 * or null when there is nothing to draw. Check `fitsSlackImageUrl` before putting it
 * in a Slack image block; past 3,000 characters upload the PNG instead (`renderChartPng`).
 * Cost data goes only to the host the configuration names: there is no default host.
 */
export function quickChartUrl(answer: Answer, target: QuickChartTarget): string | null {
  const config = chartConfigFor(answer);
  if (!config) return null;
  return quickChartConfigUrl(config, answer.currency, target);
}

/** The same for a chart description (a reply's or a notice's `ChartSpec`); the description is copied, never changed. */
export function quickChartConfigUrl(description: unknown, currency: string | undefined, target: QuickChartTarget): string | null {
  const config = structuredClone(description) as ChartConfiguration | null;
  if (!config || typeof config !== 'object' || !config.data) return null;
  const size = defaultChartSize(config);
  const axis = valueAxisOf(config);
  let source = JSON.stringify(config);
  if (currency) {
    const scales = ((config.options ??= {}).scales ??= {}) as Record<string, { ticks?: Record<string, unknown> }>;
    const scale = (scales[axis] ??= {});
    scale.ticks = { ...scale.ticks, callback: '__finops_money_ticks__' };
    source = JSON.stringify(config).replace(TICKS_PLACEHOLDER, tickFunctionSource(currencySymbol(currency)));
  }
  return new QuickChart()
    .setConfig(source)
    .setVersion('4')
    .setHost(target.host)
    .setScheme(target.scheme)
    .setWidth(target.width ?? size.width)
    .setHeight(target.height ?? size.height)
    .setBackgroundColor('white')
    .getUrl();
}

/** True when Slack accepts the URL as an `image_url` (callers upload the PNG otherwise). */
export function fitsSlackImageUrl(url: string | null): url is string {
  return url !== null && url.length <= SLACK_IMAGE_URL_LIMIT;
}
