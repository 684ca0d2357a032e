import type { Sleep } from './timing';

export interface RateLimiterOptions {
  /** Sustained requests per minute. */
  perMinute: number;
  /** Requests that may go at once after a quiet period; defaults to one second's worth. */
  burst?: number;
  now: () => number;
  sleep: Sleep;
}

/**
 * A client-side token bucket kept below the account's limit (VTEX: 6000 req/min per account), so
 * the desk never causes the 429 storms VTEX answers with a one-minute penalty. Waiters are served
 * in arrival order. `pauseUntil` holds every request after a 429 until its Retry-After has passed.
 */
export class RateLimiter {
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private tokens: number;
  private last: number;
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly opts: RateLimiterOptions) {
    if (!(opts.perMinute > 0)) throw new RangeError('perMinute must be positive');
    this.ratePerMs = opts.perMinute / 60_000;
    this.capacity = Math.max(1, opts.burst ?? Math.ceil(opts.perMinute / 60));
    this.tokens = this.capacity;
    this.last = opts.now();
  }

  /** Waits for a slot. Rejects only when `signal` aborts; the queue behind it keeps moving. */
  take(signal?: AbortSignal): Promise<void> {
    const mine = this.tail.then(() => this.acquire(signal));
    // The next waiter starts after this one, whether it got its slot or was aborted.
    this.tail = mine.catch(() => undefined);
    return mine;
  }

  /** Holds all requests until `until` (a time of `now()`); never shortens an existing pause. */
  pauseUntil(until: number): void {
    if (until > this.pausedUntil) this.pausedUntil = until;
  }

  /** Until when requests are held after a 429 (0 when not paused). */
  get pausedUntilMs(): number {
    return this.pausedUntil > this.opts.now() ? this.pausedUntil : 0;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.ratePerMs);
      this.last = now;
    }
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.opts.now();
      if (now < this.pausedUntil) {
        await this.opts.sleep(this.pausedUntil - now, signal);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.opts.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs), signal);
    }
  }
}
