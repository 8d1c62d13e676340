/**
 * Built datasets kept on disk: a restart with unchanged files reuses them and answers the
 * same, to the cent; a changed file, a new file or a changed allocation rebuilds exactly
 * the providers it must; a damaged snapshot is rebuilt from the sources with a note; a
 * data directory held by another live process is left alone.
 */
import { appendFileSync, createWriteStream, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostEngine, type EngineSettings } from '../../src/app/cost-engine.js';
import { teeProvider } from '../../src/app/gpu/tee-provider.js';
import { snapshotDirFromEnv } from '../../src/app/runtime.js';
import { parseConfig, toAllocationConfig } from '../../src/config/index.js';
import type { CostRecord } from '../../src/core/types.js';
import { createFocusProvider } from '../../src/providers/focus/focus-provider.js';
import { largeFocusRecords, writeFocusCsv } from '../../src/providers/sample/index.js';

const TODAY = '2026-11-26';
const NOW = Date.parse(`${TODAY}T12:00:00Z`);
const logger = pino({ level: 'silent' });
const QUESTIONS = [
  'last 30 days',
  'by team last month',
  'by model,env last 60 days',
  'daily last 14 days',
  'by resource top 5 last 30 days',
  'by workload last 14 days vs previous',
  'team=nlp by service this month',
  'by tag:Name top 3 last 7 days',
];

let dir: string;
let settings: EngineSettings;

async function writeCsv(file: string, records: Iterable<CostRecord>): Promise<void> {
  const out = createWriteStream(file);
  await writeFocusCsv(out, records);
  out.end();
  await once(out, 'close');
}

function providers() {
  return [
    createFocusProvider({ type: 'focus', path: join(dir, 'a'), name: 'a' }, { logger, today: TODAY }),
    createFocusProvider({ type: 'focus', path: join(dir, 'b'), name: 'b' }, { logger, today: TODAY }),
  ];
}

function load(snapshotDir: string | null, s: EngineSettings = settings): Promise<CostEngine> {
  return CostEngine.load(providers(), s, logger, { snapshotDir });
}

