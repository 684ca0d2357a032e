/**
 * How the client waits between attempts. Every value here is a plain function of its inputs so the
 * policy can be tested without a network.
 */

/** Which calls may be sent again after a transient failure. */
export type RetryPolicy =
  /** Reads, and writes whose repetition changes nothing (feed commit, config PUT-like POSTs). */
  | 'safe'
  /** Writes that must not be repeated blindly: the outbox decides after reading the order back. */
  | 'never';

export interface BackoffOptions {
  /** First delay's ceiling. */
  baseDelayMs: number;
  /** No delay is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseDelayMs: 500, maxDelayMs: 30_000 };

/** VTEX asks clients to back off about a minute after a 429 that names no delay (digest §6). */
export const DEFAULT_RATE_LIMIT_PAUSE_MS = 60_000;

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * a uniformly random delay between 0 and min(max, base · 2^attempt), so many desks recovering
 * from one outage do not hit VTEX in lockstep.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Returns the wait
 * in ms from `now`, or undefined when the header is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
