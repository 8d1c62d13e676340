/**
 * The built dataset of a snapshot provider, persisted in `FINOPS_DATA_DIR/datasets/` so a
 * restart with unchanged exports maps it back instead of reading and allocating every row
 * again. One file per provider: a short header, a JSON part (the key, the load's report,
 * the dictionaries, tag sets and resource names) and the typed-array columns, each aligned
 * to 8 bytes and checked by CRC-32. The key covers the provider's files (path, size,
 * modification time), the allocation configuration, the time zone and the format; any
 * change rebuilds that provider's dataset and replaces its file. A file that cannot be
 * read back (truncated, corrupted, another format) is rebuilt too, with a note.
 *
 * One process uses a data directory's snapshots at a time: a lock file holding the pid is
 * taken for the process's lifetime; a second process (or a lock it cannot take) goes
 * without snapshots, reading its sources, and says so in the log.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { AmountColumns, CodedColumn, Dataset } from '../core/engine/dataset.js';
import type { AllocationConfig, Metric } from '../core/types.js';
import type { LoadResult } from '../providers/types.js';

/** Bumped whenever the layout or the meaning of a built dataset changes (allocation code included). */
export const SNAPSHOT_FORMAT = 1;
const MAGIC = 'FINOPSDS';
const METRICS: Metric[] = ['effective', 'billed', 'list'];

type Typed = Float64Array | Int32Array | Uint32Array | Int16Array;
const CTORS = { f64: Float64Array, i32: Int32Array, u32: Uint32Array, i16: Int16Array } as const;
type TypeName = keyof typeof CTORS;

interface ArrayEntry {
  name: string;
  type: TypeName;
  length: number;
  offset: number;
  crc: number;
}

interface Meta {
  format: number;
  key: string;
  load: LoadResult;
  scalars: {
    source: string;
    timezone: string;
    rows: number;
    sourceRows: number;
    minDay: number;
    maxDay: number;
    dimensions: string[];
    sharedNames: string[];
    sharedSplits: Dataset['sharedSplits'];
    unallocated: string;
    maxAbsHi: Record<Metric, number>;
  };
  values: Record<string, string[]>;
  tags: [string, string][][];
  resourceNames: [string, string][];
  arrays: ArrayEntry[];
}

/** The key of a provider's built dataset: what it was built from and how. */
export function snapshotKey(parts: { providerId: string; identity: string; allocation: AllocationConfig; timezone: string }): string {
  return createHash('sha256')
    .update(JSON.stringify({ format: SNAPSHOT_FORMAT, ...parts }))
    .digest('hex');
}

function typeOf(a: Typed): TypeName {
  if (a instanceof Float64Array) return 'f64';
  if (a instanceof Int32Array) return 'i32';
  if (a instanceof Uint32Array) return 'u32';
  return 'i16';
}

function bytesOf(a: Typed): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** The dataset's columns by name (coded columns as `col:<key>`, their spellings as `sp:<key>`). */
function arraysOf(ds: Dataset): [string, Typed][] {
  const out: [string, Typed][] = [['day', ds.day], ['dayMaxEnd', ds.dayMaxEnd], ['shared', ds.shared], ['currency', ds.currency.codes], ['tagsets', ds.tagsets.codes]];
  for (const m of METRICS) out.push([`hi:${m}`, ds.amounts[m].hi], [`lo:${m}`, ds.amounts[m].lo]);
  for (const [k, c] of Object.entries(ds.columns)) {
    out.push([`col:${k}`, c.codes]);
    if (c.spellings) out.push([`sp:${k}`, c.spellings.codes]);
  }
  return out;
}

