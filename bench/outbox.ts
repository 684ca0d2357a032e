import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '../main/core/clock';
import { closeDeskDb, countOrders, openDeskDb, upsertOrders } from '../main/core/db';
import {
  listActions,
  queueAction,
  SyncEngine,
  type ActionVerb,
  type Actor,
} from '../main/core/outbox';
import { VtexClient, type RequestLog } from '../main/core/vtex/client';
import { DEFAULT_KEY } from '../sandbox/state/accounts';
import { SandboxClock } from '../sandbox/state/clock';
import { createOrders } from '../sandbox/state/factory';
import { startSandboxServer } from '../sandbox/server';
import { OrderDocument } from '../vtex';
import { bulkOrders } from '../test/helpers/desk-orders';
import { runCrashLoop } from '../test/helpers/outbox-crash';
import { atLeast, atMost, type BenchModule, type Metric, type Metrics } from './lib';

/**
 * The offline-actions outbox (issue 4). A bench is test tooling, so it reuses test/helpers.
 *
 * - `action.commitP95Ms`: p95 of one action's durable local commit — validation against the
 *   believed order, the outbox row(s) and the order's optimistic state in one transaction at
 *   `synchronous = FULL` — on a 100,000-order cache (goal ≤ 1 ms).
 * - `replay.ratioToLimit`: 1,000 queued actions (start handling + its interaction, invoice,
 *   delivery, note on 250 orders) replayed against the sandbox limited to R requests/min; the
 *   requests per minute the replay achieved ÷ R (goal ≥ 0.8). The sandbox's sliding window is
 *   hit for longer than a minute, so a client that bursts would meet 429s: `replay.http429` counts
 *   them (goal 0, "no 429 storm"). The log line says what the rate means in actions per minute.
 * - `crash.*`: the crash loop of outbox-crash.test.ts, bigger (1,000 actions, 30 SIGKILLs): the
 *   duplicates and losses the effect log shows, and orders whose cache differs from VTEX (all
 *   goal 0).
 */

const ORDERS = 100_000;
const COMMITS = 3000;
const LIMIT_PER_MIN = 1800;

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

