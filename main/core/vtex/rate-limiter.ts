import type { Sleep } from './timing';

export interface RateLimiterOptions {
  /** The ceiling: sustained requests per minute the limiter never exceeds (the user's setting). */
  perMinute: number;
  /** Requests that may go at once after a quiet period; defaults to one second's worth. */
  burst?: number;
  /** The lowest rate a run of 429s can push it down to (default: 1 % of the ceiling, ≥ 1). */
  minPerMinute?: number;
  /**
   * Multiplicative decrease on a 429 (default 0.9: the account's last-minute share below makes
   * the real correction, so this only needs to step back from the edge).
   */
  decrease?: number;
  /**
   * Additive increase: requests per minute added to the rate per second right after a 429
   * (default: 1/8000 of the ceiling). It doubles every `accelerateEveryMs` without a 429, up to
   * `maxAcceleration` times: slow probing near the rate where the account was full (every probe
   * that finds it full costs a 429), fast climbing when capacity has freed up (other stations
   * finished).
   */
  increasePerSecond?: number;
  /** Default 10 s. */
  accelerateEveryMs?: number;
  /** Default 16. */
  maxAcceleration?: number;
  /**
   * The rate it starts at (default a quarter of the ceiling); it doubles every second until the
   * first 429 or the ceiling (slow start), so stations that start together find the account's
   * limit with few requests in flight.
   */
  initialPerMinute?: number;
  /** The first request waits a random part of this (default 0). */
  startJitterMs?: number;
  /** Resuming after a 429 waits a random part of this share of its Retry-After (default 0.1) … */
  resumeJitterShare?: number;
  /** … and never more than this (default 2000 ms). */
  maxResumeJitterMs?: number;
  /**
   * Requests in flight are capped at `inFlightHeadroom` × rate × the path's round trip (Little's
   * law: what the rate needs, with room for the round trip's own jitter; default 2) …
   */
  inFlightHeadroom?: number;
  /** … but never below this (default 2) … */
  minInFlight?: number;
  /** … nor above this (default 64). */
  maxInFlight?: number;
  /** The round trip assumed until the first answer measures one (default 250 ms). */
  initialRttMs?: number;
  now: () => number;
  sleep: Sleep;
  /** Source of jitter (tests pass a fixed one). */
  random?: () => number;
}

const MINUTE_MS = 60_000;
const IDLE_GRACE_MS = 250;
const RTT_WINDOW_MS = 30_000;

/**
 * A client-side token bucket whose rate adapts to the account's shared limit (VTEX: about 6000
 * requests per minute per account, for all its appKeys together). Many stations of one store each
 * run one; none of them knows how many others there are, so they find their share the way TCP
 * does (AIMD):
 *
 * - a 429 pauses every request until its Retry-After has passed (plus a little jitter, so the
 *   stations that were told the same time do not come back in lockstep), and lowers the rate
 *   multiplicatively, once per pause, and never above what the account accepted from this station
 *   in the last minute: the window that just filled up holds every station's accepted requests, so
 *   if each goes on at its own share of it, together they stay at the limit;
 * - it starts at a quarter of the ceiling and doubles every second until the first 429 (slow
 *   start); after that every second without a 429 adds a little to the rate (additive increase),
 *   up to the ceiling, which stays a ceiling;
 * - the first request waits a random part of `startJitterMs`, so stations coming back online
 *   together do not fire together;
 * - the rate climbs only while requests use it: time spent idle (a full bucket) adds nothing, or
 *   a client created long before its first catch-up would start that catch-up at the ceiling;
 * - the requests in flight are capped at about rate × round trip (Little's law): pacing alone
 *   spaces the starts, but when the account or the network slows down, answers come late and a
 *   station could otherwise keep many requests outstanding, which all meet a full window together
 *   and come back 429. The round trip is the least one measured in the last half minute, the
 *   path's own as BBR estimates it: a smoothed one would grow with the very queue the cap is for.
 *
 * Waiters are served in arrival order. Every `take()` must be matched by one `done()` when its
 * request has been answered (or failed).
 */
