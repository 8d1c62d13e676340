import { describe, expect, it } from 'vitest';
import { chartConfigFor, keyLabel, lighter, OTHER_COLOR, rowLabel, truncateLabel, valueAxisOf } from '../../src/charts/chart-config.js';
import { chartAltText, ALT_TEXT_LIMIT } from '../../src/charts/chart-alt-text.js';
import { formatCompactMoney } from '../../src/charts/format-compact-money.js';
import { byTeam, makeAnswer, plainSeries, teamSeries } from './answers.js';

type Dataset = { type?: string; label: string; data: number[]; backgroundColor: string | string[] };
const datasets = (c: ReturnType<typeof chartConfigFor>) => c!.data.datasets as unknown as Dataset[];
const plugins = (c: ReturnType<typeof chartConfigFor>) => (c!.options as { plugins: { title: { text: string }; subtitle: { text: string }; legend: { display: boolean } } }).plugins;
const scales = (c: ReturnType<typeof chartConfigFor>) => (c!.options as { scales: Record<string, { stacked: boolean; title: { text: string } }> }).scales;

describe('chartConfigFor', () => {
  it('is null when there is nothing to draw', () => {
    expect(chartConfigFor(makeAnswer())).toBeNull();
    expect(chartConfigFor(makeAnswer({ series: [] }))).toBeNull();
  });

  it('draws a breakdown as one bar per row, other greyed, metric on the value axis', () => {
    const c = chartConfigFor(byTeam())!;
    expect(c.type).toBe('bar');
    expect(c.data.labels).toEqual(['nlp', 'vision', 'speech', '(untagged)', 'other']);
    const [ds] = datasets(c);
    expect(ds!.data).toEqual([30112.4, 9000, 5893.57, 1205.1, 2000]);
    expect((ds!.backgroundColor as string[]).at(-1)).toBe(OTHER_COLOR);
    expect((ds!.backgroundColor as string[])[0]).not.toBe(OTHER_COLOR);
    expect(scales(c)[valueAxisOf(c)]!.title.text).toBe('effective cost (amortized), USD');
    expect(plugins(c).title.text).toBe('Cost by team');
    expect(plugins(c).subtitle.text).toContain('2026-11-16 → 2026-11-22 (7 days)  ·  total 48,211.07 USD');
    expect(plugins(c).subtitle.text).toContain('▲ 17.6% vs previous period');
    expect(plugins(c).legend.display).toBe(false);
  });

  it('turns bars horizontal for many rows or long labels, keeping them vertical for a few short ones', () => {
    expect(valueAxisOf(chartConfigFor(byTeam())!)).toBe('y');
    const many = makeAnswer({ query: { groupBy: ['model'] }, rows: Array.from({ length: 9 }, (_, i) => ({ key: { model: `m${i}` }, cost: 10 - i, share: 0.1 })) });
    expect(valueAxisOf(chartConfigFor(many)!)).toBe('x');
    const long = makeAnswer({ query: { groupBy: ['resource'] }, rows: [{ key: { resource: 'arn:aws:sagemaker:us-east-1:401234567101:endpoint/very-long-endpoint-name' }, cost: 5, share: 1 }] });
    const c = chartConfigFor(long)!;
    expect(valueAxisOf(c)).toBe('x');
    const label = (c.data.labels as string[])[0]!;
    expect([...label].length).toBeLessThanOrEqual(28);
    expect(label.endsWith('…')).toBe(true);
  });

  it('labels multi-key rows and empty keys readably', () => {
    expect(keyLabel({ team: 'nlp', model: 'llama-70b' }, ['team', 'model'])).toBe('nlp · llama-70b');
    expect(keyLabel({ team: '' }, ['team'])).toBe('(none)');
    expect(keyLabel({}, [])).toBe('(none)');
    expect(rowLabel({ key: { resource: 'i-0abc' }, resourceName: 'train-box' }, ['resource'])).toBe('i-0abc (train-box)');
    expect(truncateLabel('short')).toBe('short');
    expect(truncateLabel('😀'.repeat(40), 5)).toBe('😀😀😀😀…');
  });

  it('stacks a short series with rows as bars, one dataset per key, other last and grey', () => {
    const c = chartConfigFor(teamSeries(7))!;
    expect(c.type).toBe('bar');
    const ds = datasets(c);
    expect(ds.map((d) => d.label)).toEqual(['nlp', 'vision', 'speech', 'other']);
    expect(ds.at(-1)!.backgroundColor).toBe(OTHER_COLOR);
    expect(ds[0]!.data).toHaveLength(7);
    expect(scales(c).x!.stacked).toBe(true);
    expect(scales(c).y!.stacked).toBe(true);
    expect(plugins(c).legend.display).toBe(true);
  });

  it('draws a long series with rows as lines and folds keys beyond 8 into one “(N others)” line', () => {
    const teams = Array.from({ length: 12 }, (_, i) => `team-${i}`);
    const c = chartConfigFor(teamSeries(40, teams))!;
    expect(c.type).toBe('line');
    const ds = datasets(c);
    expect(ds).toHaveLength(9);
    expect(ds.at(-1)!.label).toBe('(4 others)');
    // Per point, the datasets still add up to the point's cost.
    const a = teamSeries(40, teams);
    const sum = ds.reduce((s, d) => s + d.data[3]!, 0);
    expect(sum).toBeCloseTo(a.series![3]!.cost, 6);
  });

  it('draws a plain series as bars up to 20 points and a line beyond', () => {
    expect(chartConfigFor(plainSeries(7))!.type).toBe('bar');
    const c = chartConfigFor(plainSeries(400))!;
    expect(c.type).toBe('line');
    expect(datasets(c)[0]!.data).toHaveLength(400);
    expect(c.data.labels![0]).toBe('2026-01-01');
  });

  it('labels monthly points by month', () => {
    const a = makeAnswer({ query: { granularity: 'month' }, series: [{ start: '2026-10-01', cost: 1 }, { start: '2026-11-01', cost: 2 }] });
    expect(chartConfigFor(a)!.data.labels).toEqual(['2026-10', '2026-11']);
  });

  it('is plain JSON: it survives a JSON round trip unchanged', () => {
    for (const a of [byTeam(), teamSeries(30), plainSeries(5)]) {
      const c = chartConfigFor(a);
      expect(JSON.parse(JSON.stringify(c))).toEqual(c);
    }
  });

  it('draws a partial bucket lighter, says so in its label and the legend, never as a drop', () => {
    const partial = (a: ReturnType<typeof plainSeries>) => {
      a.series!.at(-1)!.partial = true;
      a.series!.at(-1)!.days = 2;
      return a;
    };
    const bars = chartConfigFor(partial(plainSeries(5)))!;
    const [main, legend] = datasets(bars) as unknown as { label: string; backgroundColor: string[]; data: number[] }[];
    expect(main!.backgroundColor).toEqual(['#2563eb', '#2563eb', '#2563eb', '#2563eb', lighter('#2563eb')]);
    expect(legend!.label).toBe('partial period (lighter bar)');
    expect(legend!.data).toEqual([]);
    expect((bars.data.labels as string[]).at(-1)).toBe('2026-01-05 (partial)');
    expect(plugins(bars).legend.display).toBe(true);

    const line = chartConfigFor(partial(plainSeries(30)))!;
    const [solid, dashed] = datasets(line) as unknown as { label: string; data: (number | null)[]; borderDash?: number[] }[];
    expect(solid!.data.at(-1)).toBeNull();
    expect(dashed!.label).toBe('partial period');
    expect(dashed!.borderDash).toEqual([6, 4]);
    expect(dashed!.data.filter((v) => v !== null)).toHaveLength(2);

    const stacked = chartConfigFor(partial(teamSeries(7)))!;
    const sets = datasets(stacked) as unknown as { label: string; backgroundColor: string | string[] }[];
    expect((sets[0]!.backgroundColor as string[]).at(-1)).toBe(lighter('#2563eb'));
    expect(sets.at(-1)!.label).toBe('partial period (lighter bar)');
    expect(chartAltText(partial(plainSeries(5)))).toContain('Partial day, drawn lighter and not comparable with whole ones: 2026-01-05 (2 days).');
  });

  it('labels a resource with its name beside its id', () => {
    const a = makeAnswer({ query: { groupBy: ['resource'] }, rows: [{ key: { resource: 'i-0abc' }, cost: 9, share: 1, resourceName: 'train-box' }] });
    expect(chartConfigFor(a)!.data.labels).toEqual(['i-0abc (train-box)']);
    expect(chartAltText(a)).toContain('i-0abc (train-box) 9.00 USD (100.0%)');
  });

  it('draws non-finite amounts as 0 rather than failing', () => {
    const a = makeAnswer({ query: { groupBy: ['team'] }, rows: [{ key: { team: 'x' }, cost: Number.NaN, share: 0 }, { key: { team: 'y' }, cost: -5, share: 0 }] });
    expect(datasets(chartConfigFor(a))[0]!.data).toEqual([0, -5]);
  });
});

