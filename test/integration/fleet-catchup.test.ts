import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPEN_STATUSES } from '../../vtex';
import { countOrders } from '../../main/core/db';
import { SandboxClock } from '../../sandbox/state/clock';
import {
  addOrder,
  cacheMatches,
  createDeskHarness,
  FLOW,
  type DeskHarness,
} from '../helpers/desk-harness';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';
import { sharedTime, type SharedTime } from '../helpers/shared-time';
import { SANDBOX_EPOCH } from '../helpers/virtual-time';

const STATIONS = 5;
const OPEN_ORDERS = 80;
/** The account's limit: the five catch-ups together need about four minutes of it. */
const LIMIT_PER_MINUTE = 120;
const DAY = 86_400_000;

/** A small deterministic PRNG per station, so each one's jitter differs but runs repeat. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('five stations of one account catching up at once', () => {
  let sb: TestSandbox;
  let time: SharedTime;
  const desks: DeskHarness[] = [];

  beforeAll(async () => {
    time = sharedTime(SANDBOX_EPOCH, { latencyMs: 50 });
    // The sandbox reads the stations' clock: its one-minute window moves with their waits.
    sb = await startSandbox({
      clock: new SandboxClock(() => time.clock.now()),
      rateLimitPerMinute: LIMIT_PER_MINUTE,
    });
  });
  afterAll(async () => {
    for (const d of desks.splice(0)) await d.close();
    await sb.close();
  });

  it('each station stores every open order, with no storm of 429s', async () => {
    const now = sb.clock.now();
    const open = Array.from({ length: OPEN_ORDERS }, (_, i) =>
      addOrder(sb, FLOW.ready, now - 2 * DAY + i * 60_000),
    );
    expect(open.every((o) => OPEN_STATUSES.includes(o.status))).toBe(true);

    for (let i = 0; i < STATIONS; i++) {
      const key = { appKey: `vtexappkey-sandbox-STATION${i}`, appToken: `token-${i}` };
      expect((await sb.api('/_sandbox/keys', { method: 'POST', json: key })).status).toBeLessThan(
        300,
      );
      desks.push(
        createDeskHarness(sb, {
          vt: time,
          client: {
            ...key,
            fetch: time.fetch,
            random: seeded(i + 1),
            // Each station's ceiling is the account's whole limit (as the desk's default is
            // VTEX's published one): only the 429s can teach the stations their share.
            rateLimit: { perMinute: LIMIT_PER_MINUTE, startJitterMs: 1000 },
          },
          core: { poller: { auditIntervalMs: 0 }, catchUp: { storeBatch: 10 } },
        }),
      );
    }

    const t0 = time.clock.now();
    await time.run(Promise.all(desks.map((d) => d.core.drainOnce())));
    const elapsedMs = time.clock.now() - t0;

    const logs = desks.flatMap((d) => d.logs);
    const throttled = logs.filter((l) => l.status === 429).length;
    const accepted = logs.length - throttled;

    for (const d of desks) {
      expect(
        cacheMatches(
          sb,
          d.db,
          open.map((o) => o.orderId),
        ),
      ).toEqual([]);
      expect(countOrders(d.db)).toBe(OPEN_ORDERS);
    }
    // Each sync bar showed the count and, once the rate was known, the time left.
    for (const d of desks) {
      const fetching = d.events.filter(
        (e) => e.type === 'catch-up-progress' && e.phase === 'fetching',
      );
      expect(fetching.length).toBeGreaterThan(3);
      expect(fetching.some((e) => e.type === 'catch-up-progress' && (e.remainingMs ?? 0) > 0)).toBe(
        true,
      );
    }
    // Nothing failed for good: every request that got a 429 was waited out and sent again.
    expect(desks.flatMap((d) => d.events.filter((e) => e.type === 'error'))).toEqual([]);
    // The first minute's window fills once, and each station's probes for more find it full now
    // and then: a few 429s, no storm (about 2 % here).
    expect(throttled / logs.length).toBeLessThan(0.04);
    // And they used the account's limit well: at least 80 % of the ideal rate.
    const idealMs = (accepted / LIMIT_PER_MINUTE) * 60_000;
    expect(idealMs / elapsedMs).toBeGreaterThan(0.8);
  }, 60_000);
});
