import type { SlackChartPort } from './types.js';

type ChartsModule = typeof import('../../charts/index.js');
let loading: Promise<ChartsModule> | null = null;

/**
 * src/charts, loaded on the first chart rather than at boot: it brings a native
 * canvas and Chart.js that a bot answering without charts never needs.
 */
export function defaultCharts(): SlackChartPort {
  const load = () => (loading ??= import('../../charts/index.js'));
  return {
    renderChartPng: async (answer, opts) => (await load()).renderChartPng(answer, opts),
    quickChartUrl: async (answer, target) => (await load()).quickChartUrl(answer, target),
  };
}
