import { describe, expect, it } from 'vitest';
import { RateLimiter, type RateLimiterOptions } from '../../main/core/vtex/rate-limiter';
import { virtualTime } from '../helpers/virtual-time';

function limiter(opts: Partial<RateLimiterOptions> = {}) {
  const vt = virtualTime(0);
  const l = new RateLimiter({
    perMinute: 600,
    initialPerMinute: opts.perMinute ?? 600,
    now: () => vt.clock.now(),
    sleep: vt.sleep,
    random: () => 0.5,
    ...opts,
  });
  return { vt, l };
}

/** Takes `n` slots one after another, each accepted by the account; returns when the last went. */
async function send(l: RateLimiter, vt: ReturnType<typeof virtualTime>, n: number) {
  for (let i = 0; i < n; i++) {
    await l.take();
    l.onAccepted();
    l.done();
  }
  return vt.clock.now();
}

/** Keeps sending (each accepted) until the clock has moved `ms` on: a station with work. */
async function sendFor(l: RateLimiter, vt: ReturnType<typeof virtualTime>, ms: number) {
  const end = vt.clock.now() + ms;
  while (vt.clock.now() < end) await send(l, vt, 1);
}

describe('adaptive rate limiter', () => {
  it('never goes above the ceiling, however long it runs without a 429', async () => {
    const { vt, l } = limiter({ perMinute: 600, burst: 1 });
    // 10 per second: 601 requests take 60 s after the first.
    expect(await send(l, vt, 601)).toBe(60_000);
    expect(l.perMinute).toBe(600);
  });

  it('on a 429 waits out Retry-After and lowers its rate multiplicatively', async () => {
    const { vt, l } = limiter({ perMinute: 600, burst: 1, resumeJitterShare: 0 });
    // A full minute at the ceiling: the account took 600 from it.
    await send(l, vt, 601);
    const t = vt.clock.now();
    l.onThrottled(30_000);
    expect(l.pausedUntilMs).toBe(t + 30_000);
    expect(l.perMinute).toBeCloseTo(540, 5);
    await l.take();
    expect(vt.clock.now()).toBeGreaterThanOrEqual(t + 30_000);
  });

  it('lowers once per congestion: the 429s of requests already in flight do not count again', async () => {
    const { vt, l } = limiter({ perMinute: 600, burst: 1, resumeJitterShare: 0 });
    await send(l, vt, 601);
    for (let i = 0; i < 8; i++) l.onThrottled(1000);
    expect(l.perMinute).toBeCloseTo(540, 5);
    expect(l.throttled).toBe(8);
    vt.clock.advance(1000);
    l.onThrottled(1000);
    expect(l.perMinute).toBeCloseTo(486, 5);
  });

  it('does not lower below what the account accepted from it in the last minute', async () => {
    // 20 stations filled the account's window in 6 s; this one got 30 of those requests.
    const { vt, l } = limiter({ perMinute: 6000, minPerMinute: 1, resumeJitterShare: 0 });
    for (let i = 0; i < 30; i++) {
      vt.clock.advance(200);
      l.onAccepted();
    }
    l.onThrottled(54_000);
    // Its share: 30 requests a minute, not 0.9 × 6000.
    expect(l.perMinute).toBe(30);
  });

  it('climbs back additively, only while not paused, up to the ceiling', async () => {
    const { vt, l } = limiter({
      perMinute: 600,
      burst: 1,
      increasePerSecond: 6,
      maxAcceleration: 1,
      resumeJitterShare: 0,
    });
    await send(l, vt, 601);
    l.onThrottled(10_000);
    const lowered = l.perMinute;
    expect(lowered).toBeCloseTo(540, 5);
    // The pause itself adds nothing.
    vt.clock.advance(10_000);
    await send(l, vt, 1);
    expect(l.perMinute).toBeCloseTo(lowered, 5);
    // Then 6 per minute more for every second of sending.
    const t = vt.clock.now();
    await sendFor(l, vt, 5000);
    expect((l.perMinute - lowered) / ((vt.clock.now() - t) / 1000)).toBeCloseTo(6, 1);
    await sendFor(l, vt, 60_000);
    expect(l.perMinute).toBe(600);
  });

  it('climbs faster the longer the account has not answered 429 (capacity freed up)', async () => {
    const { vt, l } = limiter({
      perMinute: 6000,
      burst: 1,
      increasePerSecond: 1,
      accelerateEveryMs: 10_000,
      maxAcceleration: 4,
      resumeJitterShare: 0,
    });
    await send(l, vt, 10);
    l.onThrottled(1000);
    vt.clock.advance(1000);
    await send(l, vt, 1);
    const perSecond = async (ms: number) => {
      const [t, r] = [vt.clock.now(), l.perMinute];
      await sendFor(l, vt, ms);
      return (l.perMinute - r) / ((vt.clock.now() - t) / 1000);
    };
    // Right after the pause: about 1 a minute more per second (2^0.1 after the first second).
    const early = await perSecond(3000);
    expect(early).toBeGreaterThan(1);
    expect(early).toBeLessThan(1.3);
    // 40 s later without a 429: four times as fast (the cap).
    await sendFor(l, vt, 40_000);
    expect(await perSecond(5000)).toBeCloseTo(4, 5);
  });

  it('never goes below its floor', () => {
    const { vt, l } = limiter({ perMinute: 600, minPerMinute: 100 });
    for (let i = 0; i < 20; i++) {
      vt.clock.advance(5000);
      l.onThrottled(1000);
    }
    expect(l.perMinute).toBe(100);
  });

  it('spreads the first request over startJitterMs, and the end of a pause over part of it', async () => {
    const starts = [0, 0.25, 0.99].map((r) => {
      const { vt, l } = limiter({ startJitterMs: 1000, random: () => r });
      return l.take().then(() => vt.clock.now());
    });
    expect(await Promise.all(starts)).toEqual([0, 250, 990]);

    const { vt, l } = limiter({ random: () => 0.5 });
    await l.take();
    l.onThrottled(10_000);
    // 10 % of the Retry-After at most, here half of it.
    expect(l.pausedUntilMs).toBe(10_500);
    l.onThrottled(60_000);
    // Capped at 2 s whatever the Retry-After.
    expect(l.pausedUntilMs).toBe(61_000);
    await l.take();
    expect(vt.clock.now()).toBe(61_000);
  });

  it('serves waiters in arrival order and lets an aborted one go without blocking the rest', async () => {
    const { vt, l } = limiter({ perMinute: 60, burst: 1 });
    const order: number[] = [];
    const ac = new AbortController();
    const a = l.take().then(() => order.push(1));
    const b = l.take(ac.signal).then(
      () => order.push(2),
      () => order.push(-2),
    );
    ac.abort();
    const c = l.take().then(() => order.push(3));
    await Promise.all([a, b, c]);
    expect(order).toEqual([1, -2, 3]);
    expect(vt.clock.now()).toBe(1000);
  });

  it('starts at a quarter of the ceiling and doubles every second until the first 429', async () => {
    const { vt, l } = limiter({
      perMinute: 6000,
      initialPerMinute: undefined,
      burst: 1,
      maxAcceleration: 1,
      resumeJitterShare: 0,
    });
    expect(l.perMinute).toBe(1500);
    await send(l, vt, 26);
    // 25 a second first, then faster: the 26th request goes before the first second is over.
    expect(vt.clock.now()).toBeLessThan(1000);
    await sendFor(l, vt, 1000);
    expect(l.perMinute).toBeGreaterThan(3000);
    await sendFor(l, vt, 2000);
    expect(l.perMinute).toBe(6000);
    // After a 429 it only climbs additively, once the pause (1 s) is over.
    l.onThrottled(1000);
    const lowered = l.perMinute;
    vt.clock.advance(1000);
    await sendFor(l, vt, 1000);
    expect(l.perMinute).toBeCloseTo(lowered + 0.75, 1);
  });

  it('does not climb while idle: a client made long before its first request starts slow', async () => {
    const { vt, l } = limiter({
      perMinute: 6000,
      initialPerMinute: undefined,
      resumeJitterShare: 0,
    });
    // The desk opened a minute ago and has not called VTEX since.
    vt.clock.advance(60_000);
    await send(l, vt, 1);
    expect(l.perMinute).toBeLessThan(1500 * 2);
    // Once requests flow, slow start doubles as before.
    await sendFor(l, vt, 2000);
    expect(l.perMinute).toBeGreaterThan(1500 * 3);
  });

  it('caps requests in flight at about rate × round trip, from the measured round trips', async () => {
    const { vt, l } = limiter({ perMinute: 6000, initialRttMs: 100, inFlightHeadroom: 2 });
    // 100 a second × 0.1 s × 2: 20 in flight.
    expect(l.inFlightCap).toBe(20);
    const started: number[] = [];
    const takes = Array.from({ length: 25 }, (_, i) => l.take().then(() => started.push(i)));
    await new Promise((r) => setImmediate(r));
    for (let i = 0; i < 10 && started.length < 20; i++) await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(20);
    expect(l.requestsInFlight).toBe(20);
    // The rest wait for answers, not for the clock: no token is missing.
    const t = vt.clock.now();
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(20);
    // Answers free their slots and measure the path: 50 ms, so 10 in flight are enough.
    for (let i = 0; i < 8; i++) l.done(50);
    expect(l.roundTripMs).toBe(50);
    expect(l.inFlightCap).toBe(10);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(started).toHaveLength(20);
    // Answers slowed by a queue (at the account, on the network) do not raise the cap: it is
    // the queue the cap keeps from growing.
    for (let i = 0; i < 12; i++) l.done(400);
    expect(l.inFlightCap).toBe(10);
    await Promise.all(takes);
    expect(started).toHaveLength(25);
    expect(vt.clock.now()).toBeGreaterThanOrEqual(t);
    for (let i = 0; i < 5; i++) l.done(400);
    // Half a minute on, the path may have got slower for good: a new window starts from it.
    vt.clock.advance(30_000);
    l.done(80);
    expect(l.roundTripMs).toBe(80);
  });

  it('lets a waiter for an in-flight slot abort without blocking the queue', async () => {
    const { l } = limiter({ perMinute: 600, minInFlight: 1, maxInFlight: 1 });
    await l.take();
    const ac = new AbortController();
    const waiting = l.take(ac.signal);
    const next = l.take();
    ac.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    l.done(50);
    await next;
    expect(l.requestsInFlight).toBe(1);
  });

  it('refuses a ceiling that is not positive and a decrease outside (0, 1)', () => {
    expect(() => limiter({ perMinute: 0 })).toThrow(RangeError);
    expect(() => limiter({ decrease: 1 })).toThrow(RangeError);
  });
});