describe('formatCompactMoney', () => {
  it('writes axis labels like $12.3k', () => {
    expect(formatCompactMoney(12_300, 'USD')).toBe('$12.3k');
    expect(formatCompactMoney(1_250_000, 'USD')).toBe('$1.3M');
    expect(formatCompactMoney(-950, 'USD')).toBe('-$950');
    expect(formatCompactMoney(0, 'EUR')).toBe('€0');
    expect(formatCompactMoney(Number.NaN, 'USD')).toBe('');
  });
  it('falls back to the code for an unknown currency instead of throwing', () => {
    expect(formatCompactMoney(12_300, 'not a code')).toBe('12.3k not a code');
  });
});

describe('chartAltText', () => {
  it('says what is drawn, the total and the rows', () => {
    const text = chartAltText(byTeam());
    expect(text).toContain('Bar chart: Cost by team, 2026-11-16 → 2026-11-22 (7 days), effective cost (amortized).');
    expect(text).toContain('Total 48,211.07 USD, ▲ 17.6% vs the previous period');
    expect(text).toContain('nlp 30,112.40 USD (62.5%)');
  });
  it('names the extremes of a series and stays within Slack’s 2,000 characters', () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ key: { resource: `resource-${'x'.repeat(60)}-${i}` }, cost: 300 - i, share: 0.001 }));
    const text = chartAltText(makeAnswer({ query: { groupBy: ['resource'] }, rows }));
    expect([...text].length).toBeLessThanOrEqual(ALT_TEXT_LIMIT);
    expect(chartAltText(plainSeries(30))).toMatch(/^Line chart of 30 day points.*Highest/);
  });
});
