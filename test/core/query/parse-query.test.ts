import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../../src/core/query/index.js';
import { makeContext } from './query-context.js';

const ctx = makeContext();
const parse = (text: string, over = {}) => parseQuery(text, makeContext(over));

describe('the examples of query-language.md (now = Thursday 2026-11-26, UTC)', () => {
  it('model=llama-70b last week', () => {
    const q = parseQuery('model=llama-70b last week', ctx);
    expect(q).toEqual({
      text: 'model=llama-70b last week',
      range: { start: '2026-11-16', end: '2026-11-23' },
      filters: { model: { in: ['llama-70b'] } },
      groupBy: [],
      granularity: null,
      top: null,
      compare: null,
      previous: { start: '2026-11-09', end: '2026-11-16' },
      forecast: false,
      metric: 'effective',
      public: false,
      notes: [],
      error: null,
    });
    expect(Object.keys(q)).toEqual(['text', 'range', 'filters', 'groupBy', 'granularity', 'top', 'compare', 'previous', 'forecast', 'metric', 'public', 'notes', 'error']);
  });

  it('by team yesterday', () => {
    const q = parseQuery('by team yesterday', ctx);
    expect(q.groupBy).toEqual(['team']);
    expect(q.range).toEqual({ start: '2026-11-25', end: '2026-11-26' });
    expect(q.error).toBeNull();
  });

  it('team=nlp,vision env!=dev last 30 days by model top 5', () => {
    const q = parseQuery('team=nlp,vision env!=dev last 30 days by model top 5', ctx);
    expect(q.filters).toEqual({ team: { in: ['nlp', 'vision'] }, env: { notIn: ['dev'] } });
    expect(q.groupBy).toEqual(['model']);
    expect(q.top).toBe(5);
    expect(q.range).toEqual({ start: '2026-10-27', end: '2026-11-26' });
    expect(q.error).toBeNull();
    expect(q.notes).toEqual([]);
  });

  it('how much did llama-70b cost in October?', () => {
    const q = parseQuery('how much did llama-70b cost in October?', ctx);
    expect(q.filters).toEqual({ model: { in: ['llama-70b'] } });
    expect(q.range).toEqual({ start: '2026-10-01', end: '2026-11-01' });
    expect(q.notes).toEqual([]);
    expect(q.error).toBeNull();
  });

  it('training by model daily since Nov 1', () => {
    const q = parseQuery('training by model daily since Nov 1', ctx);
    expect(q.filters).toEqual({ workload: { in: ['training'] } });
    expect(q.groupBy).toEqual(['model']);
    expect(q.granularity).toBe('day');
    expect(q.range).toEqual({ start: '2026-11-01', end: '2026-11-27' });
    expect(q.error).toBeNull();
  });

  it('modle=x', () => {
    expect(parseQuery('modle=x', ctx).error).toBe('unknown key modle — did you mean model?');
  });
});

