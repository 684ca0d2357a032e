import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrderDocument } from '../../vtex';
import { closeDeskDb, getOrder, openDeskDb, type DeskDb } from '../../main/core/db';
import { createDeskCore, type DeskCore, type DeskCoreOptions } from '../../main/core/desk-core';
import type { CoreEvent } from '../../main/core/events';
import { VtexClient, type RequestLog, type VtexClientOptions } from '../../main/core/vtex/client';
import { minimalOrder } from './minimal-order';
import { KEY, type TestSandbox } from './sandbox';
import { virtualTime, type VirtualTime } from './virtual-time';

export interface DeskHarness {
  dir: string;
  file: string;
  vt: VirtualTime;
  db: DeskDb;
  client: VtexClient;
  core: DeskCore;
  events: CoreEvent[];
  logs: RequestLog[];
  /** Get order requests made so far. */
  orderGets(): number;
  close(): Promise<void>;
}

export interface DeskHarnessOptions {
  core?: Omit<DeskCoreOptions, 'db' | 'client' | 'clock' | 'sleep'>;
  client?: Partial<VtexClientOptions>;
  /** Real ms per virtual wait (for tests that run the loop with start()). */
  realMsPerWait?: number;
  /** Reuse a directory (a restart of the same desk). */
  dir?: string;
  /** Reuse the clock of a previous run. */
  vt?: VirtualTime;
}

/** A desk core on a temp SQLite file, talking to the test sandbox, on virtual time. */
export function createDeskHarness(sb: TestSandbox, opts: DeskHarnessOptions = {}): DeskHarness {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'order-desk-'));
  const file = join(dir, 'desk.db');
  // The desk's clock starts where the sandbox's is, as two real clocks would agree.
  const vt =
    opts.vt ??
    virtualTime(
      sb.clock.now(),
      opts.realMsPerWait !== undefined ? { realMsPerWait: opts.realMsPerWait } : {},
    );
  const db = openDeskDb(file, { clock: vt.clock });
  const logs: RequestLog[] = [];
  const client = new VtexClient({
    baseUrl: sb.url,
    appKey: KEY.appKey,
    appToken: KEY.appToken,
    clock: vt.clock,
    sleep: vt.sleep,
    random: () => 0.5,
    timeoutMs: 5000,
    onRequest: (l) => logs.push(l),
    ...opts.client,
  });
  const core = createDeskCore({ db, client, clock: vt.clock, sleep: vt.sleep, ...opts.core });
  const events: CoreEvent[] = [];
  core.subscribe((e) => events.push(e));
  return {
    dir,
    file,
    vt,
    db,
    client,
    core,
    events,
    logs,
    orderGets: () =>
      logs.filter((l) => l.method === 'GET' && /^\/api\/oms\/pvt\/orders\/[^/?]+$/.test(l.path))
        .length,
    async close() {
      await core.stop();
      closeDeskDb(db);
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The paths an order can take through VTEX's complete flow, as status lists. */
export const FLOW = {
  pending: ['payment-pending'],
  approved: ['payment-pending', 'payment-approved'],
  windowToCancel: ['payment-pending', 'payment-approved', 'window-to-cancel'],
  ready: ['payment-pending', 'payment-approved', 'window-to-cancel', 'ready-for-handling'],
  handling: [
    'payment-pending',
    'payment-approved',
    'window-to-cancel',
    'ready-for-handling',
    'start-handling',
    'handling',
  ],
  invoiced: [
    'payment-pending',
    'payment-approved',
    'window-to-cancel',
    'ready-for-handling',
    'start-handling',
    'handling',
    'invoice',
    'invoiced',
  ],
  canceled: ['payment-pending', 'payment-approved', 'cancel', 'canceled'],
} as const;

/**
 * Creates an order in the sandbox (created at `creationMs`, default the sandbox's now) and moves
 * it along `path`, one status change — and one feed event, when a feed is configured — per step.
 */
export function addOrder(
  sb: TestSandbox,
  path: readonly string[],
  creationMs?: number,
): OrderDocument {
  const ctx = sb.app.sandbox;
  const doc = minimalOrder({ nowMs: creationMs ?? ctx.clock.now(), status: 'order-created' });
  ctx.orders.insert(doc);
  return moveOrder(sb, doc.orderId, path);
}

/**
 * Moves an existing sandbox order along more statuses. The sandbox clock ticks 1 ms before each
 * change: at VTEX two changes of one order never share a `lastChange`, and the desk relies on it.
 */
export function moveOrder(
  sb: TestSandbox,
  orderId: string,
  path: readonly string[],
): OrderDocument {
  let last = sb.app.sandbox.orders.mustGet(orderId);
  for (const s of path) {
    sb.clock.advance(1);
    last = sb.app.sandbox.orders.setStatus(orderId, s);
  }
  return last;
}

/** The order ids of the items in the sandbox's feed queues (visible or not). */
export function queuedOrderIds(sb: TestSandbox): string[] {
  const rows = sb.app.sandbox.db.prepare('SELECT event FROM feed_items ORDER BY id').all() as {
    event: string;
  }[];
  return rows.map((r) => (JSON.parse(r.event) as { orderId: string }).orderId);
}

/** Whether the desk holds exactly the sandbox's current version of each order. */
export function cacheMatches(sb: TestSandbox, db: DeskDb, orderIds: readonly string[]): string[] {
  const wrong: string[] = [];
  for (const id of orderIds) {
    const truth = sb.app.sandbox.orders.get(id);
    const cached = getOrder(db, id);
    if (
      !truth ||
      !cached ||
      cached.status !== truth.status ||
      cached.lastChange !== truth.lastChange
    ) {
      wrong.push(
        `${id}: cache ${cached?.status ?? 'missing'} / sandbox ${truth?.status ?? 'missing'}`,
      );
    }
  }
  return wrong;
}

/** Advances the sandbox clock (firing its timers) and the desk's virtual clock together. */
export async function advanceBoth(sb: TestSandbox, vt: VirtualTime, ms: number): Promise<void> {
  sb.clock.advance(ms);
  await sb.app.sandbox.tick();
  vt.clock.advance(ms);
}
