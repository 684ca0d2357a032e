import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, getOrderDoc, openDeskDb, upsertOrders } from '../../main/core/db';
import {
  listActions,
  noteMarker,
  queueAction,
  type ActionRow,
  type ActionVerb,
  type Actor,
} from '../../main/core/outbox';
import { VtexClient } from '../../main/core/vtex/client';
import { DEFAULT_KEY } from '../../sandbox/state/accounts';
import { SandboxClock } from '../../sandbox/state/clock';
import type { Effect } from '../../sandbox/state/effects';
import { createOrders, type NewOrderSpec } from '../../sandbox/state/factory';
import { startSandboxServer } from '../../sandbox/server';
import { OrderDocument } from '../../vtex';

/**
 * The crash loop of issue 4, shared by test/integration/outbox-crash.test.ts (bounded) and
 * bench/outbox.ts (bigger): orders made in a real-time sandbox, a desk cache filled from it, a mix
 * of actions queued offline, then `desk:sync --once` child processes replaying them against the
 * sandbox with faults on, each SIGKILLed after a seeded random number of applied writes (often
 * between VTEX applying a write and the desk recording it), and a last run left to finish.
 * Returns what the effect log and the cache say; the caller asserts.
 */

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const WRITES = '/^(POST|PATCH|PUT) \\/api\\/(oms\\/pvt\\/orders\\/.+|do\\/notes$)/';

export const CRASH_FAULTS: Record<string, unknown>[] = [
  { kind: 'applyThenDrop', route: WRITES, probability: 0.06 },
  { kind: 'error', status: 500, route: WRITES, probability: 0.03 },
  { kind: 'error', status: 503, route: '*', probability: 0.03 },
  { kind: 'reset', route: '*', probability: 0.02 },
  { kind: 'latency', ms: 15, route: '*', probability: 0.1 },
];

/** mulberry32: the kill points are random but the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface CrashLoopOptions {
  /**
   * Orders per chain: ready → start-handling, invoice, delivered (3 actions); cancel → note,
   * cancel (2); handling → partial invoice, tracking number, the rest, note (4); cash → payment,
   * note (2).
   */
  orders: { ready: number; cancel: number; handling: number; cash: number };
  kills: number;
  seed: number;
  /** Kill after 1..maxWritesPerRun applied writes. */
  maxWritesPerRun?: number;
  finalTimeoutMs?: number;
}

export interface CrashLoopReport {
  actions: number;
  rows: number;
  kills: number;
  /** Runs that ended by themselves before their kill point (exit code and output tail). */
  earlyExits: string[];
  finalExit: number | null;
  finalOutput: string;
  /** Outbox rows not done at the end. */
  notDone: string[];
  /** Effect keys whose count differs from the outbox (duplicates or losses). */
  diff: string[];
  duplicates: number;
  lost: number;
  effects: number;
  /** Effects VTEX accepted without a change (a resend of an invoice number, for one). */
  unchanged: number;
  foundAtVtex: number;
  cacheMismatches: string[];
  durationMs: number;
}

/** What one effect at VTEX is, as a key both the effect log and an outbox row produce. */
export function effectKey(e: Pick<Effect, 'method' | 'path' | 'body'>): string {
  if (e.method === 'POST' && e.path === '/api/do/notes') {
    const body = (e.body ?? {}) as { target?: { id?: unknown }; description?: unknown };
    const marker = /\[desk:[^\]]+\]/.exec(String(body.description));
    return `${String(body.target?.id)} note ${marker?.[0] ?? '?'}`;
  }
  const m = /^\/api\/oms\/pvt\/orders\/([^/]+)\/(.+)$/.exec(e.path);
  if (!m) return `other ${e.method} ${e.path}`;
  const [, orderId, rest = ''] = m;
  const body = (e.body ?? {}) as Record<string, unknown>;
  if (rest === 'start-handling') return `${orderId} start-handling`;
  if (rest === 'cancel') return `${orderId} cancel`;
  if (rest === 'invoice') return `${orderId} invoice ${String(body.invoiceNumber)}`;
  const pay = /^payments\/([^/]+)\/payment-notification$/.exec(rest);
  if (pay) return `${orderId} payment ${pay[1]}`;
  const events = /^invoice\/([^/]+)\/tracking$/.exec(rest);
  if (events) return `${orderId} tracking-events ${decodeURIComponent(events[1] ?? '')}`;
  const patch = /^invoice\/([^/]+)$/.exec(rest);
  if (patch && e.method === 'PATCH') {
    return `${orderId} tracking ${decodeURIComponent(patch[1] ?? '')} ${String(body.trackingNumber)}`;
  }
  return `${orderId} ${e.method} ${rest}`;
}

