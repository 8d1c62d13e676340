import type { ChartRenderer } from '../app/conversation/ports.js';

type ChartsModule = typeof import('../charts/index.js');
let loading: Promise<ChartsModule> | null = null;

/**
 * The chart port every surface uses, over src/charts: a PNG drawn in-process, or a URL on
 * the self-hosted QuickChart server. src/charts is loaded on the first chart rather than
 * at boot: it brings a native canvas and Chart.js that a bot answering without charts
 * never needs.
 */
export function defaultCharts(opts: { onError?: (err: unknown) => void } = {}): ChartRenderer {
  const load = () => (loading ??= import('../charts/index.js'));
  return {
    png: async (chart, o) => (await load()).renderChartSpecPng(chart, { ...o, onError: opts.onError }),
    quickChartUrl: async (chart, target) => (await load()).quickChartConfigUrl(chart.config, chart.currency, target),
  };
}
