import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder, getOrderDoc } from '../../main/core/db';
import { VtexClient } from '../../main/core/vtex/client';
import { checkResources } from '../../main/core/vtex/resource-check';
import { believe, getAction, listActions, type OutboxVtex } from '../../main/core/outbox';
import {
  createOutboxDesk,
  effectsOf,
  sandboxOrder,
  sandboxOrders,
  type OutboxDesk,
} from '../helpers/outbox-desk';
import { addOrder, createDeskHarness, FLOW } from '../helpers/desk-harness';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The desk against a sandbox that behaves like a real VTEX account rather than an instant one:
 * status changes pass through VTEX's passing statuses for a few seconds, keys hold only some
 * License Manager resources, and a partial invoice sends the order back to payment-approved.
 * Nothing VTEX would accept may end in Needs attention.
 */

const DELAY = 3_000;
let sb: TestSandbox;

beforeAll(async () => {
  sb = await startSandbox({ statusDelayMs: DELAY });
});
afterAll(() => sb.close());

async function ready(desk: OutboxDesk, count = 1, spec: Record<string, unknown> = {}) {
  const docs = await sandboxOrders(sb, count, {
    sellers: 1,
    status: 'ready-for-handling',
    ...spec,
  });
  await desk.cache(docs.map((d) => d.orderId));
  return docs;
}

/** Moves sandbox time and runs its timers (passing statuses complete). */
async function advanceSandbox(ms: number): Promise<void> {
  const res = await sb.api('/_sandbox/clock/advance', { method: 'POST', json: { ms } });
  expect(res.status).toBe(200);
}

async function registerKey(appKey: string, resources: string[]) {
  const res = await sb.api('/_sandbox/keys', {
    method: 'POST',
    json: { appKey, appToken: `${appKey}-token`, resources },
  });
  expect(res.status).toBe(201);
  return { appKey, appToken: `${appKey}-token` };
}

const attention = (desk: OutboxDesk) => listActions(desk.db, { states: ['attention'] });

describe('passing statuses', () => {
  it('start handling then invoice right away: both accepted while VTEX still says start-handling', async () => {
    const desk = createOutboxDesk(sb);
    try {
      const [doc] = await ready(desk);
      if (!doc) throw new Error('no order');
      desk.act('start-handling', doc.orderId);
      desk.act('invoice', doc.orderId);
      const s = await desk.engine.drainOnce();
      expect(s).toMatchObject({ pending: 0, attention: 0 });
      expect(attention(desk)).toEqual([]);
      const vtex = await sandboxOrder(sb, doc.orderId);
      expect(vtex.status).toBe('invoice');
      expect(vtex.packageAttachment?.packages).toHaveLength(1);
      await advanceSandbox(DELAY);
      expect((await sandboxOrder(sb, doc.orderId)).status).toBe('invoiced');
      const writes = (await effectsOf(sb, doc.orderId)).map((e) => `${e.method} ${e.path}`);
      expect(writes.filter((w) => w.endsWith('/start-handling'))).toHaveLength(1);
      expect(writes.filter((w) => w.endsWith('/invoice'))).toHaveLength(1);
    } finally {
      await desk.close();
    }
  });

  it('the assumed status stays until VTEX shows it or contradicts it, not only until the first read', async () => {
    const desk = createOutboxDesk(sb, { engine: { freshForMs: 0 } });
    try {
      const [doc] = await ready(desk);
      if (!doc) throw new Error('no order');
      // VTEX took the request but a read right after still shows the order as it was.
      let lagging = true;
      const c = desk.client;
      const vtex: OutboxVtex = {
        getOrder: async (orderId) => {
          const d = await c.getOrder(orderId);
          return lagging ? { ...d, status: 'ready-for-handling' } : d;
        },
        startHandling: (o) => c.startHandling(o),
        paymentNotification: (o, p) => c.paymentNotification(o, p),
        invoice: (o, b) => c.invoice(o, b),
        patchInvoice: (o, n, b) => c.patchInvoice(o, n, b),
        putTracking: (o, n, b) => c.putTracking(o, n, b),
        cancel: (o, b) => c.cancel(o, b),
        addNote: (o, b) => c.addNote(o, b),
        getNotes: (o) => c.getNotes(o),
        previewChange: (o, b) => c.previewChange(o, b),
        requestChange: (o, b) => c.requestChange(o, b),
        listChanges: (o) => c.listChanges(o),
        retryChange: (o, r) => c.retryChange(o, r),
      };
      desk.engine.resume(vtex);
      const id = desk.act('start-handling', doc.orderId);
      await desk.engine.drainOnce();
      expect(getAction(desk.db, id)?.state).toBe('done');
      expect(getOrderDoc(desk.db, doc.orderId)?.status).toBe('ready-for-handling');
      expect(believe(desk.db, doc.orderId)?.doc.status).toBe('handling');
      expect(getAction(desk.db, id)?.confirmed).toBe(false);

      lagging = false;
      await advanceSandbox(DELAY);
      await desk.engine.drainOnce();
      expect(getOrderDoc(desk.db, doc.orderId)?.status).toBe('handling');
      expect(getAction(desk.db, id)?.confirmed).toBe(true);
    } finally {
      await desk.close();
    }
  });
});

