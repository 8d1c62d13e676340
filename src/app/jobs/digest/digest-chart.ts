import { CHART_PALETTE } from '../../../charts/chart-config.js';
import { formatCents } from '../../../core/money.js';
import type { DigestFigures } from '../../../core/jobs/digest-figures.js';
import type { ChartSpec } from '../../conversation/types.js';

/**
 * The digest's 14-day chart as a Chart.js v4 description (plain JSON, drawn by every
 * surface like an answer's chart): one bar per day, yesterday highlighted, and the
 * trailing 7-day average as a line.
 */
export function digestChart(figures: DigestFigures, subject: string, currency: string): ChartSpec {
  const labels = figures.chart.map((p) => p.day.slice(5));
  const values = figures.chart.map((p) => Number(p.cost) / 100);
  const colors = figures.chart.map((p) => (p.day === figures.day ? CHART_PALETTE[2] : CHART_PALETTE[0]));
  const max = figures.chart.reduce((m, p) => (p.cost > m.cost ? p : m), figures.chart[0]!);
  const min = figures.chart.reduce((m, p) => (p.cost < m.cost ? p : m), figures.chart[0]!);
  const first = figures.chart[0]!.day;
  return {
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'Daily cost', data: values, backgroundColor: colors, order: 2 },
          { type: 'line', label: '7-day average (before yesterday)', data: values.map(() => Number(figures.average7) / 100), borderColor: CHART_PALETTE[1], pointRadius: 0, borderDash: [6, 4], order: 1 },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: `${subject}: daily cost, last 14 days` },
          subtitle: { display: true, text: `${first} → ${figures.day} · ${currency}` },
          legend: { display: true, position: 'bottom' },
        },
        scales: { x: { grid: { display: false } }, y: { beginAtZero: true, title: { display: true, text: currency } } },
      },
    },
    alt:
      `Daily cost of ${subject} from ${first} to ${figures.day}: highest ${formatCents(max.cost, currency)} on ${max.day}, ` +
      `lowest ${formatCents(min.cost, currency)} on ${min.day}, yesterday ${formatCents(figures.yesterday, currency)} ` +
      `against a 7-day average of ${formatCents(figures.average7, currency)}.`,
  };
}
