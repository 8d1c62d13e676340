/** Charts of an answer: one Chart.js description, drawn in-process (PNG), by QuickChart (URL) or in the browser. */
export { chartConfigFor, keyLabel, truncateLabel, valueAxisOf, valueAxisTitle, CHART_PALETTE, OTHER_COLOR, LINE_THRESHOLD, MAX_LABEL_CHARS, MAX_SERIES_DATASETS } from './chart-config.js';
export { chartAltText, ALT_TEXT_LIMIT } from './chart-alt-text.js';
export { formatCompactMoney, currencySymbol } from './format-compact-money.js';
export { renderChartPng, renderChartSpecPng, defaultChartSize, withMoneyTicks, type ChartImage, type RenderOptions } from './render-png.js';
export { quickChartUrl, quickChartConfigUrl, fitsSlackImageUrl, SLACK_IMAGE_URL_LIMIT, type QuickChartTarget } from './quickchart-url.js';
export { ChartHost, mountChartHost, type ChartHostOptions } from './chart-host.js';
