import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../sandbox/routes/rate-limit';
import { SandboxClock } from '../../sandbox/state/clock';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

const PATH = '/api/orders/feed/config';
const KEY2 = { appKey: 'vtexappkey-sandbox-STATION2', appToken: 'token-2' };
const AUTH2 = { 'x-vtex-api-appkey': KEY2.appKey, 'x-vtex-api-apptoken': KEY2.appToken };

describe('rate limit per account', () => {
  let sb: TestSandbox;
  const statuses = async (n: number, headers: Record<string, string> = {}) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await sb.api(PATH, { headers })).status);
    return out;
  };
  const advance = async (seconds: number) => {
    const res = await sb.api('/_sandbox/clock/advance', { method: 'POST', json: { seconds } });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    sb = await startSandbox({ rateLimitPerMinute: 5 });
    await sb.api('/_sandbox/keys', { method: 'POST', json: KEY2 });
  });
  afterAll(() => sb.close());
  afterEach(async () => {
    // Let the window empty before the next test (the clock only moves forward).
    await advance(61);
    await sb.api('/_sandbox/config', { method: 'POST', json: { rateLimitPerMinute: 5 } });
  });

  it('answers 429 with Retry-After and a VTEX body once the minute is used up', async () => {
    expect(await statuses(5)).toEqual([404, 404, 404, 404, 404]);
    const res = await sb.api(PATH);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toEqual({
      error: {
        code: '429',
        message:
          'Too many requests: the account allows 5 requests per minute. Retry after 60 seconds',
        exception: null,
      },
    });
    // Retry-After counts down with the sandbox clock, and the slot frees exactly then.
    await advance(45);
    const later = await sb.api(PATH);
    expect(later.status).toBe(429);
    expect(later.headers.get('retry-after')).toBe('15');
    await advance(15);
    expect(await statuses(5)).toEqual([404, 404, 404, 404, 404]);
    expect(await statuses(1)).toEqual([429]);
  });

  it('slides: slots free one by one as their minute passes', async () => {
    expect(await statuses(3)).toEqual([404, 404, 404]);
    await advance(20);
    expect(await statuses(3)).toEqual([404, 404, 429]);
    const res = await sb.api(PATH);
    expect(res.headers.get('retry-after')).toBe('40');
    await advance(40);
    // The first three expired; the two from t=20 still count.
    expect(await statuses(4)).toEqual([404, 404, 404, 429]);
  });

  it('counts every key of the account together', async () => {
    expect(await statuses(3)).toEqual([404, 404, 404]);
    expect(await statuses(2, AUTH2)).toEqual([404, 404]);
    expect(await statuses(1, AUTH2)).toEqual([429]);
    expect(await statuses(1)).toEqual([429]);
  });

  it('does not count unauthenticated requests, and never limits the control API', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await fetch(`${sb.url}${PATH}`)).status).toBe(401);
    }
    for (let i = 0; i < 10; i++) {
      expect((await sb.api('/_sandbox/ping')).status).toBe(200);
    }
    expect(await statuses(5)).toEqual([404, 404, 404, 404, 404]);
  });

  it('follows POST /_sandbox/config at runtime; 0 switches it off', async () => {
    await sb.api('/_sandbox/config', { method: 'POST', json: { rateLimitPerMinute: 2 } });
    expect(await statuses(3)).toEqual([404, 404, 429]);
    await sb.api('/_sandbox/config', { method: 'POST', json: { rateLimitPerMinute: 0 } });
    expect(new Set(await statuses(20))).toEqual(new Set([404]));
  });
});

describe('RateLimiter', () => {
  it('allows VTEX’s 6000 requests per minute by default and names the wait for the next one', async () => {
    const sb = await startSandbox();
    try {
      expect(sb.app.sandbox.options.rateLimitPerMinute).toBe(6000);
    } finally {
      await sb.close();
    }
    const clock = new SandboxClock(() => 1_000_000);
    const limiter = new RateLimiter(clock, () => 6000);
    for (let i = 0; i < 6000; i++) {
      if (i % 100 === 0) clock.advance(500); // 60 batches over 30 s
      expect(limiter.take()).toBeNull();
    }
    // The first batch was taken at +0.5 s: it leaves the window at +60.5 s, i.e. 30.5 s from now.
    expect(limiter.take()).toBe(31);
    expect(limiter.used()).toBe(6000);
    clock.advance(30_500);
    expect(limiter.take()).toBeNull();
  });

  it('waits for enough expiries after the limit was lowered', () => {
    const clock = new SandboxClock(() => 0);
    let limit = 10;
    const limiter = new RateLimiter(clock, () => limit);
    for (let i = 0; i < 10; i++) {
      expect(limiter.take()).toBeNull();
      clock.advance(1000);
    }
    limit = 4;
    // Now at t=10 s; takes at 0..9 s; 7 must expire, the 7th (t=6 s) leaves at 66 s.
    expect(limiter.take()).toBe(56);
  });
});