/** Writes the snapshot atomically (a temporary file renamed over the old one). */
export function writeSnapshot(file: string, key: string, ds: Dataset, load: LoadResult): void {
  const arrays = arraysOf(ds);
  const entries: ArrayEntry[] = [];
  let offset = 0;
  for (const [name, a] of arrays) {
    entries.push({ name, type: typeOf(a), length: a.length, offset, crc: crc32(bytesOf(a)) });
    offset += pad8(a.byteLength);
  }
  const values: Record<string, string[]> = { currency: ds.currency.values, tagsets: ds.tagsets.values };
  for (const [k, c] of Object.entries(ds.columns)) {
    values[`col:${k}`] = c.values;
    if (c.spellings) values[`sp:${k}`] = c.spellings.values;
  }
  const meta: Meta = {
    format: SNAPSHOT_FORMAT,
    key,
    load,
    scalars: {
      source: ds.source,
      timezone: ds.timezone,
      rows: ds.rows,
      sourceRows: ds.sourceRows,
      minDay: ds.minDay,
      maxDay: ds.maxDay,
      dimensions: ds.dimensions,
      sharedNames: ds.sharedNames,
      sharedSplits: ds.sharedSplits,
      unallocated: ds.unallocated,
      maxAbsHi: { effective: ds.amounts.effective.maxAbsHi, billed: ds.amounts.billed.maxAbsHi, list: ds.amounts.list.maxAbsHi },
    },
    values,
    tags: ds.tagsets.tags.map((t) => [...t]),
    resourceNames: [...(ds.resourceNames ?? new Map<string, string>())],
    arrays: entries,
  };
  const json = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(16);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 8);
  head.writeUInt32LE(crc32(json), 12);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    const zeros = Buffer.alloc(8);
    writeSync(fd, head);
    writeSync(fd, json);
    writeSync(fd, zeros, 0, pad8(16 + json.length) - 16 - json.length);
    for (const [, a] of arrays) {
      const b = bytesOf(a);
      // Large columns in slices: one write call is limited to 2 GB.
      for (let at = 0; at < b.length; at += 1 << 28) writeSync(fd, b, at, Math.min(1 << 28, b.length - at));
      writeSync(fd, zeros, 0, pad8(b.length) - b.length);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Why a snapshot was not used: absent, built from something else, or unreadable. */
export type SnapshotMiss = { state: 'absent' } | { state: 'stale' } | { state: 'corrupt'; reason: string };

/** Reads a snapshot back if its key matches; the columns are views into one buffer. */
export async function readSnapshot(file: string, key: string): Promise<{ dataset: Dataset; load: LoadResult } | SnapshotMiss> {
  let buf: Buffer;
  try {
    // Only the header and the JSON first: a stale snapshot is not read in full.
    const fh = await open(file, 'r');
    try {
      const size = (await fh.stat()).size;
      const head = Buffer.alloc(16);
      const { bytesRead } = await fh.read(head, 0, 16, 0);
      if (bytesRead < 16 || head.toString('latin1', 0, 8) !== MAGIC) return { state: 'corrupt', reason: 'not a dataset snapshot (bad header)' };
      const jsonLen = head.readUInt32LE(8);
      const json = Buffer.alloc(jsonLen);
      const got = await fh.read(json, 0, jsonLen, 16);
      if (got.bytesRead < jsonLen || crc32(json) !== head.readUInt32LE(12)) return { state: 'corrupt', reason: 'its description is damaged' };
      const meta = JSON.parse(json.toString('utf8')) as Meta;
      if (meta.format !== SNAPSHOT_FORMAT || meta.key !== key) return { state: 'stale' };
      // Then the whole file into one buffer, in slices (readFile stops at 2 GB).
      buf = Buffer.allocUnsafeSlow(size);
      for (let at = 0; at < size; ) {
        const { bytesRead: n } = await fh.read(buf, at, Math.min(1 << 28, size - at), at);
        if (n === 0) return { state: 'corrupt', reason: 'the file ended while it was read' };
        at += n;
      }
    } finally {
      await fh.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'corrupt', reason: (err as Error).message };
  }
  try {
    return decode(buf, key);
  } catch (err) {
    return { state: 'corrupt', reason: (err as Error).message };
  }
}

function decode(buf: Buffer, key: string): { dataset: Dataset; load: LoadResult } | SnapshotMiss {
  const jsonLen = buf.readUInt32LE(8);
  const meta = JSON.parse(buf.toString('utf8', 16, 16 + jsonLen)) as Meta;
  if (meta.format !== SNAPSHOT_FORMAT || meta.key !== key) return { state: 'stale' };
  const base = pad8(16 + jsonLen);
  const arrays = new Map<string, Typed>();
  for (const e of meta.arrays) {
    const Ctor = CTORS[e.type];
    const start = base + e.offset;
    const bytes = e.length * Ctor.BYTES_PER_ELEMENT;
    if (start + bytes > buf.length) throw new Error(`the file is cut short (column ${e.name})`);
    if (crc32(buf.subarray(start, start + bytes)) !== e.crc) throw new Error(`column ${e.name} is damaged (checksum)`);
    const at = buf.byteOffset + start;
    // A view when aligned (a whole-file read is), else a copy.
    const ab = buf.buffer as ArrayBuffer;
    const a = at % 8 === 0 ? new Ctor(ab, at, e.length) : new Ctor(ab.slice(at, at + bytes));
    arrays.set(e.name, a);
  }
  const get = <T extends Typed>(name: string): T => {
    const a = arrays.get(name);
    if (!a) throw new Error(`column ${name} is missing`);
    return a as T;
  };
  const sc = meta.scalars;
  const coded = (name: string, values: string[] | undefined): CodedColumn => {
    if (!values) throw new Error(`the values of ${name} are missing`);
    const codes = get<Uint32Array>(name);
    for (let i = 0; i < codes.length; i++) if (codes[i]! >= values.length) throw new Error(`column ${name} has a code out of range`);
    return { codes, values };
  };
  const columns: Record<string, CodedColumn> = {};
  for (const k of Object.keys(meta.values).filter((n) => n.startsWith('col:'))) {
    const key = k.slice(4);
    const col = coded(k, meta.values[k]);
    if (meta.values[`sp:${key}`]) col.spellings = coded(`sp:${key}`, meta.values[`sp:${key}`]);
    columns[key] = col;
  }
  const amounts = {} as Record<Metric, AmountColumns>;
  for (const m of METRICS) amounts[m] = { hi: get(`hi:${m}`), lo: get(`lo:${m}`), maxAbsHi: sc.maxAbsHi[m] };
  const day = get<Int32Array>('day');
  if (day.length !== sc.rows) throw new Error('the day column does not match the row count');
  const dataset: Dataset = {
    source: sc.source,
    timezone: sc.timezone,
    rows: sc.rows,
    sourceRows: sc.sourceRows,
    day,
    amounts,
    currency: coded('currency', meta.values.currency),
    shared: get('shared'),
    columns,
    tagsets: { ...coded('tagsets', meta.values.tagsets), tags: meta.tags.map((entries) => new Map(entries)) },
    dimensions: sc.dimensions,
    sharedNames: sc.sharedNames,
    sharedSplits: sc.sharedSplits,
    unallocated: sc.unallocated,
    dayMaxEnd: get('dayMaxEnd'),
    minDay: sc.minDay,
    maxDay: sc.maxDay,
    resourceNames: new Map(meta.resourceNames),
  };
  return { dataset, load: meta.load };
}

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** The snapshot file of a provider in `dir` (its id, made safe as a file name). */
export function snapshotFile(dir: string, providerId: string): string {
  const safe = providerId.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(dir, `${safe}-${createHash('sha256').update(providerId).digest('hex').slice(0, 8)}.dataset`);
}

/**
 * Takes the data directory's snapshot lock for this process (released at exit). False when
 * another live process holds it. A lock left by a process that is gone is taken over.
 */
export function lockSnapshots(dir: string): boolean {
  mkdirSync(dir, { recursive: true });
  const lock = join(dir, 'LOCK');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      process.once('exit', () => {
        try {
          if (readFileSync(lock, 'utf8') === String(process.pid)) unlinkSync(lock);
        } catch {
          // already gone
        }
      });
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      const holder = Number(readFileSync(lock, 'utf8').trim());
      if (holder === process.pid) return true;
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes a snapshot that could not be read (best effort). */
export async function dropSnapshot(file: string): Promise<void> {
  await rm(file, { force: true });
}
