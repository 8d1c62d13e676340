/**
 * The bundled sample is not generated again for every `finops-bot ask`: its built dataset is
 * kept on disk like a FOCUS provider's, keyed by its day and the generator's code, and reused
 * by the next question — with the same answer. A runtime that feeds the GPU cost index (the
 * served bot, with its GPU sources) still reads every record.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type RuntimeOptions } from '../../src/app/runtime.js';
import { askSnapshotDir } from '../../src/cli/commands/ask.js';

const logger = pino({ level: 'silent' });
const NOW = Date.parse('2026-11-26T12:00:00Z');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'finops-sample-snap-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ask(opts: Partial<RuntimeOptions>) {
  const rt = await createRuntime({ now: NOW, env: {}, logger, store: null, ...opts });
  try {
    const r = await rt.engine.ask('by team last week', NOW);
    if (!r.ok) throw new Error(r.message);
    return { states: rt.engine.snapshotStates, total: r.answer.total, rows: r.answer.rows };
  } finally {
    await rt.close();
  }
}

describe('the sample kept on disk between questions', () => {
  it('is built once, then reused with the same answer', async () => {
    const snapshotDir = join(dir, 'datasets');
    const first = await ask({ snapshotDir, gpu: false });
    const second = await ask({ snapshotDir, gpu: false });

    expect(first.states).toEqual(['built']);
    expect(second.states).toEqual(['reused']);
    expect(second.total).toBe(first.total);
    expect(second.rows).toEqual(first.rows);
    expect((await readdir(snapshotDir)).some((f) => f.startsWith('sample-'))).toBe(true);
  }, 120_000);

  it('is read afresh where the GPU cost index needs every record', async () => {
    expect((await ask({ snapshotDir: join(dir, 'datasets') })).states).toEqual(['off']);
  }, 120_000);

  it('ask keeps it in FINOPS_DATA_DIR, else ./.finops, and nowhere when snapshots are off', () => {
    expect(askSnapshotDir({ FINOPS_DATA_DIR: '/var/lib/finops' })).toBe('/var/lib/finops/datasets');
    expect(askSnapshotDir({})).toBe(join(process.cwd(), '.finops', 'datasets'));
    expect(askSnapshotDir({ FINOPS_DATASET_SNAPSHOTS: 'off' })).toBeNull();
  });
});