describe('a key lacking resources', () => {
  it('403 sends that one action to Needs attention naming the resource; the rest keeps flowing', async () => {
    const key = await registerKey('vtexappkey-sandbox-NOSTART', [
      'View order',
      'List Orders',
      'Notify invoice',
    ]);
    const desk = createOutboxDesk(sb, key);
    try {
      const [a, b] = await ready(desk, 2);
      if (!a || !b) throw new Error('no orders');
      desk.act('start-handling', a.orderId);
      desk.act('invoice', b.orderId);
      const s = await desk.engine.drainOnce();
      expect(s.paused).toBeNull();
      const held = attention(desk);
      expect(held.map((x) => [x.orderId, x.kind])).toEqual([[a.orderId, 'start-handling']]);
      expect(held[0]?.lastError?.code).toBe('VTEX_FORBIDDEN');
      expect(held[0]?.lastError?.message).toContain('"Change order workflow status"');
      expect(held[0]?.lastError?.message).toMatch(/ask the store admin/i);
      expect(desk.engine.status().paused).toBeNull();
      // The invoice of the other order reached VTEX.
      expect((await sandboxOrder(sb, b.orderId)).packageAttachment?.packages).toHaveLength(1);
    } finally {
      await desk.close();
    }
  });

  it('the automatic note after start handling never holds the invoice behind it', async () => {
    const key = await registerKey('vtexappkey-sandbox-NONOTES', [
      'View order',
      'List Orders',
      'Change order workflow status',
      'Notify invoice',
    ]);
    const desk = createOutboxDesk(sb, key);
    try {
      const [doc] = await ready(desk);
      if (!doc) throw new Error('no order');
      desk.act('start-handling', doc.orderId);
      const inv = desk.act('invoice', doc.orderId);
      await desk.engine.drainOnce();
      expect(getAction(desk.db, inv)?.state).toBe('done');
      const held = attention(desk);
      expect(held.map((x) => x.kind)).toEqual(['note']);
      expect(held[0]?.lastError?.message).toContain('"Orders Full Access"');
      expect((await sandboxOrder(sb, doc.orderId)).packageAttachment?.packages).toHaveLength(1);
    } finally {
      await desk.close();
    }
  });
});

describe('partial invoices', () => {
  it('the rest is invoiced while VTEX shows payment-approved, and a return of the invoiced part goes through', async () => {
    const desk = createOutboxDesk(sb);
    try {
      const [doc] = await ready(desk, 1, { itemCount: 2 });
      if (!doc || doc.items.length < 2) throw new Error('need two lines');
      const [first, second] = doc.items;
      if (!first || !second) throw new Error('need two lines');
      desk.act('start-handling', doc.orderId);
      desk.act('invoice', doc.orderId, { items: [{ id: first.id, quantity: first.quantity }] });
      await desk.engine.drainOnce();
      await advanceSandbox(DELAY);
      expect((await sandboxOrder(sb, doc.orderId)).status).toBe('payment-approved');
      await desk.cache([doc.orderId]);
      desk.act('invoice', doc.orderId, {
        type: 'Input',
        items: [{ id: first.id, quantity: 1 }],
      });
      desk.act('invoice', doc.orderId);
      const s = await desk.engine.drainOnce();
      expect(s).toMatchObject({ pending: 0, attention: 0 });
      await advanceSandbox(DELAY);
      const vtex = await sandboxOrder(sb, doc.orderId);
      expect(vtex.status).toBe('invoiced');
      expect(vtex.packageAttachment?.packages.map((p) => p.type)).toEqual([
        'Output',
        'Input',
        'Output',
      ]);
    } finally {
      await desk.close();
    }
  });
});