export class RateLimiter {
  private readonly ceiling: number;
  private readonly floor: number;
  private readonly burst: number | undefined;
  private readonly decreaseBy: number;
  private readonly increasePerSecond: number;
  private readonly random: () => number;
  /** Current rate, requests per minute. */
  private rate: number;
  private tokens: number;
  private last: number;
  private notBefore: number;
  private pausedUntil = 0;
  /** 429s that come back after the one that lowered the rate belong to the same congestion. */
  private holdDecreaseUntil = 0;
  /** Times of requests the account accepted (any answer but 429) in the last minute. */
  private accepted: number[] = [];
  private acceptedHead = 0;
  private tail: Promise<void> = Promise.resolve();
  private throttles = 0;
  private slowStart = true;
  private lastDecreaseAt: number;
  private inFlight = 0;
  /** The least round trip measured in the current window, ms, and when that window began. */
  private baseRtt: number;
  private baseRttAt = Number.NEGATIVE_INFINITY;
  /** The one waiter for a free in-flight slot (waiters go one at a time). */
  private wakeSlot: (() => void) | null = null;

  constructor(private readonly opts: RateLimiterOptions) {
    if (!(opts.perMinute > 0)) throw new RangeError('perMinute must be positive');
    this.ceiling = opts.perMinute;
    this.floor = Math.min(this.ceiling, Math.max(1, opts.minPerMinute ?? this.ceiling / 100));
    this.burst = opts.burst;
    this.decreaseBy = opts.decrease ?? 0.9;
    if (!(this.decreaseBy > 0 && this.decreaseBy < 1))
      throw new RangeError('decrease is in (0, 1)');
    this.increasePerSecond = opts.increasePerSecond ?? this.ceiling / 8000;
    this.random = opts.random ?? Math.random;
    this.rate = Math.min(
      this.ceiling,
      Math.max(this.floor, opts.initialPerMinute ?? this.ceiling / 4),
    );
    this.baseRtt = Math.max(1, opts.initialRttMs ?? 250);
    this.tokens = this.capacity();
    this.last = opts.now();
    this.lastDecreaseAt = this.last;
    this.notBefore = this.last + Math.floor(this.random() * (opts.startJitterMs ?? 0));
  }

  /** The rate the limiter allows now, requests per minute. */
  get perMinute(): number {
    return this.rate;
  }

