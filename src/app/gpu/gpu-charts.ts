import type { ChartSpec } from '../conversation/types.js';
import type { ResourceTimeline } from '../../core/gpu/utilisation-analyser.js';
import type { InstanceEpisode } from '../../core/gpu/idle-cost.js';

const PALETTE = ['#2563eb', '#0d9488', '#f59e0b', '#7c3aed', '#db2777', '#16a34a'];
const FONT = '#374151';

function bucketLabels(tl: ResourceTimeline, timezone: string): string[] {
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return Array.from(tl.mean, (_, i) => fmt.format(tl.start + i * tl.bucketMs).replace(',', ''));
}

const num = (v: number): number | null => (v === v ? Math.round(v * 10) / 10 : null);

/** Idle GPUs of a resource in each bucket, from its episodes (the most at once in the bucket). */
function idleGpusPerBucket(tl: ResourceTimeline, episodes: InstanceEpisode[], gpusPerInstance: number): (number | null)[] {
  return Array.from(tl.mean, (_, i) => {
    const a = tl.start + i * tl.bucketMs;
    const b = a + tl.bucketMs;
    let n = 0;
    for (const e of episodes) for (const g of e.gpuEpisodes) if (g.start < b && g.end > a) n += g.gpu === '' ? gpusPerInstance : 1;
    return n;
  });
}

function options(title: string, subtitle: string, withIdleAxis: boolean): Record<string, unknown> {
  return {
    animation: false,
    maintainAspectRatio: false,
    layout: { padding: 12 },
    scales: {
      x: { grid: { display: false }, ticks: { color: FONT, autoSkip: true, maxRotation: 0 } },
      y: { min: 0, max: 100, ticks: { color: FONT }, title: { display: true, text: 'GPU utilisation, %', color: FONT } },
      ...(withIdleAxis ? { y1: { position: 'right', beginAtZero: true, grid: { display: false }, ticks: { color: FONT, precision: 0 }, title: { display: true, text: 'idle GPUs', color: FONT } } } : {}),
    },
    plugins: {
      title: { display: true, text: title, color: '#111827', font: { size: 16, weight: 'bold' } },
      subtitle: { display: subtitle !== '', text: subtitle, color: '#4b5563', padding: { bottom: 12 } },
      legend: { display: true, position: 'bottom', labels: { color: FONT, boxWidth: 12 } },
    },
  };
}

/** Utilisation over time of a few resources (mean over their GPUs) against the idle threshold: a Chart.js v4 line chart. */
export function utilisationChart(
  series: { label: string; timeline: ResourceTimeline }[],
  threshold: number,
  title: string,
  subtitle: string,
  timezone: string,
): ChartSpec | null {
  if (series.length === 0) return null;
  const labels = bucketLabels(series[0]!.timeline, timezone);
  const datasets: Record<string, unknown>[] = series.map((s, i) => ({
    type: 'line', label: s.label, data: Array.from(s.timeline.mean, num), borderColor: PALETTE[i % PALETTE.length], backgroundColor: PALETTE[i % PALETTE.length],
    borderWidth: 2, pointRadius: 0, tension: 0, spanGaps: false,
  }));
  datasets.push({ type: 'line', label: `idle below ${threshold}%`, data: labels.map(() => threshold), borderColor: '#dc2626', borderDash: [6, 4], borderWidth: 1, pointRadius: 0 });
  const worst = series.map((s) => `${s.label} averaged ${avg(s.timeline.mean)}%`).join('; ');
  return {
    config: { type: 'line', data: { labels, datasets }, options: options(title, subtitle, false) },
    alt: `${title}. ${subtitle}. ${worst}. The dashed line is the idle threshold (${threshold}%).`,
  };
}

/** One resource: mean utilisation (line) and how many GPUs were idle (bars, right axis). */
export function resourceUsageChart(
  label: string,
  timeline: ResourceTimeline,
  episodes: InstanceEpisode[],
  gpusPerInstance: number,
  threshold: number,
  subtitle: string,
  timezone: string,
): ChartSpec {
  const labels = bucketLabels(timeline, timezone);
  const idle = idleGpusPerBucket(timeline, episodes, gpusPerInstance);
  const title = `GPU utilisation · ${label}`;
  return {
    config: {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { type: 'line', label: 'mean utilisation %', data: Array.from(timeline.mean, num), borderColor: PALETTE[0], backgroundColor: PALETTE[0], borderWidth: 2, pointRadius: 0, yAxisID: 'y', order: 0 },
          { type: 'line', label: `idle below ${threshold}%`, data: labels.map(() => threshold), borderColor: '#dc2626', borderDash: [6, 4], borderWidth: 1, pointRadius: 0, yAxisID: 'y', order: 1 },
          { type: 'bar', label: 'idle GPUs', data: idle, backgroundColor: 'rgba(220, 38, 38, 0.25)', yAxisID: 'y1', order: 2 },
        ],
      },
      options: options(title, subtitle, true),
    },
    alt: `${title}. ${subtitle}. Mean utilisation ${avg(timeline.mean)}%; at most ${Math.max(0, ...idle.map((v) => v ?? 0))} GPUs idle at once. The dashed line is the idle threshold (${threshold}%).`,
  };
}

function avg(values: Float32Array): string {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (v !== v) continue;
    s += v;
    n++;
  }
  return n ? (s / n).toFixed(1) : 'n/a';
}