describe('filters', () => {
  it('reads key:value, quotes, raw tags and keeps values as typed', () => {
    const q = parse(`Team:NLP env="staging" model='whisper-large' tag:Cost-Center=ML tag:owner!=bob`);
    expect(q.filters).toEqual({
      team: { in: ['NLP'] },
      env: { in: ['staging'] },
      model: { in: ['whisper-large'] },
      'tag:Cost-Center': { in: ['ML'] },
      'tag:owner': { notIn: ['bob'] },
    });
    expect(q.error).toBeNull();
  });

  it('reads two-word values and spaces around =', () => {
    expect(parse('team="data lake" env = prod').filters).toEqual({ team: { in: ['data lake'] }, env: { in: ['prod'] } });
    expect(parse('team=“data lake”').filters).toEqual({ team: { in: ['data lake'] } });
  });

  it('merges the same key given twice', () => {
    const q = parse('env=prod env=dev,prod env!=staging env!=qa');
    expect(q.filters).toEqual({ env: { in: ['prod', 'dev'], notIn: ['staging', 'qa'] } });
  });

  it('accepts the documented key aliases and any case', () => {
    expect(parse('environment=prod TEAMS=nlp Models:sdxl').filters).toEqual({ env: { in: ['prod'] }, team: { in: ['nlp'] }, model: { in: ['sdxl'] } });
  });

  it('accepts FOCUS and derived keys', () => {
    expect(parse('service=AmazonEC2 region=us-east-1 workload=training accelerator=gpu').filters).toEqual({
      service: { in: ['AmazonEC2'] },
      region: { in: ['us-east-1'] },
      workload: { in: ['training'] },
      accelerator: { in: ['gpu'] },
    });
  });

  it('drops sentence punctuation after a value', () => {
    expect(parse('what did model=llama-70b cost?').filters).toEqual({ model: { in: ['llama-70b'] } });
  });

  it('names the closest key, or all keys when nothing is close', () => {
    expect(parse('tem=nlp').error).toBe('unknown key tem — did you mean team?');
    expect(parse('acount=123').error).toBe('unknown key acount — did you mean account?');
    const far = parse('foo=bar').error;
    expect(far).toMatch(/^unknown key foo — known keys are: team, model, env, experiment, workload, accelerator, provider, account/);
  });

  it('says how to write an empty value', () => {
    expect(parse('team=').error).toMatch(/^the filter team= has no value — write team=nlp/);
    expect(parse('team="" by model').error).toMatch(/has no value/);
    expect(parse('tag:foo').error).toMatch(/“tag:foo” needs a value — write tag:foo=<value>/);
  });

  it('leaves "Note: …" style colons alone', () => {
    const q = parse('Q: how much?');
    expect(q.error).toBeNull();
  });
});

describe('grouping, trend, top, metric, flags', () => {
  it.each([
    ['by model,env', ['model', 'env']],
    ['by model, env', ['model', 'env']],
    ['by model and env', ['model', 'env']],
    ['per model', ['model']],
    ['group=model', ['model']],
    ['group=model,team', ['model', 'team']],
    ['group by team', ['team']],
    ['cost by Team', ['team']],
    ['by environment', ['env']],
    ['by tag:Cost-Center', ['tag:Cost-Center']],
  ])('%s groups by %j', (text, groupBy) => {
    const q = parse(text);
    expect(q.groupBy).toEqual(groupBy);
    expect(q.error).toBeNull();
  });

  it('allows at most two dimensions', () => {
    expect(parse('by team,model,env').error).toBe('group by at most two dimensions (got team, model, env) — e.g. by team,model');
    expect(parse('by team by model by env').error).toMatch(/at most two/);
  });

  it('suggests a key for a misspelt grouping', () => {
    expect(parse('by modle').error).toBe('unknown key modle — did you mean model?');
    expect(parse('group=teem').error).toBe('unknown key teem — did you mean team?');
  });

  it.each([
    ['daily', 'day'],
    ['weekly', 'week'],
    ['monthly', 'month'],
    ['by day', 'day'],
    ['per day', 'day'],
    ['by week', 'week'],
    ['trend', 'day'],
    ['weekly trend', 'week'],
  ])('%s → granularity %s', (text, granularity) => {
    const q = parse(text);
    expect(q.granularity).toBe(granularity);
    expect(q.groupBy).toEqual([]);
    expect(q.error).toBeNull();
  });

  it('rejects two granularities and hourly', () => {
    expect(parse('daily weekly').error).toMatch(/two granularities \(daily and weekly\)/);
    expect(parse('hourly').error).toMatch(/hourly costs are not available — use daily/);
  });

  it.each([['top 5', 5], ['top5', 5], ['top=7', 7], ['Top 100', 100], ['top 1', 1], ['top ten', 10]])('%s → top %d', (text, n) => {
    expect(parse(text).top).toBe(n);
  });

  it.each(['top 0', 'top 101', 'top=-3', 'top 2.5', 'top=abc'])('%s is rejected', (text) => {
    expect(parse(text).error).toMatch(/top takes a whole number from 1 to 100|write a limit as top 5/);
  });

  it('notes a top without a number', () => {
    const q = parse('top models');
    expect(q.top).toBeNull();
    expect(q.notes.join(' ')).toMatch(/“top”: it needs a number/);
  });

  it('reads the metric, defaulting to the configured one', () => {
    expect(parse('metric=billed').metric).toBe('billed');
    expect(parse('metric:list').metric).toBe('list');
    expect(parse('METRIC=Effective').metric).toBe('effective');
    expect(parse('', { defaultMetric: 'billed' }).metric).toBe('billed');
    expect(parse('metric=amortized').error).toBe('unknown metric amortized — use metric=effective, metric=billed or metric=list');
    expect(parse('metric=billed metric=list').error).toMatch(/two metrics/);
  });

  it('reads everyday groupings: top N <dims>, which/each <dim>, by cost', () => {
    expect(parse('top 3 models by cost last quarter')).toMatchObject({ top: 3, groupBy: ['model'], notes: [], error: null });
    expect(parse('top5 teams')).toMatchObject({ top: 5, groupBy: ['team'] });
    expect(parse('which team spent the most last month?')).toMatchObject({ groupBy: ['team'], notes: [], error: null });
    expect(parse('for each model daily')).toMatchObject({ groupBy: ['model'], granularity: 'day' });
  });

  it('reads forecast and public', () => {
    const q = parse('forecast public by team');
    expect(q.forecast).toBe(true);
    expect(q.public).toBe(true);
    expect(q.groupBy).toEqual(['team']);
  });
});

