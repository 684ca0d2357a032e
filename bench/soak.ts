import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ManualClock } from '../main/core/clock';
import { closeDeskDb, countOrders, listOrders, openDeskDb } from '../main/core/db';
import { createDeskCore } from '../main/core/desk-core';
import { renderSlip } from '../main/core/print/render';
import { VtexClient } from '../main/core/vtex/client';
import type { Sleep } from '../main/core/vtex/timing';
import { invoicedOrder, STORE } from '../test/helpers/slip-fixtures';
import { atMost, BenchClient, info, type BenchModule, type Metric } from './lib';
import { startSandboxProcess } from './sandbox-process';

/**
 * A busy station's working day, compressed: `HOURS` hours of desk time on an injected clock, one
 * simulated minute per step. Each minute `ORDERS_PER_MINUTE` orders become ready for handling at
 * the sandbox (own process, its clock moved with the desk's), the desk reads its feed, starts
 * handling one order, renders one slip; every half hour it reconciles through List orders (the
 * audit). The first hour warms up (caches, JIT); then RSS is taken at the end of every hour after
 * a full garbage collection, and the open handles after the first hour and at the end. One RSS
 * sample swings by ±15 % with what the allocator happens to keep, so growth compares the median
 * of hours 1–3 with the median of the last three.
 *
 * - `soak.rssGrowthPct`: RSS growth from the early hours' median to the last hours' (goal ≤ 10 %).
 * - `soak.handleGrowth`: open handles (sockets, timers, files) at the end minus after the first
 *   hour (goal ≤ 0).
 */

const HOURS = 8;
const ORDERS_PER_MINUTE = 2;
const AUDIT_EVERY_MIN = 30;

function gcNow(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function rssMb(): number {
  gcNow();
  return process.memoryUsage().rss / 2 ** 20;
}

/** Sockets, timers and file handles alive in this process, without the measuring itself. */
function handles(): number {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;
}

export async function runSoakBench(): Promise<Record<string, Metric>> {
  const sandbox = await startSandboxProcess(['--rate-limit', '0', '--seed', '37']);
  const dir = mkdtempSync(join(tmpdir(), 'order-desk-soak-'));
  const control = new BenchClient(sandbox.url);
  const clock = new ManualClock(Date.now());
  // Waits pass on the desk's clock at once: a day of backoffs costs no real time.
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    clock.advance(Math.max(0, ms));
    await new Promise<void>((r) => setImmediate(r));
  };
  const client = new VtexClient({ baseUrl: sandbox.url, ...sandbox.key, clock, sleep });
  const db = openDeskDb(join(dir, 'desk.db'), { clock });
  const core = createDeskCore({ db, client, clock, sleep, poller: { auditIntervalMs: 0 } });
  const slipOrder = invoicedOrder();
  let started = 0;
  let warm: { rss: number; handles: number } | null = null;
  const hourly: number[] = [];
  const t0 = performance.now();
  try {
    for (let minute = 0; minute < HOURS * 60; minute++) {
      await control.json('POST', '/_sandbox/orders', {
        count: ORDERS_PER_MINUTE,
        spec: { paymentGroup: 'creditCard', sellers: 1, status: 'ready-for-handling' },
      });
      await core.drainOnce();
      // The person at the desk handles the oldest waiting order and prints its slip.
      const next = listOrders(db, {
        statuses: ['ready-for-handling'],
        sort: 'creation_asc',
        limit: 1,
        after: null,
      }).rows[0];
      if (next) {
        await client.startHandling(next.orderId);
        started++;
      }
      await renderSlip({
        order: slipOrder,
        invoiceNumber: 'NF-12345',
        kind: 'thermal',
        locale: 'pt-BR',
        store: STORE,
      });
      if (minute % AUDIT_EVERY_MIN === AUDIT_EVERY_MIN - 1) await core.catchUp('audit');
      await control.json('POST', '/_sandbox/clock/advance', { seconds: 60 });
      clock.advance(60_000);
      if (minute % 60 === 59) hourly.push(rssMb());
      if (minute === 59) warm = { rss: hourly[0] ?? rssMb(), handles: handles() };
    }
    const end = { rss: hourly.at(-1) ?? rssMb(), handles: handles() };
    const w = warm ?? end;
    const early = median(hourly.slice(0, 3));
    const late = median(hourly.slice(-3));
    const cached = countOrders(db);
    console.log(
      `soak: ${HOURS} h in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${cached} orders ` +
        `cached, ${started} handled; RSS by hour ${hourly.map((r) => r.toFixed(0)).join(' ')} MB ` +
        `(median ${early.toFixed(1)} → ${late.toFixed(1)}), open ` +
        `handles ${w.handles} → ${end.handles}`,
    );
    return {
      'soak.rssGrowthPct': atMost(((late - early) / early) * 100, '%', 10),
      'soak.handleGrowth': atMost(end.handles - w.handles, 'handles', 0),
      'soak.rssEndMb': info(end.rss, 'MB'),
    };
  } finally {
    await core.stop();
    closeDeskDb(db);
    control.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const soakBench: BenchModule = { name: 'soak', run: runSoakBench };
