import { describe, expect, it } from 'vitest';
import { parseCron, validateCron } from '../../src/config/index.js';

describe('parseCron', () => {
  it('reads the schedules of config.md', () => {
    const digest = parseCron('0 9 * * 1-5');
    expect(digest).toEqual({
      ok: true,
      fields: {
        second: [0],
        minute: [0],
        hour: [9],
        dayOfMonth: Array.from({ length: 31 }, (_, i) => i + 1),
        month: Array.from({ length: 12 }, (_, i) => i + 1),
        dayOfWeek: [1, 2, 3, 4, 5],
        dayOfMonthRestricted: false,
        dayOfWeekRestricted: true,
      },
    });
    const idle = parseCron('*/30 * * * *');
    expect(idle.ok && idle.fields.minute).toEqual([0, 30]);
    const anomalies = parseCron('30 8 * * *');
    expect(anomalies.ok && [anomalies.fields.minute, anomalies.fields.hour]).toEqual([[30], [8]]);
  });

  it('reads lists, ranges with steps, names, seconds and Sunday as 7', () => {
    const r = parseCron('15 0,30 5-10/2 1 jan,JUL sun,7,Sat');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.fields.second).toEqual([15]);
    expect(r.fields.minute).toEqual([0, 30]);
    expect(r.fields.hour).toEqual([5, 7, 9]);
    expect(r.fields.month).toEqual([1, 7]);
    expect(r.fields.dayOfWeek).toEqual([0, 6]);
    const from = parseCron('5/20 * * * *');
    expect(from.ok && from.fields.minute).toEqual([5, 25, 45]);
  });

  it.each([
    ['', 'expected 5 or 6 space-separated fields, got 0'],
    ['* * *', 'expected 5 or 6 space-separated fields, got 3'],
    ['@daily', 'expected 5 or 6 space-separated fields, got 1'],
    ['60 * * * *', 'minute field "60": 60 is outside 0-59'],
    ['0 24 * * *', 'hour field "24": 24 is outside 0-23'],
    ['0 0 0 * *', 'dayOfMonth field "0": 0 is outside 1-31'],
    ['0 0 * 13 *', 'month field "13": 13 is outside 1-12'],
    ['0 0 * * 8', 'dayOfWeek field "8": 8 is outside 0-7'],
    ['0 0 * * mon-fri-sat', 'dayOfWeek field "mon-fri-sat": "mon-fri-sat" is not a range'],
    ['*/0 * * * *', 'minute field "*/0": step "0" must be a number from 1'],
    ['5-1 * * * *', 'minute field "5-1": range 5-1 runs backwards'],
    ['a * * * *', 'minute field "a": "a" is not a number'],
    ['1,,2 * * * *', 'minute field "1,,2": "" is not a value, range or step'],
    ['? * * * *', 'minute field "?": "?" is only allowed in the day fields'],
    ['0 0 * * xyz', 'dayOfWeek field "xyz": "xyz" is not a number or a name'],
  ])('rejects %j', (expression, error) => {
    const message = validateCron(expression);
    expect(message).not.toBeNull();
    expect(message).toContain(error);
  });

  it('accepts what it parses', () => {
    expect(validateCron('0 9 * * 1-5')).toBeNull();
    expect(validateCron('0 0 9 ? * MON')).toBeNull();
  });
});
