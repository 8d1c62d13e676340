/**
 * Increase of a monotonic counter over time-ordered samples, with resets: a value lower
 * than the one before means the counter restarted from zero (a server restart), so the
 * new value itself is what was counted since. Same rule as Prometheus' `increase`, without
 * its extrapolation to the range's edges.
 */
export class CounterIncrease {
  private last = NaN;
  total = 0;

  add(value: number): void {
    if (!Number.isFinite(value)) return;
    if (this.last === this.last) this.total += value >= this.last ? value - this.last : value;
    this.last = value;
  }
}
