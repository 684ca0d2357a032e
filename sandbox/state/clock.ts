/**
 * The sandbox's time. Every timer of the status flow, the feed's visibility and retention, and the
 * rate limit read this clock, so tests and the control API (`POST /_sandbox/clock/advance`) move
 * time forward instead of sleeping.
 */
export interface Clock {
  now(): number;
}

export class SandboxClock implements Clock {
  private offsetMs = 0;
  constructor(private readonly base: () => number = Date.now) {}
  now(): number {
    return this.base() + this.offsetMs;
  }
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
  }
  /** Used when reopening a --db file: never go back behind times already written. */
  ensureAtLeast(t: number): void {
    const n = this.now();
    if (t > n) this.offsetMs += t - n;
  }
}

/** VTEX writes times with 7 fractional digits and `Z` (e.g. 2019-08-12T20:54:23.7153839Z). */
export function vtexTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}