describe('comparison', () => {
  it.each(['vs previous', 'vs prior', 'compare', 'compared to previous', 'vs last period', 'compared to the previous period'])(
    'last week %s → the week before',
    (suffix) => {
      const q = parse(`last week ${suffix}`);
      expect(q.range).toEqual({ start: '2026-11-16', end: '2026-11-23' });
      expect(q.compare).toEqual({ start: '2026-11-09', end: '2026-11-16' });
      expect(q.error).toBeNull();
      expect(q.notes).toEqual([]);
    },
  );

  it('reads "vs the month before" as the previous period, not as a date', () => {
    expect(parse('yesterday vs the day before').compare).toEqual({ start: '2026-11-24', end: '2026-11-25' });
    expect(parse('last week compared with the week before').compare).toEqual({ start: '2026-11-09', end: '2026-11-16' });
  });

  it('compares a period to date with the same days of the previous period', () => {
    // This month to date is Nov 1–26: the comparison is Oct 1–26, not the 26 days before Nov 1.
    expect(parse('compare').compare).toEqual({ start: '2026-10-01', end: '2026-10-27' });
    expect(parse('this quarter vs previous').compare).toEqual({ start: '2026-07-01', end: '2026-08-27' });
    expect(parse('this year vs previous').compare).toEqual({ start: '2025-01-01', end: '2025-11-27' });
    expect(parse('this week vs previous').compare).toEqual({ start: '2026-11-16', end: '2026-11-20' });
  });

  it('compares with a named period', () => {
    const q = parse('this month vs last month by team');
    expect(q.range).toEqual({ start: '2026-11-01', end: '2026-11-27' });
    // Like for like: the same days of last month, said in a note.
    expect(q.compare).toEqual({ start: '2026-10-01', end: '2026-10-27' });
    expect(q.notes).toEqual(['compared like for like: this month so far is compared with the same days of last month']);
    expect(q.groupBy).toEqual(['team']);
    expect(parse('October compared to September').compare).toEqual({ start: '2026-09-01', end: '2026-10-01' });
    expect(parse('last week compare with Q3').compare).toEqual({ start: '2026-07-01', end: '2026-10-01' });
  });

  it('"compare last week" compares last week with the week before', () => {
    const q = parse('compare last week');
    expect(q.range).toEqual({ start: '2026-11-16', end: '2026-11-23' });
    expect(q.compare).toEqual({ start: '2026-11-09', end: '2026-11-16' });
  });

  it('rejects a comparison period that has not started', () => {
    expect(parse('vs next month').error).toMatch(/has not started yet/);
  });
});