export function actionKey(a: ActionRow): string {
  const r = a.request;
  switch (r.kind) {
    case 'start-handling':
      return `${a.orderId} start-handling`;
    case 'cancel':
      return `${a.orderId} cancel`;
    case 'invoice':
      return `${a.orderId} invoice ${r.body.invoiceNumber}`;
    case 'note':
      return `${a.orderId} note ${noteMarker(a.id)}`;
    case 'record-payment':
      return `${a.orderId} payment ${r.target}`;
    case 'tracking-events':
      return `${a.orderId} tracking-events ${r.target}`;
    case 'tracking':
      return `${a.orderId} tracking ${r.target} ${String(r.body.trackingNumber)}`;
    case 'change':
      return `${a.orderId} change ${noteMarker(a.id)}`;
  }
}

function count(keys: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

export async function runCrashLoop(opts: CrashLoopOptions): Promise<CrashLoopReport> {
  const t0 = performance.now();
  const random = rng(opts.seed);
  // Real time: the desk:sync children run on the wall clock, and every write must move the
  // order's lastChange (the cache keeps the newest).
  const sb = await startSandboxServer({
    clock: new SandboxClock(),
    rateLimitPerMinute: 600_000,
    seed: opts.seed,
    tickIntervalMs: 0,
  });
  const dir = mkdtempSync(join(tmpdir(), 'outbox-crash-'));
  const file = join(dir, 'desk.db');
  try {
    const ctx = sb.app.sandbox;
    const make = (n: number, spec: NewOrderSpec) =>
      Array.from({ length: n }, () => createOrders(ctx, { sellers: 1, ...spec })).flat();
    const ready = make(opts.orders.ready, { status: 'ready-for-handling' });
    const toCancel = make(opts.orders.cancel, { status: 'ready-for-handling' });
    // Without a promotion: a partial invoice at the item's price must fit in the order value.
    const handling = make(opts.orders.handling, {
      status: 'handling',
      itemCount: 2,
      discount: false,
    });
    const cash = make(opts.orders.cash, { status: 'payment-pending', paymentGroup: 'promissory' });
    const all = [...ready, ...toCancel, ...handling, ...cash];

    // The cache, filled from the sandbox; then everything is queued with the network "off".
    const clock = new ManualClock(Date.now());
    const db = openDeskDb(file, { clock });
    const client = new VtexClient({
      baseUrl: sb.url,
      ...DEFAULT_KEY,
      rateLimit: false,
    });
    upsertOrders(db, await Promise.all(all.map((o) => client.getOrder(o.orderId))));
    const actor: Actor = { station: 'Packing 1', operator: 'Ana', clock, utcOffsetMinutes: -180 };
    let actions = 0;
    const act = (verb: ActionVerb, orderId: string, data?: unknown) => {
      clock.advance(1);
      const r = queueAction(db, actor, { verb, orderId, data });
      if (!r.ok) throw new Error(`${verb} ${orderId}: ${r.refusal.code} ${r.refusal.message}`);
      actions++;
    };
    for (const o of ready) {
      act('start-handling', o.orderId);
      act('invoice', o.orderId, { trackingNumber: `BR${o.sequence}`, courier: 'Correios' });
      act('tracking', o.orderId, {
        isDelivered: true,
        events: [{ description: 'Entregue', date: '2026-11-28T10:00:00-03:00' }],
      });
    }
    for (const o of toCancel) {
      act('note', o.orderId, { message: 'Cliente pediu cancelamento por telefone' });
      act('cancel', o.orderId, { reason: 'Pedido do cliente' });
    }
    for (const o of handling) {
      const first = o.items[0];
      if (!first) throw new Error('an item expected');
      act('invoice', o.orderId, { items: [{ id: first.id, quantity: first.quantity }] });
      act('tracking', o.orderId, { trackingNumber: `P${o.sequence}`, courier: 'Jadlog' });
      act('invoice', o.orderId);
      act('note', o.orderId, { message: 'Faturado em duas notas' });
    }
    for (const o of cash) {
      act('record-payment', o.orderId);
      act('note', o.orderId, { message: 'Pago em dinheiro no balcão' });
    }
    const rows = listActions(db).length;
    closeDeskDb(db);

    for (const f of CRASH_FAULTS) ctx.faults.add(f);

    const effectCount = () =>
      (ctx.db.prepare('SELECT count(*) AS n FROM effects').get() as { n: number }).n;
    const spawnSync = () => {
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          'scripts/desk-sync.ts',
          '--base-url',
          sb.url,
          '--app-key',
          DEFAULT_KEY.appKey,
          '--db',
          file,
          '--once',
          '--settle-ms',
          '200',
          '--backoff-ms',
          '50',
          '--max-idle-ms',
          '50',
          '--rate-limit',
          '300000',
        ],
        {
          cwd: ROOT,
          env: { ...process.env, ORDER_DESK_APP_TOKEN: DEFAULT_KEY.appToken },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const output: string[] = [];
      child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
      child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      return { child, output, exited };
    };

    let kills = 0;
    const earlyExits: string[] = [];
    const maxWrites = opts.maxWritesPerRun ?? 60;
    // A run that fails by itself (reported in earlyExits) does not count as a kill.
    for (let run = 0; kills < opts.kills && run < opts.kills * 2; run++) {
      const before = effectCount();
      const n = 1 + Math.floor(random() * maxWrites);
      const p = spawnSync();
      let exited = false;
      void p.exited.then(() => (exited = true));
      while (!exited && effectCount() - before < n) await new Promise((r) => setTimeout(r, 2));
      if (exited) {
        const code = await p.exited;
        earlyExits.push(`exit ${code}: ${p.output.join('').slice(-600)}`);
        // Everything was sent before the kill point came: the loop is over.
        if (code === 0) break;
        continue;
      }
      p.child.kill('SIGKILL');
      kills++;
      await p.exited;
    }

    const last = spawnSync();
    const timer = setTimeout(() => last.child.kill('SIGKILL'), opts.finalTimeoutMs ?? 60_000);
    const finalExit = await last.exited;
    clearTimeout(timer);

    const effects = ctx.effects
      .list()
      .filter((e) => e.path.startsWith('/api/oms/pvt/orders/') || e.path === '/api/do/notes');
    const got = count(effects.map(effectKey));
    const check = openDeskDb(file);
    try {
      const done = listActions(check, { states: ['queued', 'sending', 'attention', 'done'] });
      const want = count(done.map(actionKey));
      let duplicates = 0;
      let lost = 0;
      const diff = [...new Set([...got.keys(), ...want.keys()])]
        .filter((k) => got.get(k) !== want.get(k))
        .map((k) => {
          const g = got.get(k) ?? 0;
          const w = want.get(k) ?? 0;
          if (g > w) duplicates += g - w;
          else lost += w - g;
          return `${k}: applied ${g}×, expected ${w}×`;
        });
      const cacheMismatches = all
        .map((o) => {
          // Read the way the desk reads it (the shared schema), then compared whole.
          const raw = ctx.orders.get(o.orderId);
          const truth = raw ? OrderDocument.parse(raw) : undefined;
          const cached = getOrderDoc(check, o.orderId);
          return truth && cached && isDeepStrictEqual(truth, cached)
            ? null
            : `${o.orderId}: cache ${cached?.status} / VTEX ${truth?.status}`;
        })
        .filter((x): x is string => x !== null);
      return {
        actions,
        rows,
        kills,
        earlyExits,
        finalExit,
        finalOutput: last.output.join(''),
        notDone: done.filter((a) => a.state !== 'done').map((a) => `${a.id} ${a.state}`),
        diff,
        duplicates,
        lost,
        effects: effects.length,
        unchanged: effects.filter((e) => !e.changed).length,
        foundAtVtex: done.filter((a) => a.outcome === 'found-at-vtex').length,
        cacheMismatches,
        durationMs: performance.now() - t0,
      };
    } finally {
      closeDeskDb(check);
    }
  } finally {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
