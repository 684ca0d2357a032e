import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getOrderDoc } from '../../main/core/db';
import {
  discardAction,
  getAction,
  getLocalState,
  queueAction,
  type ActionVerb,
  type OutboxStatus,
} from '../../main/core/outbox';
import { durably, markSending } from '../../main/core/outbox/store';
import { VtexClient } from '../../main/core/vtex/client';
import type { OrderDocument } from '../../vtex';
import {
  addFault,
  clearFaults,
  createOutboxDesk,
  effectsOf,
  sandboxOrder,
  sandboxOrders,
  type EffectEntry,
  type OutboxDesk,
} from '../helpers/outbox-desk';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The outcome classes of the sync engine against the sandbox's faults: ambiguous (the write may
 * have been applied: the response is dropped after the write, the connection resets, a 500, a
 * timeout, a crash after the `sending` mark), transient (503, 429 with Retry-After, an outage),
 * permanent (VTEX's rules) and credentials (401). In every case the effect log shows exactly one
 * effect per action.
 */

let sb: TestSandbox;
let desk: OutboxDesk;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => {
  desk = createOutboxDesk(sb);
});
afterEach(async () => {
  await clearFaults(sb);
  await desk.close();
});

async function order(spec: Record<string, unknown>, d: OutboxDesk = desk): Promise<OrderDocument> {
  const [doc] = await sandboxOrders(sb, 1, { sellers: 1, ...spec });
  if (!doc) throw new Error('no order created');
  await d.cache([doc.orderId]);
  return doc;
}

const ofPath = (effects: EffectEntry[], method: string, end: RegExp) =>
  effects.filter((e) => e.method === method && end.test(e.path));

interface WriteCase {
  name: string;
  spec: Record<string, unknown>;
  /** Actions queued and synced before the one under test (e.g. the invoice to track). */
  before?: [ActionVerb, unknown][];
  verb: ActionVerb;
  data?: unknown;
  route: string;
  method: string;
  path: RegExp;
}

const WRITES: WriteCase[] = [
  {
    name: 'start-handling',
    spec: { status: 'ready-for-handling' },
    verb: 'start-handling',
    route: 'POST /api/oms/pvt/orders/*/start-handling',
    method: 'POST',
    path: /\/start-handling$/,
  },
  {
    name: 'payment notification',
    spec: { status: 'payment-pending', paymentGroup: 'promissory' },
    verb: 'record-payment',
    route: 'POST /api/oms/pvt/orders/*/payments/*/payment-notification',
    method: 'POST',
    path: /\/payment-notification$/,
  },
  {
    name: 'invoice',
    spec: { status: 'handling' },
    verb: 'invoice',
    data: { invoiceNumber: 'NF-A1' },
    route: 'POST /api/oms/pvt/orders/*/invoice',
    method: 'POST',
    path: /\/invoice$/,
  },
  {
    name: 'tracking number (PATCH invoice)',
    spec: { status: 'handling' },
    before: [['invoice', { invoiceNumber: 'NF-A2' }]],
    verb: 'tracking',
    data: { invoiceNumber: 'NF-A2', trackingNumber: 'BR-A2', courier: 'Correios' },
    route: 'PATCH /api/oms/pvt/orders/*/invoice/*',
    method: 'PATCH',
    path: /\/invoice\/NF-A2$/,
  },
  {
    name: 'tracking events (PUT tracking)',
    spec: { status: 'handling' },
    before: [['invoice', { invoiceNumber: 'NF-A3', trackingNumber: 'BR-A3' }]],
    verb: 'tracking',
    data: {
      invoiceNumber: 'NF-A3',
      isDelivered: true,
      events: [{ description: 'Entregue ao destinatário', date: '2026-11-28T10:00:00-03:00' }],
    },
    route: 'PUT /api/oms/pvt/orders/*/invoice/*/tracking',
    method: 'PUT',
    path: /\/tracking$/,
  },
  {
    name: 'cancel',
    spec: { status: 'ready-for-handling' },
    verb: 'cancel',
    data: { reason: 'Cliente desistiu' },
    route: 'POST /api/oms/pvt/orders/*/cancel',
    method: 'POST',
    path: /\/cancel$/,
  },
  {
    name: 'note (VTEX DO)',
    spec: { status: 'handling' },
    verb: 'note',
    data: { message: 'Embalar com cuidado' },
    route: 'POST /api/do/notes',
    method: 'POST',
    path: /\/api\/do\/notes$/,
  },
];