describe('time in queries', () => {
  it('uses the configured default range when none is named', () => {
    expect(parse('by team').range).toEqual({ start: '2026-11-01', end: '2026-11-27' });
    expect(parse('by team', { defaultRange: 'last 7 days' }).range).toEqual({ start: '2026-11-19', end: '2026-11-26' });
  });

  it('falls back to this month, with a note, when the default range is broken', () => {
    const q = parse('', { defaultRange: 'whenever' });
    expect(q.range).toEqual({ start: '2026-11-01', end: '2026-11-27' });
    expect(q.notes[0]).toMatch(/default range “whenever” is not a time expression/);
  });

  it('rejects two different ranges, naming both', () => {
    expect(parse('last week October').error).toBe(
      'the query names 2 time ranges: “last week” and “October” — ask for one (to compare two periods write “last week vs October”)',
    );
  });

  it('accepts the same range named twice', () => {
    expect(parse('last week previous week').error).toBeNull();
  });

  it('points a future range to forecast', () => {
    expect(parse('December 2026').error).toBe(
      'December 2026 has not started yet (today is 2026-11-26) — to see where this month is heading, ask `forecast`.',
    );
    expect(parse('next week').error).toMatch(/^Next week has not started yet/);
    expect(parse('tomorrow').error).toMatch(/has not started yet .* `forecast`/);
  });

  it('cuts a range at today with a note', () => {
    const q = parse('November 2026');
    expect(q.range).toEqual({ start: '2026-11-01', end: '2026-11-27' });
    expect(q.notes).toHaveLength(1);
    expect(q.notes[0]).toMatch(/^the range was cut at today: November 2026 runs to 2026-11-30/);
    const r = parse('Oct to Nov');
    expect(r.range).toEqual({ start: '2026-10-01', end: '2026-11-27' });
    expect(r.notes[0]).toMatch(/the range was cut at today/);
    expect(parse('2026').range).toEqual({ start: '2026-01-01', end: '2026-11-27' });
  });

  it('does not note a cut for a period that runs to date by definition', () => {
    expect(parse('November').notes).toEqual([]);
    expect(parse('Q4').notes).toEqual([]);
    expect(parse('this month').notes).toEqual([]);
  });

  it('reports impossible dates with how to fix them', () => {
    expect(parse('by team 2026-02-30').error).toMatch(/“2026-02-30” is not a date: February 2026 has 28 days/);
    expect(parse('Feb 30').error).toMatch(/is not a date/);
    expect(parse('Nov 5 to Nov 1').error).toMatch(/ends before it starts — put the earlier date first/);
    expect(parse('in 1850').error).toMatch(/the year 1850 is out of range/);
    expect(parse('Q2 2190').error).toMatch(/out of range/);
  });

  it('works in a zone where today differs from UTC, with Sunday weeks', () => {
    const over = { now: Date.parse('2026-11-26T03:00:00Z'), timezone: 'America/Los_Angeles', weekStart: 'sunday' as const };
    expect(parse('', over).range).toEqual({ start: '2026-11-01', end: '2026-11-26' });
    expect(parse('this week', over).range).toEqual({ start: '2026-11-22', end: '2026-11-26' });
    expect(parse('yesterday', over).range).toEqual({ start: '2026-11-24', end: '2026-11-25' });
  });
});

