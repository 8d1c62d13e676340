import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { StoreError } from './types.js';

/** The lock file in an embedded database's directory. */
export const LOCK_FILE = 'finops-bot.lock';

/** Who holds a data directory. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/** Directories this process holds (a second open in the same process is refused too). */
const held = new Set<string>();

/**
 * Takes the exclusive lock on an embedded database's directory, so a second process can
 * never open it (two PGlite instances on one directory lose rows and corrupt indexes).
 * The lock is a file created with O_EXCL holding the holder's pid, host and start time.
 * A lock left by a process that is gone (same host, no such pid) is taken over; one held
 * by a live process, or by another host, is refused with a message naming the holder.
 * Returns the release function (idempotent).
 */
export function lockDataDir(dir: string, now: Date = new Date()): () => void {
  const path = join(dir, LOCK_FILE);
  if (held.has(path)) {
    throw new StoreError('locked', `The embedded database in ${dir} is already open in this process (pid ${process.pid}). Close the first store before opening it again.`);
  }
  const me: LockHolder = { pid: process.pid, host: hostname(), since: now.toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (create(path, me)) {
      held.add(path);
      return release(path, me);
    }
    const holder = readHolder(path);
    if (holder === 'gone') continue; // released between our attempt and the read: try again
    if (holder !== null && !isStale(holder)) {
      throw new StoreError(
        'locked',
        `The embedded database in ${dir} is in use by finops-bot process ${holder.pid} on ${holder.host} (since ${holder.since}). ` +
          'Only one process may open it: stop that process, or give this one its own FINOPS_DATA_DIR, or set DATABASE_URL to share PostgreSQL between processes.' +
          (holder.host !== me.host ? ` If that process is gone, delete ${path}.` : ''),
      );
    }
    // A stale (or unreadable, half-written) lock: move it aside atomically, so of two
    // processes taking it over only the one whose rename succeeded goes on to create.
    try {
      renameSync(path, `${path}.stale-${process.pid}`);
      unlinkSync(`${path}.stale-${process.pid}`);
    } catch {
      // Another process moved it first: try again (it may now hold a fresh lock).
    }
  }
  throw new StoreError('locked', `Could not take the lock ${path}: other processes keep taking it. Give each process its own FINOPS_DATA_DIR, or set DATABASE_URL.`);
}

function create(path: string, me: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new StoreError('connection', `Cannot create the lock file ${path}: ${(err as Error).message}. Set FINOPS_DATA_DIR to a writable directory.`, { cause: err });
  }
  try {
    writeSync(fd, `${JSON.stringify(me)}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** The holder written in the lock, null when it cannot be read, 'gone' when the file vanished. */
function readHolder(path: string): LockHolder | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : null;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? '?') };
  } catch {
    // A lock being written this very moment reads as empty: treated as held below.
  }
  return null;
}

/** A lock is stale when its process is gone: same host, and no process has its pid (or it is ours from a past life). */
function isStale(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (holder.pid === process.pid) return true; // not in `held`: written by an earlier process that had our pid (a container restart)
  try {
    process.kill(holder.pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function release(path: string, me: LockHolder): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    held.delete(path);
    const holder = readHolder(path);
    if (holder !== null && holder !== 'gone' && holder.pid === me.pid && holder.host === me.host && holder.since === me.since) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    }
  };
}