async function measureCommit(): Promise<Metrics> {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-bench-'));
  try {
    const db = openDeskDb(join(dir, 'desk.db'));
    const ready: string[] = [];
    const handling: string[] = [];
    const t0 = performance.now();
    for (const batch of bulkOrders(ORDERS, { seed: 3, batch: 5000 })) {
      upsertOrders(db, batch);
      for (const o of batch) {
        if (o.status === 'ready-for-handling') ready.push(o.orderId);
        else if (o.status === 'handling') handling.push(o.orderId);
      }
    }
    if (countOrders(db) !== ORDERS) throw new Error('the cache does not hold every order');
    console.log(
      `outbox: built the ${ORDERS} order cache in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const actor: Actor = { station: 'Packing 1', operator: 'Ana', clock: systemClock };
    const plan: [ActionVerb, string, unknown][] = [];
    for (let i = 0; i < COMMITS / 3; i++) {
      const r = ready[i * 7];
      const h = handling[i * 5];
      const h2 = handling[i * 5 + 1];
      if (!r || !h || !h2) throw new Error('not enough orders to act on');
      plan.push(['start-handling', r, undefined]);
      plan.push(['invoice', h, { courier: 'Correios', trackingNumber: `BR${i}` }]);
      plan.push(['note', h2, { message: 'Conferido e embalado' }]);
    }
    const times: number[] = [];
    for (const [verb, orderId, data] of plan) {
      const t = performance.now();
      const res = queueAction(db, actor, { verb, orderId, ...(data ? { data } : {}) });
      times.push(performance.now() - t);
      if (!res.ok) throw new Error(`${verb} ${orderId}: ${res.refusal.code}`);
    }
    closeDeskDb(db);
    const value = p95(times);
    console.log(
      `outbox: ${times.length} durable action commits on ${ORDERS} orders, p50 ${[...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]?.toFixed(3)} ms, p95 ${value.toFixed(3)} ms`,
    );
    return { 'action.commitP95Ms': atMost(value, 'ms', 1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureReplay(): Promise<Metrics> {
  const sb = await startSandboxServer({
    clock: new SandboxClock(),
    rateLimitPerMinute: LIMIT_PER_MIN,
    tickIntervalMs: 0,
    seed: 5,
  });
  const dir = mkdtempSync(join(tmpdir(), 'outbox-replay-'));
  try {
    const ctx = sb.app.sandbox;
    const orders = Array.from({ length: 250 }, () =>
      createOrders(ctx, { sellers: 1, status: 'ready-for-handling' }),
    ).flat();
    const db = openDeskDb(join(dir, 'desk.db'));
    // The cache is filled without HTTP, so the replay starts with the whole rate window.
    upsertOrders(
      db,
      orders.map((o) => OrderDocument.parse(ctx.orders.get(o.orderId))),
    );
    const actor: Actor = { station: 'Packing 1', operator: 'Ana', clock: systemClock };
    const act = (verb: ActionVerb, orderId: string, data?: unknown) => {
      const r = queueAction(db, actor, { verb, orderId, ...(data ? { data } : {}) });
      if (!r.ok) throw new Error(`${verb} ${orderId}: ${r.refusal.code}`);
    };
    for (const o of orders) {
      act('start-handling', o.orderId);
      act('invoice', o.orderId, { trackingNumber: `BR${o.sequence}`, courier: 'Correios' });
      act('tracking', o.orderId, {
        isDelivered: true,
        events: [{ description: 'Entregue', date: '2026-11-28T10:00:00-03:00' }],
      });
      act('note', o.orderId, { message: 'Cliente avisado' });
    }
    const logs: RequestLog[] = [];
    // The desk's own limiter stays a little under the account's limit, so a full minute of
    // requests (plus one burst) never exceeds the sandbox's sliding window.
    const client = new VtexClient({
      baseUrl: sb.url,
      ...DEFAULT_KEY,
      rateLimit: { perMinute: Math.floor(LIMIT_PER_MIN * 0.97) },
      onRequest: (l) => logs.push(l),
    });
    const engine = new SyncEngine({
      db,
      vtex: client,
      clock: systemClock,
      concurrency: 8,
    });
    const t0 = performance.now();
    const summary = await engine.runUntilDrained();
    const ms = performance.now() - t0;
    const done = listActions(db, { states: ['done'] }).length;
    closeDeskDb(db);
    if (summary.pending !== 0 || summary.attention !== 0) {
      throw new Error(`replay left ${summary.pending} pending, ${summary.attention} in attention`);
    }
    const perMin = (logs.length / ms) * 60_000;
    const http429 = logs.filter((l) => l.status === 429).length;
    console.log(
      `outbox: replayed ${done} outbox rows (1000 actions, ${((1000 / ms) * 60_000).toFixed(0)}/min) in ${(ms / 1000).toFixed(1)} s with ${logs.length} requests: ${perMin.toFixed(0)}/min against a limit of ${LIMIT_PER_MIN}/min, ${http429} × 429`,
    );
    return {
      'replay.ratioToLimit': atLeast(perMin / LIMIT_PER_MIN, 'ratio', 0.8),
      'replay.http429': atMost(http429, 'responses', 0),
    };
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measureCrashLoop(): Promise<Metrics> {
  const r = await runCrashLoop({
    orders: { ready: 120, cancel: 80, handling: 80, cash: 80 },
    kills: 30,
    seed: 424242,
    maxWritesPerRun: 80,
    finalTimeoutMs: 120_000,
  });
  console.log(
    `outbox: crash loop of ${r.actions} actions (${r.rows} writes), ${r.kills} SIGKILLs in ${(r.durationMs / 1000).toFixed(1)} s: ` +
      `final exit ${r.finalExit}, ${r.foundAtVtex} settled by reading VTEX back, ${r.duplicates} duplicate(s), ${r.lost} lost, ` +
      `${r.notDone.length} not done, ${r.cacheMismatches.length} cache mismatch(es)`,
  );
  for (const d of r.diff.slice(0, 10)) console.log(`outbox: crash diff ${d}`);
  return {
    'crash.duplicates': atMost(r.duplicates + r.unchanged, 'effects', 0),
    'crash.lost': atMost(r.lost + r.notDone.length, 'actions', 0),
    'crash.cacheMismatches': atMost(r.cacheMismatches.length, 'orders', 0),
  };
}

/** Every outbox metric (bench/run.ts runs the three modules below separately). */
export async function runOutboxBench(): Promise<Record<string, Metric>> {
  return {
    ...(await measureCommit()),
    ...(await measureReplay()),
    ...(await measureCrashLoop()),
  };
}

/** `npm run bench -- action`: the durable commit of one action on a 100k-order cache. */
export const actionBench: BenchModule = { name: 'action', run: measureCommit };
/** `npm run bench -- replay`: 1,000 actions against a rate-limited sandbox. */
export const replayBench: BenchModule = { name: 'replay', run: measureReplay };
/** `npm run bench -- crash`: the big crash loop. */
export const crashBench: BenchModule = { name: 'crash', run: measureCrashLoop };
