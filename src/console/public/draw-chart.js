/* global getComputedStyle */
// Draws the server's chart description (chartConfigFor, plain JSON) with Chart.js in
// the browser, adding what JSON cannot carry: money tick labels and tooltips.

function compactMoney(currency) {
  let f;
  try {
    f = new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 });
  } catch {
    f = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
  }
  return (v) => f.format(Number(v)).replace(/K\b/, 'k');
}

function fullMoney(currency) {
  const f = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return (v) => `${f.format(Number(v))} ${currency}`;
}

let defaultsSet = false;

/**
 * Draws `config` in `canvas`; returns the Chart (destroy it when the card goes), or null
 * when Chart.js did not load.
 */
export function drawChart(canvas, config, currency) {
  const Chart = globalThis.Chart;
  if (!Chart || !config) return null;
  if (!defaultsSet) {
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.color = '#4b5563';
    defaultsSet = true;
  }
  const cfg = structuredClone(config);
  const horizontal = cfg.options?.indexAxis === 'y';
  const valueAxis = horizontal ? 'x' : 'y';
  cfg.options = cfg.options ?? {};
  cfg.options.responsive = true;
  cfg.options.maintainAspectRatio = false;
  cfg.options.animation = { duration: 250 };
  const scales = (cfg.options.scales = cfg.options.scales ?? {});
  const scale = (scales[valueAxis] = scales[valueAxis] ?? {});
  scale.ticks = { ...(scale.ticks ?? {}), callback: compactMoney(currency) };
  const plugins = (cfg.options.plugins = cfg.options.plugins ?? {});
  // The card already shows the title, range and total above the chart.
  plugins.title = { ...(plugins.title ?? {}), display: false };
  plugins.subtitle = { ...(plugins.subtitle ?? {}), display: false };
  const money = fullMoney(currency);
  plugins.tooltip = {
    callbacks: {
      label: (ctx) => {
        const v = ctx.parsed[valueAxis];
        return cfg.data.datasets.length > 1 ? `${ctx.dataset.label}: ${money(v)}` : money(v);
      },
    },
  };
  return new Chart(canvas, cfg);
}

/** A height giving each horizontal bar room; vertical charts get a fixed height. */
export function chartHeight(config) {
  const n = config?.data?.labels?.length ?? 0;
  return config?.options?.indexAxis === 'y' ? Math.min(900, Math.max(200, 60 + n * 28)) : 300;
}
