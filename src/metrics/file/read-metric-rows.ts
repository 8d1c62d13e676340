import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { glob, isDynamicPattern } from 'tinyglobby';
import { MetricSourceError } from '../types.js';

/** File names a folder or glob contributes. */
export const METRIC_FILE = /\.(csv|csv\.gz|parquet)$/i;
export const REQUIRED_COLUMNS = ['timestamp', 'resource', 'metric', 'value'] as const;
const OPTIONAL_COLUMNS = ['gpu', 'model'] as const;

/** One sample row, as read. */
export interface MetricRow {
  time: number;
  resource: string;
  metric: string;
  value: number;
  gpu: string;
  model: string;
}

/** Receives rows, and the rows that could not be read (with file and line). */
export interface RowSink {
  row(r: MetricRow): void;
  reject(file: string, line: number, reason: string): void;
}

/** The files of a `path` setting: a file, a folder (recursively) or a glob, sorted. Throws when nothing matches. */
export async function listMetricFiles(path: string, baseDir = process.cwd()): Promise<string[]> {
  const full = isAbsolute(path) || isDynamicPattern(path) ? path : resolve(baseDir, path);
  const info = await stat(full).catch(() => null);
  let files: string[];
  if (info?.isFile()) return [full];
  if (info?.isDirectory()) files = await walk(full);
  else if (isDynamicPattern(path)) files = (await glob(path, { cwd: baseDir, absolute: true, onlyFiles: true })).filter((f) => METRIC_FILE.test(f));
  else throw new MetricSourceError('file', `No file or folder at ${full}. Set \`path\` of the file metric source to a CSV/Parquet file, a folder or a glob such as ./gpu-metrics/**/*.csv.`);
  if (files.length === 0) throw new MetricSourceError('file', `No metric files (*.csv, *.csv.gz, *.parquet) at ${full}. Export samples as timestamp,resource,metric,value[,gpu] there.`);
  return [...new Set(files)].sort();
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile() && METRIC_FILE.test(e.name)) out.push(p);
  }
  return out;
}

/** An instant from a cell: ISO 8601 text, a Date, or epoch seconds (< 10¹¹) / milliseconds. */
export function parseTime(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'bigint') v = Number(v);
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  if (typeof v !== 'string') return NaN;
  const t = v.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return parseTime(Number(t));
  return Date.parse(t);
}

function toRow(cells: Record<string, unknown>): MetricRow | string {
  const time = parseTime(cells.timestamp);
  if (!Number.isFinite(time)) return `timestamp is not a time: ${JSON.stringify(cells.timestamp)}`;
  const resource = String(cells.resource ?? '').trim();
  if (!resource) return 'resource is empty';
  const metric = String(cells.metric ?? '').trim();
  if (!metric) return 'metric is empty';
  const raw = cells.value;
  const value = typeof raw === 'number' ? raw : typeof raw === 'bigint' ? Number(raw) : Number(String(raw ?? '').trim());
  if (!Number.isFinite(value) || String(raw ?? '').trim() === '') return `value is not a number: ${JSON.stringify(raw)}`;
  return { time, resource, metric, value, gpu: String(cells.gpu ?? '').trim(), model: String(cells.model ?? '').trim() };
}

function checkColumns(file: string, names: string[]): void {
  const lower = names.map((n) => n.trim().toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !lower.includes(c));
  if (missing.length) {
    throw new MetricSourceError('file', `${file} has no ${missing.join(', ')} column${missing.length === 1 ? '' : 's'}: a metric file needs the columns timestamp,resource,metric,value (and optionally gpu, model). It has: ${names.join(', ') || 'nothing'}.`);
  }
}

/** Reads one CSV (optionally gzipped) or Parquet file, row by row. Throws MetricSourceError for a file that is not a metric file. */
export async function readMetricFile(file: string, sink: RowSink, signal?: AbortSignal): Promise<void> {
  if (/\.parquet$/i.test(file)) return readParquet(file, sink, signal);
  const raw = createReadStream(file);
  const input = /\.gz$/i.test(file) ? raw.pipe(createGunzip()) : raw;
  const parser = input.pipe(parse({ columns: (header: string[]) => (checkColumns(file, header), header.map((h) => h.trim().toLowerCase())), bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, info: true }));
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      signal?.throwIfAborted();
      const row = toRow(rec.record);
      if (typeof row === 'string') sink.reject(file, rec.info.lines, row);
      else sink.row(row);
    }
  } catch (err) {
    if (err instanceof MetricSourceError) throw err;
    throw new MetricSourceError('file', `${file} cannot be read as CSV (${(err as Error).message}).`, { cause: err });
  } finally {
    raw.destroy();
  }
}

async function readParquet(file: string, sink: RowSink, signal?: AbortSignal): Promise<void> {
  const buffer = await asyncBufferFromFile(file);
  let metadata;
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (err) {
    throw new MetricSourceError('file', `${file} is not a readable Parquet file (${(err as Error).message}).`, { cause: err });
  }
  const names = parquetSchema(metadata).children.map((c) => c.element.name);
  checkColumns(file, names);
  const byLower = new Map(names.map((n) => [n.trim().toLowerCase(), n]));
  const columns = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS].filter((c) => byLower.has(c)).map((c) => byLower.get(c)!);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    signal?.throwIfAborted();
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file: buffer, metadata, columns, rowStart, rowEnd });
    for (let i = 0; i < rows.length; i++) {
      const cells: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rows[i]!)) cells[k.trim().toLowerCase()] = v;
      const row = toRow(cells);
      if (typeof row === 'string') sink.reject(file, rowStart + i + 1, row);
      else sink.row(row);
    }
    rowStart = rowEnd;
  }
}
