import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** The pool's shape, from the environment (README: Operations). */
export interface PoolSettings {
  /** Worker threads: `FINOPS_WORKERS`, capped by the CPUs this process may use. */
  threads: number;
  /** Questions waiting beyond the busy threads before `busy`: `FINOPS_QUEUE_LIMIT`. */
  queueLimit: number;
  /** An answer's deadline in ms: `FINOPS_ANSWER_DEADLINE_MS` (default 10 s). */
  deadlineMs: number;
  /** Lower CPU priority of the threads (`nice` steps, Linux; default 10). */
  niceIncrement?: number;
}

const DEFAULT_QUEUE_PER_THREAD = 64;
export const DEFAULT_ANSWER_DEADLINE_MS = 10_000;

function positiveInt(text: string | undefined, name: string): number | null {
  if (text === undefined || text.trim() === '') return null;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number ≥ 0, got “${text}”.`);
  return n;
}

/**
 * The pool sized to the machine: the CPUs this process may use (`usableCpus`) less one
 * for the event loop,
 * at least one; `FINOPS_WORKERS` lowers (never raises past the CPUs, unless it is set
 * higher on purpose for tests: it wins). `FINOPS_WORKERS=0` answers on the event loop.
 */
export function poolSettings(env: Record<string, string | undefined>, cpus: number = usableCpus()): PoolSettings {
  const byMachine = Math.max(1, cpus - 1);
  const asked = positiveInt(env.FINOPS_WORKERS, 'FINOPS_WORKERS');
  const threads = asked === null ? byMachine : asked;
  const queueLimit = positiveInt(env.FINOPS_QUEUE_LIMIT, 'FINOPS_QUEUE_LIMIT') ?? Math.max(1, threads) * DEFAULT_QUEUE_PER_THREAD;
  const deadlineMs = positiveInt(env.FINOPS_ANSWER_DEADLINE_MS, 'FINOPS_ANSWER_DEADLINE_MS') ?? DEFAULT_ANSWER_DEADLINE_MS;
  return { threads, queueLimit, deadlineMs: Math.max(1, deadlineMs) };
}

/**
 * CPUs this process may use: `os.availableParallelism()` (the CPU affinity), lowered by a
 * cgroup v2 CPU limit (`/sys/fs/cgroup/cpu.max`, a container's `resources.limits.cpu`),
 * rounded up.
 */
export function usableCpus(cpuMax: () => string | null = readCpuMax): number {
  const byAffinity = availableParallelism();
  const text = cpuMax();
  const m = text ? /^(\d+)\s+(\d+)/.exec(text.trim()) : null;
  if (!m) return byAffinity;
  const quota = Number(m[1]) / Number(m[2]);
  return quota > 0 ? Math.max(1, Math.min(byAffinity, Math.ceil(quota))) : byAffinity;
}

function readCpuMax(): string | null {
  try {
    return readFileSync('/sys/fs/cgroup/cpu.max', 'utf8');
  } catch {
    return null;
  }
}
