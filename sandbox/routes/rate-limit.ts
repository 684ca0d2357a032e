import type { FastifyInstance } from 'fastify';
import { omsError } from '../../vtex';
import type { SandboxContext } from '../context';
import type { Clock } from '../state/clock';

const WINDOW_MS = 60_000;

/**
 * VTEX's only published limit is 6000 requests per minute per account (digest §6), so the sandbox
 * counts every authenticated /api request of the account together, whatever its appKey, in a
 * sliding one-minute window on the sandbox clock (tests move time instead of waiting). Rejected
 * requests do not use up the window, as a client honouring Retry-After would not be punished.
 */
export class RateLimiter {
  /** Acceptance times, oldest first; `head` skips the expired ones without shifting the array. */
  private times: number[] = [];
  private head = 0;

  constructor(
    private readonly clock: Clock,
    /** Read on every request so POST /_sandbox/config takes effect at once; 0 switches it off. */
    private readonly limit: () => number,
  ) {}

  /** Counts the request and returns null, or returns the seconds until a slot frees. */
  take(): number | null {
    const limit = this.limit();
    if (limit <= 0) return null;
    const now = this.clock.now();
    while (this.head < this.times.length && (this.times[this.head] ?? 0) <= now - WINDOW_MS)
      this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    const used = this.times.length - this.head;
    if (used < limit) {
      this.times.push(now);
      return null;
    }
    // After a lowered limit more than one acceptance must expire before a slot frees.
    const freesAt = (this.times[this.head + used - limit] ?? now) + WINDOW_MS;
    return Math.max(1, Math.ceil((freesAt - now) / 1000));
  }

  /** Requests counted in the current window. */
  used(): number {
    const now = this.clock.now();
    let n = 0;
    for (let i = this.head; i < this.times.length; i++)
      if ((this.times[i] ?? 0) > now - WINDOW_MS) n++;
    return n;
  }

  reset(): void {
    this.times = [];
    this.head = 0;
  }
}

const limiters = new WeakMap<SandboxContext, RateLimiter>();

/** The limiter of one sandbox (the control API resets it). */
export function rateLimiterOf(ctx: SandboxContext): RateLimiter {
  let l = limiters.get(ctx);
  if (!l) {
    l = new RateLimiter(ctx.clock, () => ctx.options.rateLimitPerMinute);
    limiters.set(ctx, l);
  }
  return l;
}

/** Registered after the auth hook: only requests that authenticated as the account count. */
export function registerRateLimit(app: FastifyInstance, ctx: SandboxContext): void {
  const limiter = rateLimiterOf(ctx);
  app.addHook('onRequest', async (req, reply) => {
    if (req.appKey === null || !req.url.startsWith('/api/')) return;
    const retryAfter = limiter.take();
    if (retryAfter === null) return;
    return reply
      .code(429)
      .header('retry-after', String(retryAfter))
      .send(
        omsError(
          '429',
          `Too many requests: the account allows ${ctx.options.rateLimitPerMinute} requests per minute. Retry after ${retryAfter} seconds`,
        ),
      );
  });
}
