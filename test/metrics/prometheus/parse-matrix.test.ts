import { describe, expect, it } from 'vitest';
import { parseMatrix } from '../../../src/metrics/prometheus/parse-matrix.js';

function collect(text: string) {
  const out: { metric: Record<string, string>; points: [number, number][] }[] = [];
  const ok = parseMatrix(text, {
    begin: (metric) => out.push({ metric, points: [] }),
    point: (ts, v) => out[out.length - 1]!.points.push([ts, v]),
  });
  return { ok, out };
}

describe('parseMatrix', () => {
  it('reads the same series and points as JSON.parse, with odd labels, spacing and extra keys', () => {
    const body = {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          { metric: { Hostname: 'h{1}', gpu: '0', note: 'quote " and \\ and ] [' }, values: [[1731510000, '87'], [1731510060.5, 'NaN'], [1731510120, '1e-3']] },
          { metric: {}, values: [], histograms: [[1, { count: '1' }]] },
          { metric: { gpu: '1' }, values: [[1731510000, '-2.5']] },
        ],
      },
      warnings: ['x'],
    };
    for (const text of [JSON.stringify(body), JSON.stringify(body, null, 2)]) {
      const { ok, out } = collect(text);
      expect(ok).toBe(true);
      expect(out).toEqual(body.data.result.map((r) => ({ metric: r.metric, points: r.values.map(([t, v]) => [t, Number(v)]) })));
    }
  });

  it('declines anything that is not a successful matrix response', () => {
    expect(collect('{"status":"error","errorType":"bad_data","error":"x"}').ok).toBe(false);
    expect(collect('<html>').ok).toBe(false);
  });
});
