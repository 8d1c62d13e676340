import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { FocusFormatError } from './focus-format-error.js';

/** File names a FOCUS folder or glob contributes. */
export const FOCUS_FILE = /\.(csv|csv\.gz|parquet)$/i;

/**
 * Resolve a `path` setting to the files to read, sorted by path (code-unit order, so
 * the same input always gives the same order): a file as itself, a folder as every
 * `*.csv`, `*.csv.gz` and `*.parquet` under it (symlinked folders are not followed, to
 * stay out of cycles), anything else as a glob. Throws FocusFormatError when nothing matches.
 */
export async function listFocusFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => null);
  let files: string[];
  if (info?.isFile()) {
    return [path];
  } else if (info?.isDirectory()) {
    files = await walk(path);
  } else if (isDynamicPattern(path)) {
    // Results come back in the form the pattern was written in (absolute or cwd-relative).
    files = (await glob(path, { onlyFiles: true, dot: false, expandDirectories: false, absolute: isAbsolute(path) })).filter((f) => FOCUS_FILE.test(f));
  } else {
    throw new FocusFormatError(
      'not-found',
      path,
      `No file or folder at ${path}. Check the \`path\` of the focus provider (a file, a folder or a glob such as exports/**/*.csv.gz).`,
    );
  }
  if (files.length === 0) {
    throw new FocusFormatError(
      'not-found',
      path,
      `No FOCUS files (*.csv, *.csv.gz, *.parquet) ${info?.isDirectory() ? 'in the folder' : 'match'} ${path}. ` +
        'Point `path` at the folder your FOCUS exports are delivered to, or at a glob that matches them.',
    );
  }
  return [...new Set(files)].sort();
}

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (FOCUS_FILE.test(e.name) && (e.isFile() || (e.isSymbolicLink() && (await stat(p).catch(() => null))?.isFile())))
      out.push(p);
  }
  return out;
}
