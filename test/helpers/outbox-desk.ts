import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import {
  queueAction,
  SyncEngine,
  type Actor,
  type ActionVerb,
  type OutboxEvent,
  type SyncEngineOptions,
} from '../../main/core/outbox';
import { VtexClient, type RequestLog, type VtexClientOptions } from '../../main/core/vtex/client';
import { KEY, type TestSandbox } from './sandbox';
import { virtualTime, type VirtualTime } from './virtual-time';

/** One entry of the sandbox's effect log (GET /_sandbox/effects). */
export interface EffectEntry {
  id: number;
  method: string;
  path: string;
  orderId: string | null;
  status: number;
  changed: boolean;
  body: unknown;
  appKey: string | null;
}

export async function sandboxOrders(
  sb: TestSandbox,
  count: number,
  spec: Record<string, unknown> = {},
): Promise<OrderDocument[]> {
  const res = await sb.api('/_sandbox/orders', { method: 'POST', json: { count, spec } });
  expect(res.status).toBe(201);
  return (await res.json()) as OrderDocument[];
}

export async function effectsOf(sb: TestSandbox, orderId?: string): Promise<EffectEntry[]> {
  const res = await sb.api(
    `/_sandbox/effects${orderId ? `?orderId=${encodeURIComponent(orderId)}` : ''}`,
  );
  expect(res.status).toBe(200);
  return (await res.json()) as EffectEntry[];
}

export async function addFault(sb: TestSandbox, rule: Record<string, unknown>): Promise<void> {
  const res = await sb.api('/_sandbox/faults', { method: 'POST', json: rule });
  expect(res.status).toBe(201);
}

export async function clearFaults(sb: TestSandbox): Promise<void> {
  await sb.api('/_sandbox/faults', { method: 'DELETE' });
}

/** The order as the sandbox holds it now (no desk involved). */
export async function sandboxOrder(sb: TestSandbox, orderId: string): Promise<OrderDocument> {
  const res = await sb.api(`/api/oms/pvt/orders/${encodeURIComponent(orderId)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as OrderDocument;
}

export interface OutboxDesk {
  dir: string;
  file: string;
  db: DeskDb;
  vt: VirtualTime;
  client: VtexClient;
  engine: SyncEngine;
  actor: Actor;
  events: OutboxEvent[];
  logs: RequestLog[];
  /** Fetches the orders from the sandbox into the desk's cache, as the feed would. */
  cache(orderIds: string[]): Promise<void>;
  /** Queues an action (throws on a refusal) and returns its id. */
  act(verb: ActionVerb, orderId: string, data?: unknown): string;
  /** Requests the desk made, by method and path suffix. */
  requests(method: string, pathEnd: RegExp): RequestLog[];
  close(): Promise<void>;
}

export interface OutboxDeskOptions {
  station?: string;
  operator?: string;
  appKey?: string;
  appToken?: string;
  client?: Partial<VtexClientOptions>;
  engine?: Partial<SyncEngineOptions>;
}

/**
 * A desk (cache + outbox + sync engine) on a temp SQLite file, talking to the test sandbox on
 * virtual time: the client's waits move the desk clock instead of sleeping.
 */
export function createOutboxDesk(sb: TestSandbox, opts: OutboxDeskOptions = {}): OutboxDesk {
  const dir = mkdtempSync(join(tmpdir(), 'outbox-desk-'));
  const file = join(dir, 'desk.db');
  const vt = virtualTime(sb.clock.now());
  const db = openDeskDb(file, { clock: vt.clock });
  const logs: RequestLog[] = [];
  const appKey = opts.appKey ?? KEY.appKey;
  const appToken = opts.appToken ?? KEY.appToken;
  const client = new VtexClient({
    baseUrl: sb.url,
    appKey,
    appToken,
    clock: vt.clock,
    sleep: vt.sleep,
    random: () => 0.5,
    timeoutMs: 3000,
    rateLimit: false,
    // Real time passes between two requests: at VTEX two versions of an order never share a
    // lastChange, and the cache relies on it (newest wins). The sandbox clock is frozen in tests.
    fetch: (input, init) => {
      sb.clock.advance(1);
      return fetch(input, init);
    },
    onRequest: (l) => logs.push(l),
    ...opts.client,
  });
  const events: OutboxEvent[] = [];
  const engine = new SyncEngine({
    db,
    vtex: client,
    clock: vt.clock,
    sleep: vt.sleep,
    random: () => 0.5,
    settleMs: 2000,
    onEvent: (e) => events.push(e),
    onError: (err) => {
      throw err;
    },
    ...opts.engine,
  });
  const actor: Actor = {
    station: opts.station ?? 'Packing 1',
    operator: opts.operator ?? 'Ana',
    clock: vt.clock,
    utcOffsetMinutes: -180,
  };
  return {
    dir,
    file,
    db,
    vt,
    client,
    engine,
    actor,
    events,
    logs,
    async cache(orderIds) {
      const docs = await Promise.all(orderIds.map((id) => client.getOrder(id)));
      upsertOrders(db, docs);
    },
    act(verb, orderId, data) {
      const r = queueAction(db, actor, { verb, orderId, data });
      if (!r.ok) throw new Error(`refused ${r.refusal.code}: ${r.refusal.message}`);
      return r.actionId;
    },
    requests(method, pathEnd) {
      return logs.filter((l) => l.method === method && pathEnd.test(l.path));
    },
    async close() {
      await engine.stop();
      closeDeskDb(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
