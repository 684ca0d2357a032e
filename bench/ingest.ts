import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FROM_WORKFLOW, RETENTION_MIN_SECONDS, type FeedConfigRequest } from '../vtex';
import {
  closeDeskDb,
  countOrders,
  openDeskDb,
  recordFeedEvents,
  setSyncState,
  upsertOrders,
  type DeskDb,
} from '../main/core/db';
import { createDeskCore } from '../main/core/desk-core';
import { DEFAULT_FEED_STATUSES } from '../main/core/settings';
import { SYNC_KEYS, type CatchUpWatermark } from '../main/core/feed/sync-state';
import { VtexClient } from '../main/core/vtex/client';
import { atLeast, BenchClient, throughput, type BenchModule, type Metric } from './lib';

/**
 * Feed ingest: how fast the desk turns a feed backlog into cached orders.
 *
 * The sandbox (CLI, own process and core, rate limit off) holds 5,000 orders that each entered
 * ready-for-handling once while two feeds were configured: one for the desk's appKey, one for a
 * second appKey read by a naive consumer. Three numbers from the same run:
 * - the desk: a fresh cache draining its feed (`drainOnce`: lanes, concurrent Get order, one
 *   transaction per batch, commit after store);
 * - a naive consumer: one item at a time — GET feed maxlot=1, Get order, insert, commit — over
 *   500 items, as a rate;
 * - the sandbox's ceiling: the most Get order requests per second it serves to a lean keep-alive
 *   client at any of a few concurrencies.
 * `ingest.ratioToNaive` = desk ÷ naive (goal ≥ 10); `ingest.ratioToCeiling` = desk ÷ ceiling
 * (goal ≥ 0.7: the desk's own overhead — feed GETs, commits, parsing, SQLite — costs little).
 */

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const LINE = /^sandbox listening on (http:\/\/127\.0\.0\.1:\d+) appKey=(\S+) appToken=(\S+)$/;
const ORDERS = 5000;
const NAIVE_ITEMS = 500;
const WINDOW_TO_CANCEL_S = 600;
const NAIVE_KEY = { appKey: 'vtexappkey-bench-NAIVE', appToken: 'bench-naive-token' };

