import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type Plugin } from 'chart.js';
import type { Answer } from '../core/types.js';
import { chartAltText } from './chart-alt-text.js';
import { chartConfigFor, valueAxisOf } from './chart-config.js';
import { formatCompactMoney } from './format-compact-money.js';

/** A rendered chart, ready to upload (Slack) or to host (Teams). */
export interface ChartImage {
  png: Buffer;
  /** Pixel size of the PNG (the CSS size times the device pixel ratio). */
  width: number;
  height: number;
  /** A text description of the chart (screen readers, Slack alt_text ≤ 2000 chars). */
  alt: string;
  mime: 'image/png';
}

export interface RenderOptions {
  width?: number;
  height?: number;
  /** 2 gives crisp images on high-density screens at four times the bytes. */
  devicePixelRatio?: number;
  /** Told when drawing failed (the result is then null); e.g. a logger's warn. */
  onError?: (err: unknown) => void;
}

const FONT_CANDIDATES = ['DejaVu Sans', 'Liberation Sans', 'Noto Sans', 'Arial', 'Helvetica'];
const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/dejavu/DejaVuSans.ttf'];
const MAX_SIDE = 4000;

/**
 * Picks a font once. @napi-rs/canvas reads the system fonts; on a bare image with
 * none loaded we register a known file, and with no font at all the bars still draw
 * (only the text is missing), which beats failing the answer.
 */
function chooseFont(): string | null {
  const has = (name: string) => GlobalFonts.families.some((f) => f.family === name);
  const found = FONT_CANDIDATES.find(has);
  if (found) return found;
  for (const file of FONT_FILES) {
    try {
      const key = GlobalFonts.registerFromPath(file, 'finops-chart-sans');
      if (key) return 'finops-chart-sans';
    } catch {
      // Not on this machine: try the next one.
    }
  }
  return null;
}

let ready = false;
/** Registers the chart.js components and global defaults once per process (they are global in chart.js). */
function setup(): void {
  if (ready) return;
  Chart.register(...registerables);
  const font = chooseFont();
  if (font) Chart.defaults.font.family = `'${font}', sans-serif`;
  Chart.defaults.font.size = 12;
  ready = true;
}

/** Paints white under the chart: PNGs are transparent otherwise, and dark-mode chat clients show black text on black. */
const whiteBackground: Plugin = {
  id: 'finopsWhiteBackground',
  beforeDraw(chart) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** A height that gives each horizontal bar room for its label. */
export function defaultChartSize(config: ChartConfiguration): { width: number; height: number } {
  const horizontal = valueAxisOf(config) === 'x';
  const bars = config.data.labels?.length ?? 0;
  return { width: 800, height: horizontal ? Math.min(1400, Math.max(340, 110 + bars * 26)) : 420 };
}

/** Adds the money tick labels (`$12.3k`) that plain JSON cannot carry. */
export function withMoneyTicks(config: ChartConfiguration, currency: string): ChartConfiguration {
  const axis = valueAxisOf(config);
  const scales = (config.options?.scales ?? {}) as Record<string, { ticks?: Record<string, unknown> }>;
  const scale = (scales[axis] ??= {});
  scale.ticks = { ...scale.ticks, callback: (v: unknown) => formatCompactMoney(Number(v), currency) };
  return config;
}

const clampSide = (n: number | undefined, fallback: number) => (n !== undefined && Number.isFinite(n) && n >= 50 ? Math.min(MAX_SIDE, Math.round(n)) : fallback);

/**
 * Renders the chart of an answer to a PNG in-process (chart.js on @napi-rs/canvas):
 * no browser, no network, tens of milliseconds. Null when the answer has nothing to
 * draw, or, rather than failing the answer, when drawing fails (the text still goes out).
 */
export async function renderChartPng(answer: Answer, opts: RenderOptions = {}): Promise<ChartImage | null> {
  const config = chartConfigFor(answer);
  if (!config) return null;
  return renderConfigPng(config, { alt: chartAltText(answer), currency: answer.currency }, opts);
}

/**
 * Renders a chart description (plain JSON from `chartConfigFor`, as a reply's or a
 * notice's `ChartSpec` carries it) to a PNG. The description is copied, never changed.
 * `maxSide` scales the default size down to fit (Teams shows card images up to 1024 px).
 * Null when drawing fails, after telling `onError`.
 */
export async function renderChartSpecPng(spec: { config: unknown; alt: string; currency?: string }, opts: RenderOptions & { maxSide?: number } = {}): Promise<ChartImage | null> {
  let config: ChartConfiguration;
  try {
    config = structuredClone(spec.config) as ChartConfiguration;
    if (!config || typeof config !== 'object' || !config.data) throw new Error('not a Chart.js configuration');
  } catch (err) {
    opts.onError?.(err);
    return null;
  }
  let { width, height } = opts;
  if (opts.maxSide !== undefined && width === undefined && height === undefined) {
    const size = defaultChartSize(config);
    const scale = Math.min(1, opts.maxSide / Math.max(size.width, size.height));
    width = Math.round(size.width * scale);
    height = Math.round(size.height * scale);
  }
  return renderConfigPng(config, { alt: spec.alt, currency: spec.currency }, { ...opts, width, height });
}

async function renderConfigPng(config: ChartConfiguration, about: { alt: string; currency?: string }, opts: RenderOptions): Promise<ChartImage | null> {
  setup();
  const size = defaultChartSize(config);
  const width = clampSide(opts.width, size.width);
  const height = clampSide(opts.height, size.height);
  const dpr = opts.devicePixelRatio !== undefined && opts.devicePixelRatio > 0 && opts.devicePixelRatio <= 4 ? opts.devicePixelRatio : 1;
  if (about.currency) withMoneyTicks(config, about.currency);
  config.options = { ...config.options, responsive: false, animation: false, devicePixelRatio: dpr };
  config.plugins = [...(config.plugins ?? []), whiteBackground];
  const canvas = createCanvas(width, height);
  let chart: Chart | null = null;
  try {
    chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], config);
    const png = await canvas.encode('png');
    return { png, width: canvas.width, height: canvas.height, alt: about.alt, mime: 'image/png' };
  } catch (err) {
    opts.onError?.(err);
    return null;
  } finally {
    chart?.destroy();
  }
}