describe('bare words', () => {
  it('turns a unique known value into a filter, with the known spelling', () => {
    expect(parse('LLAMA-70B last week').filters).toEqual({ model: { in: ['llama-70b'] } });
    expect(parse('nlp vision').filters).toEqual({ team: { in: ['nlp', 'vision'] } });
  });

  it('matches multi-word values, longest first', () => {
    const q = parse('how much did the data lake spend?');
    expect(q.filters).toEqual({ team: { in: ['Data Lake'] } });
    expect(q.notes).toEqual([]);
  });

  it('knows the workload and accelerator vocabulary', () => {
    expect(parse('gpu inference').filters).toEqual({ accelerator: { in: ['gpu'] }, workload: { in: ['inference'] } });
  });

  it('asks which dimension when several match', () => {
    const q = parse('prod last week');
    expect(q.error).toBe('“prod” could be team=prod or env=prod — which one? Write team=prod or env=prod.');
  });

  it('uses a neighbouring dimension name to choose', () => {
    expect(parse('prod env').filters).toEqual({ env: { in: ['prod'] } });
    expect(parse('team prod').filters).toEqual({ team: { in: ['prod'] } });
    expect(parse('nlp team').filters).toEqual({ team: { in: ['nlp'] } });
    expect(parse('model llama-70b').filters).toEqual({ model: { in: ['llama-70b'] } });
    const q = parse('team nlp model llama-70b');
    expect(q.filters).toEqual({ team: { in: ['nlp'] }, model: { in: ['llama-70b'] } });
    expect(q.notes).toEqual([]);
  });

  it('notes words that match nothing beside something it understood', () => {
    const q = parse('foo last week');
    expect(q.error).toBeNull();
    expect(q.notes).toEqual(['ignored “foo”: not a known value of any dimension — use key=value to filter, e.g. team=foo']);
    expect(parse('by team foo bar').notes).toEqual(['ignored “foo”, “bar”: not known values of any dimension — use key=value to filter, e.g. team=foo']);
    expect(parse('by model qqq9 team').notes).toEqual(['ignored “qqq9”: not a known value of team — to filter on it anyway write team=qqq9']);
  });

  it('consumes stop words silently', () => {
    const q = parse("what's our total spend for this month, please?");
    expect(q.notes).toEqual([]);
    expect(q.error).toBeNull();
  });

  it('prefers a known value over a date reading', () => {
    expect(parse('gpt-4o-2024-08-06 last week').filters).toEqual({ model: { in: ['gpt-4o-2024-08-06'] } });
    expect(parse('sun', { knownValues: { team: ['sun'] } }).filters).toEqual({ team: { in: ['sun'] } });
  });

  it('does not treat "by <value>" as a grouping', () => {
    const q = parse('spend by nlp');
    expect(q.groupBy).toEqual([]);
    expect(q.filters).toEqual({ team: { in: ['nlp'] } });
    expect(q.error).toBeNull();
  });
});

describe('hostile and empty input', () => {
  it('treats whitespace as the default query (the chat adapters send it for a bare `cost`)', () => {
    const q = parse('  \t\n ');
    expect(q.error).toBeNull();
    expect(q.range).toEqual({ start: '2026-11-01', end: '2026-11-27' });
    expect(q.notes).toEqual([]);
  });

  it('rejects a huge query unread (the test timeout guards against a slow parse)', () => {
    const q = parse('team=nlp '.repeat(12_000));
    expect(q.error).toMatch(/^the query is too long \(108,000 characters\) — keep it under 2,000 characters/);
    expect(q.text.length).toBeLessThanOrEqual(2001);
  });

  it('survives a broken context instead of throwing', () => {
    const q = parse('by team', { timezone: 'Mars/Olympus' });
    expect(q.error).not.toBeNull();
    expect(q.range.start < q.range.end).toBe(true);
  });

  it('survives a non-string query', () => {
    expect(parseQuery(undefined as unknown as string, ctx).error).toBeNull();
  });
});