  /** 429s seen so far. */
  get throttled(): number {
    return this.throttles;
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

  /** Requests taken and not yet `done()`. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** The most requests that may be in flight at the current rate and round trip. */
  get inFlightCap(): number {
    const o = this.opts;
    const need = Math.ceil(((o.inFlightHeadroom ?? 2) * this.rate * this.baseRtt) / MINUTE_MS);
    return Math.min(o.maxInFlight ?? 64, Math.max(o.minInFlight ?? 2, need));
  }

  /** The path's round trip the cap is computed from, ms. */
  get roundTripMs(): number {
    return this.baseRtt;
  }

  /**
   * A request taken with `take()` is over: answered (pass its round trip, ms, to refine the
   * estimate) or failed without an answer (no sample).
   */
  done(roundTripMs?: number): void {
    if (this.inFlight > 0) this.inFlight--;
    if (roundTripMs !== undefined && Number.isFinite(roundTripMs) && roundTripMs >= 0) {
      const now = this.opts.now();
      const sample = Math.max(1, roundTripMs);
      // A new window starts with whatever the path takes now (it may have got slower for good).
      if (sample <= this.baseRtt || now - this.baseRttAt >= RTT_WINDOW_MS) {
        if (now - this.baseRttAt >= RTT_WINDOW_MS) this.baseRttAt = now;
        this.baseRtt = sample;
      }
    }
    const wake = this.wakeSlot;
    this.wakeSlot = null;
    wake?.();
  }

  /** The account took a request (its answer was not a 429). */
  onAccepted(): void {
    const now = this.opts.now();
    this.accepted.push(now);
    this.dropOldAccepted(now);
  }

  /** The account answered 429: pause for `retryAfterMs` and, once per congestion, slow down. */
  onThrottled(retryAfterMs: number): void {
    const now = this.opts.now();
    this.throttles++;
    this.refill(now);
    const wait = Math.max(0, retryAfterMs);
    const share = this.opts.resumeJitterShare ?? 0.1;
    const jitter = Math.min(this.opts.maxResumeJitterMs ?? 2000, wait * share);
    const until = now + wait + Math.floor(this.random() * jitter);
    this.pauseUntil(until);
    if (now < this.holdDecreaseUntil) return;
    this.slowStart = false;
    this.lastDecreaseAt = until;
    this.holdDecreaseUntil = Math.max(until, now + 1000);
    this.dropOldAccepted(now);
    // The account's window is one minute long and full now: what it holds from this station is
    // this station's share of it.
    const acceptedLastMinute = this.accepted.length - this.acceptedHead;
    this.rate = Math.max(this.floor, Math.min(this.rate * this.decreaseBy, acceptedLastMinute));
    // Nothing saved up from before the 429 may go out in a burst when the pause ends.
    this.tokens = 0;
  }

  private capacity(): number {
    return Math.max(1, this.burst ?? Math.ceil(this.rate / 60));
  }

  private dropOldAccepted(now: number): void {
    while (
      this.acceptedHead < this.accepted.length &&
      (this.accepted[this.acceptedHead] ?? 0) <= now - MINUTE_MS
    )
      this.acceptedHead++;
    if (this.acceptedHead > 1024 && this.acceptedHead * 2 > this.accepted.length) {
      this.accepted = this.accepted.slice(this.acceptedHead);
      this.acceptedHead = 0;
    }
  }

  private refill(now: number): void {
    if (now <= this.last) return;
    const elapsed = now - this.last;
    // The rate climbs only while requests are allowed to flow (not during a pause) and use it:
    // once the bucket would be full, the rest of the interval was idle (after a short grace, so
    // the rounding of a waiter's sleep does not count as idle).
    const untilFull = ((this.capacity() - this.tokens) * MINUTE_MS) / this.rate + IDLE_GRACE_MS;
    const climbing = Math.min(
      Math.max(0, untilFull),
      Math.max(0, now - Math.max(this.last, this.pausedUntil)),
    );
    if (climbing > 0 && this.rate < this.ceiling) {
      const calm = Math.max(0, now - this.lastDecreaseAt);
      const speed = Math.min(
        this.opts.maxAcceleration ?? 16,
        2 ** (calm / (this.opts.accelerateEveryMs ?? 10_000)),
      );
      const next = this.slowStart
        ? this.rate * 2 ** (climbing / 1000)
        : this.rate + (this.increasePerSecond * speed * climbing) / 1000;
      this.rate = Math.min(this.ceiling, next);
    }
    this.tokens = Math.min(this.capacity(), this.tokens + (elapsed * this.rate) / MINUTE_MS);
    this.last = now;
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.opts.now();
      const held = Math.max(this.pausedUntil, this.notBefore);
      if (now < held) {
        await this.opts.sleep(held - now, signal);
        continue;
      }
      if (this.inFlight >= this.inFlightCap) {
        await this.slotFreed(signal);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        this.inFlight++;
        return;
      }
      await this.opts.sleep(Math.ceil(((1 - this.tokens) * MINUTE_MS) / this.rate), signal);
    }
  }

  /** Resolves when a request in flight is done (or rejects when `signal` aborts). */
  private slotFreed(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.wakeSlot = null;
        reject(signal?.reason);
      };
      this.wakeSlot = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
