import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { relative } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { RejectedRow } from '../core/types.js';
import { FocusFormatError } from '../providers/focus/focus-format-error.js';
import { listFocusFiles } from '../providers/focus/list-focus-files.js';
import { readFocus } from '../providers/focus/read-focus.js';
import type { DoctorCheck } from '../providers/types.js';

export interface FocusDoctorOptions {
  /** Rows read from the start of each file (the header check needs none; rejects need a few). */
  sampleRows?: number;
  /** Files checked at most; a folder of thousands of daily exports is checked by its first ones. */
  maxFiles?: number;
  /** Paths in messages are shown relative to this folder. */
  cwd?: string;
}

/** Ends a sampled read early; told apart from a real failure by identity. */
const SAMPLE_DONE = new Error('sample complete');

const PATH_FIX = 'Point the focus provider’s `path` at the folder your FOCUS exports are delivered to, a file, or a glob such as exports/**/*.csv.gz.';
const UNREADABLE_FIX =
  'Replace the file (export or download it again), or remove it or narrow `path`: until then the bot leaves it out, serves the other files and says so in every answer.';
const REJECT_FIX = 'Fix or re-export those rows: a row that cannot be read is left out of every figure (answers say so in their notes).';

/**
 * `finops-bot doctor` for a FOCUS provider, cheap enough to run on months of exports:
 * 1. the path resolves to FOCUS files;
 * 2. each file (up to `maxFiles`) is read only up to `sampleRows` rows: its header must name
 *    the FOCUS columns, and it must not be binary or corrupt;
 * 3. the rows of that sample that could not be read.
 * Never throws.
 */
export async function focusDoctor(path: string, opts: FocusDoctorOptions = {}): Promise<DoctorCheck[]> {
  const sampleRows = opts.sampleRows ?? 100;
  const maxFiles = opts.maxFiles ?? 200;
  const show = (p: string) => (opts.cwd && !relative(opts.cwd, p).startsWith('..') ? relative(opts.cwd, p) || p : p);
  let files: string[];
  try {
    files = await listFocusFiles(path);
  } catch (err) {
    return [{ name: 'path', ok: false, detail: err instanceof Error ? err.message : String(err), fix: PATH_FIX }];
  }
  const checks: DoctorCheck[] = [
    { name: 'path', ok: true, detail: `${files.length} FOCUS file${files.length === 1 ? '' : 's'} at ${show(path)}` },
  ];

  const checked = files.slice(0, maxFiles);
  const bad: DoctorCheck[] = [];
  let sampled = 0;
  let rejected = 0;
  let firstReject: RejectedRow | null = null;
  for (const file of checked) {
    const ctrl = new AbortController();
    let rows = 0;
    const counts = () => rows < sampleRows;
    try {
      await readFocus(file, {
        onRecord: () => {
          if (!counts()) return;
          rows++;
          if (!counts()) ctrl.abort(SAMPLE_DONE);
        },
        onReject: (r) => {
          if (!counts()) return;
          rows++;
          rejected++;
          firstReject ??= r;
          if (!counts()) ctrl.abort(SAMPLE_DONE);
        },
        signal: ctrl.signal,
      });
    } catch (err) {
      if (err !== SAMPLE_DONE) {
        const message = err instanceof Error ? err.message : String(err);
        const code = err instanceof FocusFormatError ? ` (${err.code})` : '';
        bad.push({ name: `file ${show(file)}`, ok: false, detail: `${message}${code}`, fix: UNREADABLE_FIX });
        sampled += rows;
        continue;
      }
    }
    // A gzip cut off in transfer fails only at its end, past any sample: decompress it whole (cheap, nothing parsed).
    const broken = await incompleteGzip(file);
    if (broken !== null) bad.push({ name: `file ${show(file)}`, ok: false, detail: `${show(file)} is not a complete gzip file (${broken}) (corrupt)`, fix: UNREADABLE_FIX });
    sampled += rows;
  }
  const more = files.length > checked.length ? ` (the first ${checked.length} of ${files.length} checked)` : '';
  if (bad.length === 0) checks.push({ name: 'header', ok: true, detail: `FOCUS columns found in every file${more}` });
  else checks.push(...bad);

  const first = firstReject as RejectedRow | null;
  checks.push(
    rejected === 0
      ? { name: 'rows', ok: true, detail: `${sampled} row${sampled === 1 ? '' : 's'} sampled (up to ${sampleRows} a file), none rejected` }
      : {
          name: 'rows',
          ok: false,
          detail: `${rejected} of ${sampled} sampled rows could not be read${first ? ` (first: ${show(first.source)}:${first.line} — ${first.reason})` : ''}`,
          fix: REJECT_FIX,
        },
  );
  return checks;
}

/** Null when `file` is not gzip or decompresses to its end; else the decompressor's complaint. */
async function incompleteGzip(file: string): Promise<string | null> {
  const fh = await open(file, 'r').catch(() => null);
  if (fh === null) return null;
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    if (bytesRead < 2 || head[0] !== 0x1f || head[1] !== 0x8b) return null;
  } finally {
    await fh.close();
  }
  try {
    await pipeline(createReadStream(file), createGunzip(), new Writable({ write: (_c, _e, cb) => cb() }));
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
