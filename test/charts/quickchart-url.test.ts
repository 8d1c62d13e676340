import { describe, expect, it } from 'vitest';
import { fitsSlackImageUrl, quickChartUrl, SLACK_IMAGE_URL_LIMIT } from '../../src/charts/quickchart-url.js';
import { byTeam, makeAnswer, plainSeries } from './answers.js';

const target = { host: 'quickchart.internal:3400', scheme: 'http' as const };

describe('quickChartUrl', () => {
  it('points at the configured server with Chart.js v4, a size and a white background', () => {
    const url = new URL(quickChartUrl(byTeam(), target)!);
    expect(url.origin).toBe('http://quickchart.internal:3400');
    expect(url.pathname).toBe('/chart');
    expect(url.searchParams.get('v')).toBe('4');
    expect(url.searchParams.get('w')).toBe('800');
    expect(url.searchParams.get('h')).toBe('420');
    expect(url.searchParams.get('bkg')).toBe('white');
    expect(url.searchParams.get('f')).toBe('png');
  });

  it('carries the chart config, with a money tick function the server evaluates', () => {
    const c = new URL(quickChartUrl(byTeam(), { ...target, width: 500, height: 300 })!).searchParams.get('c')!;
    expect(c).toContain('"labels":["nlp","vision","speech","(untagged)","other"]');
    expect(c).toContain('"callback":function(v){');
    expect(c).toContain('u="$"');
    expect(new URL(quickChartUrl(byTeam(), { ...target, width: 500, height: 300 })!).searchParams.get('w')).toBe('500');
  });

  it('uses https and the host as given', () => {
    expect(quickChartUrl(byTeam(), { host: 'charts.example.com', scheme: 'https' })!.startsWith('https://charts.example.com/chart?')).toBe(true);
  });

  it('is null when there is nothing to draw', () => {
    expect(quickChartUrl(makeAnswer(), target)).toBeNull();
  });
});

describe('fitsSlackImageUrl', () => {
  it('accepts a small breakdown and rejects a 400-point series (over 3,000 characters)', () => {
    const small = quickChartUrl(byTeam(), target);
    expect(small!.length).toBeLessThanOrEqual(SLACK_IMAGE_URL_LIMIT);
    expect(fitsSlackImageUrl(small)).toBe(true);
    const big = quickChartUrl(plainSeries(400), target);
    expect(big!.length).toBeGreaterThan(SLACK_IMAGE_URL_LIMIT);
    expect(fitsSlackImageUrl(big)).toBe(false);
  });
  it('draws the line at exactly 3,000 characters', () => {
    expect(SLACK_IMAGE_URL_LIMIT).toBe(3000);
    expect(fitsSlackImageUrl('x'.repeat(3000))).toBe(true);
    expect(fitsSlackImageUrl('x'.repeat(3001))).toBe(false);
    expect(fitsSlackImageUrl(null)).toBe(false);
  });
});