/** Every answer to the questions, without the timing. */
async function answers(engine: CostEngine): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const q of QUESTIONS) {
    const r = await engine.ask(q, NOW);
    if (!r.ok) throw new Error(`${q}: ${r.message}`);
    const { stats: _stats, ...rest } = r.answer;
    out.push(rest);
  }
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finops-snapshot-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  const daily = [...largeFocusRecords({ rows: 6000, today: TODAY, grain: 'daily', resources: 60 })];
  await writeCsv(join(dir, 'a', 'part-1.csv'), daily.slice(0, 3000));
  await writeCsv(join(dir, 'a', 'part-2.csv'), daily.slice(3000));
  // A row that cannot be read: the report of the load is part of what is kept.
  appendFileSync(join(dir, 'a', 'part-2.csv'), readFileSync(join(dir, 'a', 'part-2.csv'), 'utf8').split('\n')[1]! + ',one too many\n');
  await writeCsv(join(dir, 'b', 'hourly.csv'), largeFocusRecords({ rows: 4000, today: TODAY, resources: 100 }));
  const parsed = parseConfig(null);
  if (!parsed.ok) throw new Error('default configuration is invalid');
  settings = { ...parsed.config, allocation: toAllocationConfig(parsed.config) };
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('dataset snapshots', () => {
  it('a restart with unchanged files reuses the built datasets and answers exactly the same', async () => {
    const snaps = join(dir, 'snap-reuse');
    const fresh = await load(null);
    expect(fresh.snapshotStates).toEqual(['off', 'off']);
    const first = await load(snaps);
    expect(first.snapshotStates).toEqual(['built', 'built']);
    const again = await load(snaps);
    expect(again.snapshotStates).toEqual(['reused', 'reused']);
    const want = await answers(fresh);
    expect(await answers(first)).toEqual(want);
    expect(await answers(again)).toEqual(want);
    // The report of the load comes back too: the unreadable row is still counted and shown.
    expect(again.loads.map((l) => [l.rows, l.load.rejected])).toEqual(fresh.loads.map((l) => [l.rows, l.load.rejected]));
    expect(again.loads[0]!.load.rejected).toBe(1);
    expect(again.loads[0]!.load.rejectedSamples[0]!.line).toBeGreaterThan(1);
    // The columns themselves, and what the honest-answer code reads from them.
    const [ds, dsFresh] = [again.datasets[0]!, fresh.datasets[0]!];
    expect([...ds.day]).toEqual([...dsFresh.day]);
    expect([...ds.amounts.effective.hi]).toEqual([...dsFresh.amounts.effective.hi]);
    expect([...ds.dayMaxEnd]).toEqual([...dsFresh.dayMaxEnd]);
    expect([...ds.resourceNames!]).toEqual([...dsFresh.resourceNames!]);
    expect(ds.tagsets.tags).toEqual(dsFresh.tagsets.tags);
    expect(Object.keys(ds.columns)).toEqual(Object.keys(dsFresh.columns));
    for (const [k, c] of Object.entries(dsFresh.columns)) {
      expect(ds.columns[k]!.values).toEqual(c.values);
      expect(ds.columns[k]!.spellings?.values).toEqual(c.spellings?.values);
    }
    expect(again.knownValues()).toEqual(fresh.knownValues());
  });

  it('a changed file rebuilds only its provider; a new file too', async () => {
    const snaps = join(dir, 'snap-files');
    expect((await load(snaps)).snapshotStates).toEqual(['built', 'built']);
    // One more row in a's second file.
    const lines = readFileSync(join(dir, 'a', 'part-2.csv'), 'utf8').split('\n');
    appendFileSync(join(dir, 'a', 'part-2.csv'), `${lines[2]}\n`);
    const changed = await load(snaps);
    expect(changed.snapshotStates).toEqual(['stale', 'reused']);
    expect(await answers(changed)).toEqual(await answers(await load(null)));
    expect((await load(snaps)).snapshotStates).toEqual(['reused', 'reused']);
    // A new file in b's folder.
    await writeCsv(join(dir, 'b', 'extra.csv'), largeFocusRecords({ rows: 500, today: TODAY, resources: 7 }));
    const added = await load(snaps);
    expect(added.snapshotStates).toEqual(['reused', 'stale']);
    expect(added.loads[1]!.rows).toBe(4500);
    expect(await answers(added)).toEqual(await answers(await load(null)));
  });

  it('a changed allocation rule or time zone rebuilds every provider', async () => {
    const snaps = join(dir, 'snap-rules');
    expect((await load(snaps)).snapshotStates).toEqual(['built', 'built']);
    const team = settings.allocation.dimensions.team!;
    const renamed: EngineSettings = {
      ...settings,
      allocation: { ...settings.allocation, dimensions: { ...settings.allocation.dimensions, team: { ...team, aliases: { ...team.aliases, nlp: 'language' } } } },
    };
    const engine = await load(snaps, renamed);
    expect(engine.snapshotStates).toEqual(['stale', 'stale']);
    const r = await engine.ask('by team last 30 days', NOW);
    expect(r.ok && r.answer.rows.map((row) => row.key.team)).toContain('language');
    expect((await load(snaps, renamed)).snapshotStates).toEqual(['reused', 'reused']);
    expect((await load(snaps, { ...renamed, timezone: 'America/New_York' })).snapshotStates).toEqual(['stale', 'stale']);
  });

  it('a damaged or cut-short snapshot is rebuilt from the sources, with a note', async () => {
    const snaps = join(dir, 'snap-corrupt');
    await load(snaps);
    const files = readdirSync(snaps).filter((f) => f.endsWith('.dataset')).sort();
    expect(files).toHaveLength(2);
    const [fa, fb] = files.map((f) => join(snaps, f));
    const bytes = readFileSync(fa!);
    bytes[bytes.length - 100] ^= 0xff; // a bit flip in a column
    writeFileSync(fa!, bytes);
    const cut = readFileSync(fb!);
    writeFileSync(fb!, cut.subarray(0, cut.length >> 1)); // cut in half
    const engine = await load(snaps);
    expect(engine.snapshotStates).toEqual(['corrupt', 'corrupt']);
    const fresh = await load(null);
    const got = await answers(engine);
    const want = await answers(fresh);
    for (let i = 0; i < got.length; i++) {
      const { notes, ...rest } = got[i] as { notes: string[] };
      const { notes: wantNotes, ...wantRest } = want[i] as { notes: string[] };
      expect(rest).toEqual(wantRest);
      expect(notes.filter((n) => n.includes('saved dataset'))).toHaveLength(2);
      expect(notes.filter((n) => !n.includes('saved dataset'))).toEqual(wantNotes.filter((n) => !n.includes('saved dataset')));
    }
    // Rewritten: the next start reuses them, without the note.
    const next = await load(snaps);
    expect(next.snapshotStates).toEqual(['reused', 'reused']);
    expect(await answers(next)).toEqual(want);
  });

  it('a data directory locked by another live process is not used; a lock left by a dead one is taken over', async () => {
    const held = join(dir, 'snap-held');
    mkdirSync(held);
    writeFileSync(join(held, 'LOCK'), String(process.ppid));
    expect((await load(held)).snapshotStates).toEqual(['off', 'off']);
    expect(readdirSync(held)).toEqual(['LOCK']);
    const left = join(dir, 'snap-left');
    mkdirSync(left);
    writeFileSync(join(left, 'LOCK'), '4194303'); // above Linux's pid_max: no such process
    expect((await load(left)).snapshotStates).toEqual(['built', 'built']);
    expect(readFileSync(join(left, 'LOCK'), 'utf8')).toBe(String(process.pid));
  });

  it('a provider teed into the GPU index is always read from its files, so the tap sees every record', async () => {
    const snaps = join(dir, 'snap-tee');
    await load(snaps);
    let tapped = 0;
    const [a, b] = providers();
    const engine = await CostEngine.load([teeProvider(a!, () => tapped++), b!], settings, logger, { snapshotDir: snaps });
    expect(engine.snapshotStates).toEqual(['off', 'reused']);
    // Every readable row of a's files (6,000, and the one an earlier test appended).
    expect(tapped).toBe(6001);
    expect(engine.loads[0]!.rows).toBe(tapped);
  });

  it('is configured by FINOPS_DATA_DIR and turned off by FINOPS_DATASET_SNAPSHOTS=off', () => {
    expect(snapshotDirFromEnv({}, '/srv')).toBeNull();
    expect(snapshotDirFromEnv({ FINOPS_DATA_DIR: 'state' }, '/srv')).toBe('/srv/state/datasets');
    expect(snapshotDirFromEnv({ FINOPS_DATA_DIR: '/data', FINOPS_DATASET_SNAPSHOTS: 'off' }, '/srv')).toBeNull();
    expect(snapshotDirFromEnv({ FINOPS_DATA_DIR: 'memory://' }, '/srv')).toBeNull();
  });
});