describe('apply then drop the response, for every write endpoint', () => {
  for (const w of WRITES) {
    it(`${w.name}: settled by reading the order back, never sent twice`, async () => {
      const o = await order(w.spec);
      for (const [verb, data] of w.before ?? []) desk.act(verb, o.orderId, data);
      await desk.engine.drainOnce();
      const id = desk.act(w.verb, o.orderId, w.data);
      await addFault(sb, { kind: 'applyThenDrop', route: w.route, count: 1 });

      await desk.engine.drainOnce();
      // VTEX applied it, the desk does not know: in doubt, waiting out the settle delay.
      expect(getAction(desk.db, id)).toMatchObject({ state: 'queued', inDoubt: true, attempts: 1 });
      expect(ofPath(await effectsOf(sb, o.orderId), w.method, w.path)).toHaveLength(1);
      await desk.engine.drainOnce();
      expect(getAction(desk.db, id)?.state).toBe('queued');

      desk.vt.clock.advance(2000);
      await desk.engine.drainOnce();
      expect(getAction(desk.db, id)).toMatchObject({
        state: 'done',
        outcome: 'found-at-vtex',
        attempts: 1,
      });
      expect(ofPath(await effectsOf(sb, o.orderId), w.method, w.path)).toHaveLength(1);
      expect(getLocalState(desk.db, o.orderId)).toBeUndefined();
      expect(getOrderDoc(desk.db, o.orderId)?.lastChange).toBe(
        (await sandboxOrder(sb, o.orderId)).lastChange,
      );
    });
  }
});

describe('notes (VTEX DO) whose answer is lost', () => {
  const notesOf = async (orderId: string) =>
    (await (await sb.api(`/api/do/notes?target.id=${orderId}`)).json()) as {
      description: string;
    }[];

  it('the note landed: found among the order notes by its marker, exactly one note', async () => {
    const o = await order({ status: 'handling' });
    const id = desk.act('note', o.orderId, { message: 'Cliente retira amanhã' });
    await addFault(sb, { kind: 'applyThenDrop', route: 'POST /api/do/notes', count: 1 });
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({ state: 'queued', inDoubt: true });
    desk.vt.clock.advance(2000);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({ state: 'done', outcome: 'found-at-vtex' });
    expect(desk.requests('GET', /\/api\/do\/notes\?target\.id=/).length).toBeGreaterThan(0);
    const notes = await notesOf(o.orderId);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.description).toContain(`[desk:${id}]`);
  });

  it('the note did not land: not among the notes, sent once more, exactly one note', async () => {
    const o = await order({ status: 'handling' });
    const id = desk.act('note', o.orderId, { message: 'Embalar para presente' });
    await addFault(sb, { kind: 'reset', route: 'POST /api/do/notes', count: 1 });
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({ state: 'queued', inDoubt: true });
    desk.vt.clock.advance(2000);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({ state: 'done', outcome: 'applied' });
    expect((await notesOf(o.orderId)).map((n) => n.description)).toEqual([
      `Order Desk (Packing 1, Ana): Embalar para presente [desk:${id}]`,
    ]);
  });

  it('the notes cannot be listed: Needs attention, never sent a second time', async () => {
    const o = await order({ status: 'handling' });
    const id = desk.act('note', o.orderId, { message: 'Frágil' });
    await addFault(sb, { kind: 'applyThenDrop', route: 'POST /api/do/notes', count: 1 });
    await addFault(sb, { kind: 'error', status: 404, route: 'GET /api/do/notes' });
    await desk.engine.drainOnce();
    desk.vt.clock.advance(2000);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({
      state: 'attention',
      lastError: { code: 'SYNC_UNCONFIRMED' },
    });
    expect(ofPath(await effectsOf(sb, o.orderId), 'POST', /\/api\/do\/notes$/)).toHaveLength(1);
  });
});

