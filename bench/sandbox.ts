import { startSandboxProcess } from './sandbox-process';
import {
  atLeast,
  BenchClient,
  throughput,
  type BenchModule,
  type Metrics,
  type ThroughputOptions,
} from './lib';

/**
 * Sandbox throughput: Get order and feed GET, each divided by the throughput of the trivial
 * `GET /_sandbox/ping` on the same server in the same run, so the number says how much the route
 * itself costs whatever the machine. The sandbox runs as the CLI in a child process (its own core
 * on a 2-core machine); the load comes from this process over keep-alive connections to 127.0.0.1.
 */

/**
 * Enough orders that the feed queue outlasts the run: the feed loop receives at most
 * (WARMUP + ROUNDS × SEGMENT) × 10 items, and an item is dropped after MAX_RECEIVES (100)
 * deliveries. 3,000 card orders give ~17,000 items once their flow settled, each received at most
 * ~25 times. With a few hundred orders a fast sandbox wore the whole queue out within two rounds,
 * and the remaining rounds measured empty answers.
 */
const ORDERS = 3000;
const VISIBILITY_S = 60;
const CONCURRENCY = 8;
const WARMUP: ThroughputOptions = {
  concurrency: CONCURRENCY,
  maxRequests: 0,
  maxMs: 0,
  warmupRequests: 400,
};
const SEGMENT: ThroughputOptions = {
  concurrency: CONCURRENCY,
  maxRequests: 6000,
  maxMs: 600,
  warmupRequests: 0,
};
const ROUNDS = 7;
const GOAL = 0.5;

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? (v[mid] ?? 0) : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

async function startChild() {
  // --rate-limit 0: the limit would be the bottleneck, not the routes.
  const sb = await startSandboxProcess(['--rate-limit', '0', '--seed', '11']);
  return {
    url: sb.url,
    headers: { 'x-vtex-api-appkey': sb.key.appKey, 'x-vtex-api-apptoken': sb.key.appToken },
    stop: () => sb.stop(),
  };
}

async function run(): Promise<Metrics> {
  const sandbox = await startChild();
  const client = new BenchClient(sandbox.url, sandbox.headers, CONCURRENCY * 2);
  try {
    // A feed with every status, then orders walked past window-to-cancel: several events each.
    await client.json('POST', '/api/orders/feed/config', {
      filter: { type: 'FromWorkflow' },
      queue: { visibilityTimeoutInSeconds: VISIBILITY_S, MessageRetentionPeriodInSeconds: 345_600 },
    });
    // Card orders approve themselves and stop in ready-for-handling, so the status timers stay idle
    // during the measurement (orders waiting for an offline payment are re-read on every tick).
    const ids: string[] = [];
    while (ids.length < ORDERS) {
      const made = await client.json<{ orderId: string }[]>('POST', '/_sandbox/orders', {
        count: Math.min(1000, ORDERS - ids.length),
        spec: { paymentGroup: 'creditCard' },
      });
      ids.push(...made.map((o) => o.orderId));
    }
    // The sandbox moves at most 500 orders per status per tick, and card orders wait out the
    // window to cancel: tick an hour at a time until every order rests in ready-for-handling, so no
    // status changes (and no new items) happen during the measurement.
    const queued = async () =>
      (await client.json<{ quantity: number }>('GET', '/api/orders/feed/config')).quantity;
    let quantity = -1;
    for (let i = 0; i < 40; i++) {
      await client.json('POST', '/_sandbox/clock/advance', { seconds: 3600 });
      const now = await queued();
      if (now === quantity) break;
      quantity = now;
    }
    if (quantity < ORDERS) throw new Error(`the feed holds only ${quantity} items`);

    const ok = (path: string) => async () => {
      const res = await client.request('GET', path);
      if (res.status !== 200)
        throw new Error(`GET ${path} → ${res.status}: ${res.body.slice(0, 200)}`);
      return true;
    };
    let next = 0;
    const getOrder = () => ok(`/api/oms/pvt/orders/${ids[next++ % ids.length] ?? ''}`)();

    // Returned items stay invisible for VISIBILITY_S; when a GET comes back empty, one loop moves
    // the sandbox clock past it (the others wait). Only GETs that returned items count.
    let advancing: Promise<unknown> | null = null;
    let items = 0;
    let gets = 0;
    // Advances since a GET last returned items: more than a couple means the queue is worn out.
    let barren = 0;
    const feedGet = async () => {
      const res = await client.request('GET', '/api/orders/feed?maxlot=10');
      if (res.status !== 200)
        throw new Error(`GET /api/orders/feed → ${res.status}: ${res.body.slice(0, 200)}`);
      const n = (JSON.parse(res.body) as unknown[]).length;
      if (n > 0) {
        items += n;
        gets++;
        barren = 0;
        return true;
      }
      if (barren > 3) throw new Error('the feed queue ran dry: the benchmark needs more orders');
      advancing ??= client
        .json('POST', '/_sandbox/clock/advance', { seconds: VISIBILITY_S + 1 })
        .finally(() => {
          advancing = null;
          barren++;
        });
      await advancing;
      return false;
    };

    // Other work on the machine comes and goes (2 cores); short interleaved segments and the median
    // of per-round ratios keep a burst of it from deciding the result.
    const ping = ok('/_sandbox/ping');
    for (const op of [ping, getOrder, feedGet]) await throughput(op, WARMUP);
    const orderRatios: number[] = [];
    const feedRatios: number[] = [];
    const seen = { ping: [] as number[], order: [] as number[], feed: [] as number[] };
    let before = await throughput(ping, SEGMENT);
    seen.ping.push(before);
    for (let round = 0; round < ROUNDS; round++) {
      const order = await throughput(getOrder, SEGMENT);
      const middle = await throughput(ping, SEGMENT);
      const feed = await throughput(feedGet, SEGMENT);
      const after = await throughput(ping, SEGMENT);
      orderRatios.push(order / ((before + middle) / 2));
      feedRatios.push(feed / ((middle + after) / 2));
      seen.order.push(order);
      seen.feed.push(feed);
      seen.ping.push(middle, after);
      before = after;
    }
    const orderRatio = median(orderRatios);
    const feedRatio = median(feedRatios);
    const rps = (v: number[]) => `${Math.round(median(v))} req/s`;
    console.log(
      `sandbox: median of ${ROUNDS} rounds: ping ${rps(seen.ping)}, get order ${rps(seen.order)} ` +
        `(×${orderRatio.toFixed(2)}), feed GET ${rps(seen.feed)} with ${(items / Math.max(1, gets)).toFixed(1)} ` +
        `items each (×${feedRatio.toFixed(2)})`,
    );
    return {
      'sandbox.getOrder.ratioToTrivial': atLeast(orderRatio, 'ratio', GOAL),
      'sandbox.feedGet.ratioToTrivial': atLeast(feedRatio, 'ratio', GOAL),
    };
  } finally {
    client.close();
    await sandbox.stop();
  }
}

export const sandboxBench: BenchModule = { name: 'sandbox', run };
