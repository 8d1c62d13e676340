import type { GpuIdleEpisode, IdleRule, TimeRange } from './types.js';

/** Missing steps bridged inside an idle stretch (Prometheus' own look-back is 5 minutes). */
export const DEFAULT_MAX_GAP_MS = 5 * 60_000;

/**
 * Finds the idle episodes of one GPU from its utilisation steps, fed in time order, one
 * chunk at a time, in constant memory (the episodes found so far, nothing else).
 *
 * A step is idle when its value is below `rule.utilisationBelow`. Consecutive idle steps
 * form a stretch; a gap without samples of up to `maxGapMs` inside a stretch is bridged
 * (a late scrape is not a wake-up), a longer gap ends it (unknown is never idle), and a
 * step at or above the threshold ends it. A stretch of at least `rule.forHours` is an episode.
 */
export class IdleTracker {
  private runStart = NaN;
  private runEnd = NaN;
  private lastT = -Infinity;
  private step = 0;
  readonly episodes: GpuIdleEpisode[] = [];
  private readonly minMs: number;

  constructor(
    readonly resource: string,
    readonly gpu: string,
    private readonly rule: IdleRule,
    private readonly range: TimeRange,
    private readonly maxGapMs = DEFAULT_MAX_GAP_MS,
  ) {
    this.minMs = Math.round(rule.forHours * 3_600_000);
  }

  /** Idle time found in closed and open stretches of at least the rule's length. */
  idleMs = 0;

  /** Feeds one chunk; steps before the last one seen (an overlapping chunk) are skipped. */
  add(start: number, step: number, values: Float32Array | Float64Array): void {
    const below = this.rule.utilisationBelow;
    this.step = Math.max(this.step, step);
    for (let i = 0; i < values.length; i++) {
      const t = start + i * step;
      if (t <= this.lastT || t < this.range.start || t >= this.range.end) continue;
      const v = values[i]!;
      if (v !== v) continue; // NaN: no sample
      this.lastT = t;
      if (v < below) {
        if (this.runStart === this.runStart && t - this.runEnd <= this.maxGapMs) {
          this.runEnd = t + step;
        } else {
          this.close(false);
          this.runStart = t;
          this.runEnd = t + step;
        }
      } else if (this.runStart === this.runStart) {
        this.close(false);
      }
    }
  }

  /** Ends the range: an open stretch becomes an episode (ongoing when it reaches the end). */
  finish(): GpuIdleEpisode[] {
    const end = Math.min(this.range.end, this.runEnd);
    this.close(this.runStart === this.runStart && this.range.end - end <= Math.max(this.maxGapMs, this.step));
    return this.episodes;
  }

  private close(ongoing: boolean): void {
    if (this.runStart !== this.runStart) return;
    const end = Math.min(this.runEnd, this.range.end);
    if (end - this.runStart >= this.minMs) {
      this.episodes.push({
        resource: this.resource,
        gpu: this.gpu,
        start: this.runStart,
        end,
        ongoing,
        startsBeforeRange: this.runStart - this.range.start <= Math.max(this.maxGapMs, this.step),
      });
      this.idleMs += end - this.runStart;
    }
    this.runStart = NaN;
    this.runEnd = NaN;
  }
}