describe('ambiguous failures where the write did NOT land', () => {
  it('a reset before the route ran: read back, not there, sent once more', async () => {
    const o = await order({ status: 'handling' });
    const id = desk.act('invoice', o.orderId, { invoiceNumber: 'NF-R1' });
    await addFault(sb, { kind: 'reset', route: 'POST /api/oms/pvt/orders/*/invoice', count: 1 });
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({ state: 'queued', inDoubt: true });
    expect(ofPath(await effectsOf(sb, o.orderId), 'POST', /\/invoice$/)).toHaveLength(0);
    desk.vt.clock.advance(2000);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({
      state: 'done',
      outcome: 'applied',
      attempts: 2,
    });
    expect(ofPath(await effectsOf(sb, o.orderId), 'POST', /\/invoice$/)).toHaveLength(1);
  });

  it('a 500 may have been applied: the order is read before the resend', async () => {
    const o = await order({ status: 'ready-for-handling' });
    const id = desk.act('start-handling', o.orderId);
    await addFault(sb, {
      kind: 'error',
      status: 500,
      route: 'POST /api/oms/pvt/orders/*/start-handling',
      count: 1,
    });
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)).toMatchObject({
      inDoubt: true,
      lastError: { code: 'VTEX_SERVER', status: 500 },
    });
    desk.vt.clock.advance(2000);
    const getsBefore = desk.requests('GET', /\/orders\/[^/]+$/).length;
    await desk.engine.drainOnce();
    expect(desk.requests('GET', /\/orders\/[^/]+$/).length).toBeGreaterThan(getsBefore);
    expect(getAction(desk.db, id)).toMatchObject({ state: 'done', outcome: 'applied' });
    const effects = await effectsOf(sb, o.orderId);
    expect(ofPath(effects, 'POST', /\/start-handling$/)).toHaveLength(1);
    expect(ofPath(effects, 'POST', /\/api\/do\/notes$/)).toHaveLength(1);
  });

  it('a crash after the durable `sending` mark: a restarted engine checks before sending', async () => {
    const applied = await order({ status: 'handling' });
    const lost = await order({ status: 'handling' });
    const a1 = desk.act('invoice', applied.orderId, { invoiceNumber: 'NF-C1' });
    const a2 = desk.act('invoice', lost.orderId, { invoiceNumber: 'NF-C2' });
    // The process marked both as sending; only the first request reached VTEX before it died.
    durably(desk.db, () => {
      markSending(desk.db, a1, desk.vt.clock.now());
      markSending(desk.db, a2, desk.vt.clock.now());
    });
    const body = getAction(desk.db, a1)?.request.body;
    const res = await sb.api(`/api/oms/pvt/orders/${applied.orderId}/invoice`, {
      method: 'POST',
      json: body,
    });
    expect(res.status).toBe(200);

    await desk.engine.drainOnce();
    expect(getAction(desk.db, a1)).toMatchObject({ state: 'done', outcome: 'found-at-vtex' });
    expect(getAction(desk.db, a2)).toMatchObject({ state: 'done', outcome: 'applied' });
    expect(ofPath(await effectsOf(sb, applied.orderId), 'POST', /\/invoice$/)).toHaveLength(1);
    expect(ofPath(await effectsOf(sb, lost.orderId), 'POST', /\/invoice$/)).toHaveLength(1);
  });

  it('a timeout: in doubt, read back after the settle delay, then sent once', async () => {
    const slow = createOutboxDesk(sb, { client: { timeoutMs: 150 } });
    try {
      const o = await order({ status: 'ready-for-handling' }, slow);
      const id = slow.act('cancel', o.orderId, { reason: 'Pedido duplicado' });
      await addFault(sb, {
        kind: 'latency',
        ms: 400,
        route: 'POST /api/oms/pvt/orders/*/cancel',
        count: 1,
      });
      await slow.engine.drainOnce();
      expect(getAction(slow.db, id)).toMatchObject({
        inDoubt: true,
        lastError: { code: 'VTEX_TIMEOUT' },
      });
      slow.vt.clock.advance(2000);
      await slow.engine.drainOnce();
      expect(getAction(slow.db, id)).toMatchObject({ state: 'done', attempts: 2 });
      // The sandbox drops a request whose client went away; had it applied it late, the resend
      // would have been refused (already canceled) and settled as found-at-vtex. Either way: one.
      await new Promise((r) => setTimeout(r, 450));
      expect(ofPath(await effectsOf(sb, o.orderId), 'POST', /\/cancel$/)).toHaveLength(1);
    } finally {
      await slow.close();
    }
  });
});