async function startSandbox() {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'sandbox/cli.ts',
      '--port',
      '0',
      '--rate-limit',
      '0',
      '--seed',
      '23',
      '--window-to-cancel',
      String(WINDOW_TO_CANCEL_S),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = once(child, 'exit');
  let out = '';
  child.stdout.setEncoding('utf8');
  while (!out.includes('\n')) {
    const chunk = await Promise.race([once(child.stdout, 'data'), exited.then(() => null)]);
    if (chunk === null) throw new Error('the sandbox exited before listening');
    out += String(chunk[0]);
  }
  const m = LINE.exec(out.split('\n')[0] ?? '');
  if (!m) throw new Error(`unexpected sandbox line: ${out}`);
  return {
    url: m[1] ?? '',
    key: { appKey: m[2] ?? '', appToken: m[3] ?? '' },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

const deskConfig: FeedConfigRequest = {
  filter: { type: FROM_WORKFLOW, status: [...DEFAULT_FEED_STATUSES] },
  queue: {
    visibilityTimeoutInSeconds: 300,
    MessageRetentionPeriodInSeconds: RETENTION_MIN_SECONDS,
  },
};

/** A desk cache that is already in sync (no first-start catch-up): only the feed is measured. */
function inSyncDb(file: string): DeskDb {
  const db = openDeskDb(file);
  const now = Date.now();
  const mark: CatchUpWatermark = {
    at: now,
    finishedAt: now,
    reason: 'first-start',
    listed: 0,
    fetched: 0,
  };
  setSyncState(db, SYNC_KEYS.catchUp, mark);
  setSyncState(db, SYNC_KEYS.lastPollAt, now);
  return db;
}

export async function runIngestBench(): Promise<Record<string, Metric>> {
  const sandbox = await startSandbox();
  const dir = mkdtempSync(join(tmpdir(), 'order-desk-bench-'));
  const control = new BenchClient(sandbox.url, {
    'x-vtex-api-appkey': sandbox.key.appKey,
    'x-vtex-api-apptoken': sandbox.key.appToken,
  });
  try {
    // ---- the backlog: 5,000 orders → one ready-for-handling event each, in two queues ------
    await control.json('POST', '/_sandbox/keys', NAIVE_KEY);
    const ids: string[] = [];
    while (ids.length < ORDERS) {
      const made = await control.json<{ orderId: string }[]>('POST', '/_sandbox/orders', {
        count: Math.min(1000, ORDERS - ids.length),
        spec: { paymentGroup: 'creditCard', sellers: 1, status: 'window-to-cancel' },
      });
      ids.push(...made.map((o) => o.orderId));
    }
    const client = (key: { appKey: string; appToken: string }) =>
      new VtexClient({ baseUrl: sandbox.url, ...key, rateLimit: false, timeoutMs: 60_000 });
    const deskClient = client(sandbox.key);
    const naiveClient = client(NAIVE_KEY);
    await deskClient.setFeedConfig(deskConfig);
    await naiveClient.setFeedConfig(deskConfig);
    // The sandbox moves at most 500 orders per status per tick: tick until all are through.
    await control.json('POST', '/_sandbox/clock/advance', { seconds: WINDOW_TO_CANCEL_S + 1 });
    for (let i = 0; i < 100; i++) {
      if (((await deskClient.getFeedConfig()).quantity ?? 0) >= ORDERS) break;
      await control.json('POST', '/_sandbox/clock/advance', { seconds: 1 });
    }
    const queued = (await deskClient.getFeedConfig()).quantity ?? 0;
    if (queued < ORDERS) throw new Error(`the desk's feed holds only ${queued} items`);

    // ---- the sandbox's Get order ceiling ----------------------------------------------------
    let next = 0;
    const getOrder = async () => {
      const res = await control.request(
        'GET',
        `/api/oms/pvt/orders/${ids[next++ % ids.length] ?? ''}`,
      );
      if (res.status !== 200) throw new Error(`Get order → ${res.status}`);
      return true;
    };
    const ceilingAt = async () => {
      let best = 0;
      for (const concurrency of [8, 16, 32]) {
        best = Math.max(
          best,
          await throughput(getOrder, {
            concurrency,
            maxRequests: 3000,
            maxMs: 1500,
            warmupRequests: 300,
          }),
        );
      }
      return best;
    };
    const ceilingBefore = await ceilingAt();

    // ---- the desk ----------------------------------------------------------------------------
    const deskDb = inSyncDb(join(dir, 'desk.db'));
    const core = createDeskCore({
      db: deskDb,
      client: deskClient,
      poller: { fetchConcurrency: 16, maxLanes: 4, auditIntervalMs: 0 },
    });
    const t0 = performance.now();
    const drained = await core.drainOnce();
    const deskSeconds = (performance.now() - t0) / 1000;
    const cached = countOrders(deskDb);
    closeDeskDb(deskDb);
    if (cached !== ORDERS) throw new Error(`the desk cached ${cached} of ${ORDERS} orders`);
    const deskRate = ORDERS / deskSeconds;

    // ---- the naive consumer ------------------------------------------------------------------
    const naiveDb = inSyncDb(join(dir, 'naive.db'));
    let naiveDone = 0;
    const n0 = performance.now();
    while (naiveDone < NAIVE_ITEMS) {
      const [item] = await naiveClient.getFeed(1);
      if (!item) break;
      const doc = await naiveClient.getOrder(item.orderId);
      naiveDb.transaction(() => {
        upsertOrders(naiveDb, [doc]);
        recordFeedEvents(naiveDb, [item]);
      })();
      await naiveClient.commitFeed([item.handle]);
      naiveDone++;
    }
    const naiveRate = naiveDone / ((performance.now() - n0) / 1000);
    closeDeskDb(naiveDb);

    const ceiling = Math.max(ceilingBefore, await ceilingAt());
    console.log(
      `ingest: desk ${Math.round(deskRate)} orders/s (${ORDERS} in ${deskSeconds.toFixed(2)} s, ` +
        `${drained.cycles} feed GETs), naive ${Math.round(naiveRate)} orders/s over ${naiveDone}, ` +
        `sandbox Get order ceiling ${Math.round(ceiling)} req/s`,
    );
    return {
      'ingest.ratioToNaive': atLeast(deskRate / naiveRate, 'ratio', 10),
      'ingest.ratioToCeiling': atLeast(deskRate / ceiling, 'ratio', 0.7),
    };
  } finally {
    control.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const ingestBench: BenchModule = { name: 'ingest', run: runIngestBench };