describe('the feed and the catch-up', () => {
  it('a failing List orders does not hold the feed: its items are processed, the failure shown apart', async () => {
    const h = createDeskHarness(sb);
    try {
      await sb.api('/_sandbox/faults', {
        method: 'POST',
        json: { kind: 'error', status: 403, route: 'GET /api/oms/pvt/orders', id: 'no-list' },
      });
      // The feed configuration is written on the first pass; orders after it come through it.
      await h.core.drainOnce();
      const a = addOrder(sb, FLOW.ready);
      await sb.app.sandbox.feed.flush();
      await h.core.drainOnce();
      expect(getOrder(h.db, a.orderId)?.status).toBe('ready-for-handling');
      const warning = h.core.status().warnings.find((w) => w.code === 'CATCH_UP_FAILED');
      expect(warning?.message).toMatch(/List Orders/);
      expect(h.core.status().feed).toBe('ok');
    } finally {
      await sb.api('/_sandbox/faults/no-list', { method: 'DELETE' });
      await h.close();
    }
  });

  it('a 400 on several f_status values: the catch-up lists one status per call', async () => {
    const h = createDeskHarness(sb);
    try {
      await sb.api('/_sandbox/faults', {
        method: 'POST',
        json: { kind: 'error', status: 400, route: 'GET /api/oms/pvt/orders', count: 1 },
      });
      const r = await h.core.catchUp('manual');
      const lists = h.logs.filter(
        (l) => l.method === 'GET' && l.path.startsWith('/api/oms/pvt/orders?'),
      );
      const statuses = lists.map((l) => new URL(`http://x${l.path}`).searchParams.get('f_status'));
      expect(statuses[0]?.split(',').length).toBeGreaterThan(1);
      expect(statuses.slice(1).every((s) => s !== null && !s.includes(','))).toBe(true);
      expect(r.listed).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('someone else’s feed configuration: not one of its items is read or committed by the desk', async () => {
    const owner = new VtexClient({ baseUrl: sb.url, ...KEY, rateLimit: false });
    await owner.setFeedConfig({
      filter: { type: 'FromWorkflow', status: ['ready-for-handling', 'invoiced'] },
      queue: { visibilityTimeoutInSeconds: 240, MessageRetentionPeriodInSeconds: 345_600 },
    });
    const h = createDeskHarness(sb);
    try {
      const a = addOrder(sb, FLOW.ready);
      await sb.app.sandbox.feed.flush();
      await h.core.drainOnce();
      expect(h.core.status().feed).toBe('config-foreign');
      expect(h.logs.some((l) => l.path.startsWith('/api/orders/feed?'))).toBe(false);
      expect(h.logs.some((l) => l.method === 'POST' && l.path === '/api/orders/feed')).toBe(false);
      const theirs = await owner.getFeed(10);
      expect(theirs.map((i) => i.orderId)).toContain(a.orderId);
      await owner.commitFeed(theirs.map((i) => i.handle));
    } finally {
      await owner.deleteFeedConfig();
      await h.close();
    }
  });
});

describe('Settings → Test connection', () => {
  it('checks each resource the desk uses with one harmless call, and changes nothing', async () => {
    const key = await registerKey('vtexappkey-sandbox-CHECK', [
      'View order',
      'List Orders',
      'Feed v3 and Hook Admin',
      'Change order workflow status',
      'Notify invoice',
    ]);
    const client = new VtexClient({ baseUrl: sb.url, ...key, rateLimit: false, maxRetries: 0 });
    const before = (await effectsOf(sb)).length;
    const checks = await checkResources(client);
    expect(Object.fromEntries(checks.map((c) => [c.resource, c.allowed]))).toEqual({
      'View order': true,
      'List Orders': true,
      'Feed v3 and Hook Admin': true,
      'Change order workflow status': true,
      'Notify payment': false,
      'Notify invoice': true,
      'Cancel order': false,
      'Orders Full Access': false,
    });
    expect((await effectsOf(sb)).length).toBe(before);
  });
});