describe('transient failures', () => {
  it('503 is not ambiguous: retried after a backoff without reading the order first', async () => {
    const o = await order({ status: 'handling' });
    const id = desk.act('note', o.orderId, { message: 'Retirar no balcão' });
    await addFault(sb, {
      kind: 'error',
      status: 503,
      route: 'POST /api/do/notes',
      count: 2,
    });
    await desk.engine.drainOnce();
    const t0 = desk.vt.clock.now();
    expect(getAction(desk.db, id)).toMatchObject({ state: 'queued', inDoubt: false, attempts: 1 });
    // base 1 s · 2^0 with jitter 0.75 (random 0.5).
    expect(getAction(desk.db, id)?.nextAttemptAt).toBe(t0 + 750);
    desk.vt.clock.advance(750);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)?.nextAttemptAt).toBe(t0 + 750 + 1500);
    desk.vt.clock.advance(1500);
    const gets = desk.requests('GET', /\/api\/do\/notes\?/).length;
    await desk.engine.drainOnce();
    expect(desk.requests('GET', /\/api\/do\/notes\?/).length).toBe(gets);
    expect(getAction(desk.db, id)).toMatchObject({ state: 'done', attempts: 3 });
    expect(ofPath(await effectsOf(sb, o.orderId), 'POST', /\/api\/do\/notes$/)).toHaveLength(1);
  });

  it('429 with Retry-After holds every lane until then, without a storm', async () => {
    const docs = await sandboxOrders(sb, 3, { sellers: 1, status: 'handling' });
    await desk.cache(docs.map((d) => d.orderId));
    const limited = createOutboxDesk(sb, { engine: { concurrency: 1 } });
    try {
      await limited.cache(docs.map((d) => d.orderId));
      const ids = docs.map((d) => limited.act('note', d.orderId, { message: 'x' }));
      await addFault(sb, {
        kind: 'rate429',
        retryAfterSeconds: 30,
        route: 'POST /api/do/notes',
        count: 1,
      });
      const t0 = limited.vt.clock.now();
      await limited.engine.drainOnce();
      expect(limited.engine.status().rateLimitedUntil).toBe(t0 + 30_000);
      expect(ids.map((i) => getAction(limited.db, i)?.state)).toEqual([
        'queued',
        'queued',
        'queued',
      ]);
      expect(limited.requests('POST', /\/api\/do\/notes$/)).toHaveLength(1);
      limited.vt.clock.advance(29_000);
      await limited.engine.drainOnce();
      expect(limited.requests('POST', /\/api\/do\/notes$/)).toHaveLength(1);
      limited.vt.clock.advance(1_000);
      await limited.engine.drainOnce();
      expect(ids.map((i) => getAction(limited.db, i)?.state)).toEqual(['done', 'done', 'done']);
      expect(limited.requests('POST', /\/api\/do\/notes$/)).toHaveLength(4);
    } finally {
      await limited.close();
    }
  });

  it('an outage: offline, nothing lost, and reconnecting drains at once', async () => {
    const o = await order({ status: 'ready-for-handling' });
    const id = desk.act('start-handling', o.orderId);
    sb.app.sandbox.faults.startOutage({ seconds: 60 });
    try {
      // The kept-alive connection is cut under the request (it may have landed: in doubt) ...
      await desk.engine.drainOnce();
      expect(getAction(desk.db, id)).toMatchObject({ state: 'queued', inDoubt: true });
      // ... and reading the order back finds no server at all: offline.
      desk.vt.clock.advance(2000);
      await desk.engine.drainOnce();
      expect(desk.engine.status()).toMatchObject({ online: false, pending: 2 });
      desk.vt.clock.advance(60_000);
      await desk.engine.drainOnce();
      expect(desk.engine.status().online).toBe(false);
      expect(getAction(desk.db, id)).toMatchObject({ state: 'queued', attempts: 1 });
    } finally {
      await sb.app.sandbox.faults.endOutage();
    }
    // The probe finds VTEX again, the order is read back (not started), and sent once.
    await desk.engine.drainOnce();
    expect(desk.engine.status()).toMatchObject({ online: true, pending: 0 });
    expect(getAction(desk.db, id)).toMatchObject({
      state: 'done',
      outcome: 'applied',
      attempts: 2,
    });
    const statuses = desk.events
      .filter(
        (e): e is { type: 'outbox-status'; status: OutboxStatus } => e.type === 'outbox-status',
      )
      .map((e) => e.status.online);
    expect(statuses).toContain(false);
    expect(statuses.at(-1)).toBe(true);
    expect(ofPath(await effectsOf(sb, o.orderId), 'POST', /\/start-handling$/)).toHaveLength(1);
  });
});

describe('credentials', () => {
  it('401 pauses sending and keeps every action; new credentials resume it', async () => {
    const o = await order({ status: 'handling' });
    const bad = new VtexClient({
      baseUrl: sb.url,
      appKey: KEY.appKey,
      appToken: 'expired-token',
      clock: desk.vt.clock,
      sleep: desk.vt.sleep,
      rateLimit: false,
    });
    desk.engine.resume(bad);
    const id = desk.act('note', o.orderId, { message: 'pago no balcão' });
    await desk.engine.drainOnce();
    expect(desk.engine.status()).toMatchObject({ paused: 'credentials', pending: 1 });
    expect(getAction(desk.db, id)).toMatchObject({
      state: 'queued',
      inDoubt: false,
      lastError: { code: 'VTEX_UNAUTHORIZED', status: 401 },
    });
    // Paused: another pass sends nothing.
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)?.attempts).toBe(1);
    desk.engine.resume(desk.client);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, id)?.state).toBe('done');
    expect(ofPath(await effectsOf(sb, o.orderId), 'POST', /\/api\/do\/notes$/)).toHaveLength(1);
  });
});

describe('permanent rejection', () => {
  it('VTEX refuses: Needs attention with its reason, optimistic state rolled back, chain held', async () => {
    const o = await order({ status: 'ready-for-handling' });
    const start = desk.act('start-handling', o.orderId);
    const inv = desk.act('invoice', o.orderId);
    expect(getLocalState(desk.db, o.orderId)?.status).toBe('invoiced');
    // Someone cancels the order at VTEX; this desk's cache does not know yet.
    const res = await sb.api(`/api/oms/pvt/orders/${o.orderId}/cancel`, {
      method: 'POST',
      json: { reason: 'Fraude' },
    });
    expect(res.status).toBe(200);

    await desk.engine.drainOnce();
    expect(getAction(desk.db, start)).toMatchObject({
      state: 'attention',
      lastError: { code: 'ORDER_NOT_READY_FOR_HANDLING', status: 409, vtexCode: 'OMS003' },
    });
    expect(getAction(desk.db, start)?.lastError?.message).toContain('"canceled"');
    expect(getAction(desk.db, inv)?.state).toBe('queued');
    expect(getLocalState(desk.db, o.orderId)).toMatchObject({ status: 'canceled', attention: 1 });
    expect(desk.engine.status()).toMatchObject({ attention: 1, pending: 2, blocked: 2 });
    // What waits behind Needs attention does not hold a drain (`desk:sync --once`) either.
    expect(await desk.engine.runUntilDrained()).toMatchObject({
      pending: 2,
      attention: 1,
      blocked: 2,
    });
    const effects = await effectsOf(sb, o.orderId);
    expect(effects.map((e) => e.path.split('/').at(-1))).toEqual(['cancel']);

    // Discarding the start releases the chain; the invoice is then refused by the rules on the
    // refreshed order without being sent.
    expect(
      queueAction(desk.db, desk.actor, {
        verb: 'note',
        orderId: o.orderId,
        data: { message: 'ok' },
      }).ok,
    ).toBe(true);
    expect(discardAction(desk.db, desk.vt.clock, start, 'order canceled at VTEX').ok).toBe(true);
    await desk.engine.drainOnce();
    expect(getAction(desk.db, inv)).toMatchObject({
      state: 'attention',
      lastError: { code: 'ORDER_CANCELED' },
    });
    expect((await effectsOf(sb, o.orderId)).map((e) => e.path.split('/').at(-1))).toEqual([
      'cancel',
    ]);
  });
});
