import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxContext } from '../../sandbox/context';
import { parseCli } from '../../sandbox/cli';
import { DEFAULT_STATUS_DELAY_MS } from '../../sandbox/state/passing';
import type { InvoiceRequestInput, OrderDocument } from '../../vtex';
import { insertFullOrder, type FullOrderOptions } from '../helpers/full-order';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * What a real VTEX account does that an instant sandbox would hide: passing statuses that last a
 * few seconds, keys that hold only some License Manager resources, and a partially invoiced
 * order going back to payment-approved.
 */

let sb: TestSandbox;
let ctx: SandboxContext;
const DELAY = 3_000;

beforeAll(async () => {
  sb = await startSandbox({ statusDelayMs: DELAY });
  ctx = sb.app.sandbox;
});
afterAll(() => sb.close());

const ORDERS = '/api/oms/pvt/orders';

function order(opts: FullOrderOptions = {}): OrderDocument {
  return insertFullOrder(ctx, opts);
}

async function status(orderId: string): Promise<string> {
  const res = await sb.api(`${ORDERS}/${orderId}`);
  return ((await res.json()) as OrderDocument).status;
}

async function advance(ms: number): Promise<void> {
  const res = await fetch(`${sb.url}/_sandbox/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  expect(res.status).toBe(200);
}

function invoice(over: Partial<InvoiceRequestInput> & { invoiceNumber: string }) {
  return {
    type: 'Output',
    issuanceDate: '2026-11-27T10:30:00-03:00',
    invoiceValue: 6500,
    items: [
      { id: '1001', price: 1500, quantity: 2 },
      { id: '1002', price: 2500, quantity: 1 },
    ],
    ...over,
  };
}

function statusEvents(orderId: string): string[] {
  const seen: string[] = [];
  ctx.events.on('status-changed', (e: { orderId: string; state: string }) => {
    if (e.orderId === orderId) seen.push(e.state);
  });
  return seen;
}

describe('passing statuses', () => {
  it('CLI and library default to a few seconds; 0 keeps instant moves', () => {
    expect(DEFAULT_STATUS_DELAY_MS).toBeGreaterThanOrEqual(1_000);
    expect(DEFAULT_STATUS_DELAY_MS).toBeLessThanOrEqual(10_000);
    const cli = parseCli(['--status-delay-ms', '0']);
    expect(!cli.help && cli.options.statusDelayMs).toBe(0);
    expect(() => parseCli(['--status-delay-ms', '-1'])).toThrow(/status-delay-ms/);
  });

  it('start handling: start-handling is read back until the workflow moves on, each step announced', async () => {
    const o = order();
    const seen = statusEvents(o.orderId);
    const res = await sb.api(`${ORDERS}/${o.orderId}/start-handling`, { method: 'POST' });
    expect(res.status).toBe(204);
    expect(await status(o.orderId)).toBe('start-handling');
    await advance(DELAY - 1);
    expect(await status(o.orderId)).toBe('start-handling');
    await advance(1);
    expect(await status(o.orderId)).toBe('handling');
    expect(seen).toEqual(['start-handling', 'handling']);
  });

  it('an invoice is accepted while start-handling passes, and invoice passes before invoiced', async () => {
    const o = order();
    await sb.api(`${ORDERS}/${o.orderId}/start-handling`, { method: 'POST' });
    const res = await sb.api(`${ORDERS}/${o.orderId}/invoice`, {
      method: 'POST',
      json: invoice({ invoiceNumber: 'NF-PASS-1' }),
    });
    expect(res.status).toBe(200);
    expect(await status(o.orderId)).toBe('invoice');
    await advance(DELAY);
    expect(await status(o.orderId)).toBe('invoiced');
    expect(ctx.orders.get(o.orderId)?.invoicedDate).toBeTruthy();
  });

  it('VTEX accepts an invoice in ready-for-handling', async () => {
    const o = order();
    const res = await sb.api(`${ORDERS}/${o.orderId}/invoice`, {
      method: 'POST',
      json: invoice({ invoiceNumber: 'NF-RFH-1' }),
    });
    expect(res.status).toBe(200);
    await advance(DELAY);
    expect(await status(o.orderId)).toBe('invoiced');
  });

  it('cancel passes through cancel; a payment notification through approve-payment', async () => {
    const o = order();
    await sb.api(`${ORDERS}/${o.orderId}/cancel`, { method: 'POST', json: { reason: 'x' } });
    expect(await status(o.orderId)).toBe('cancel');
    await advance(DELAY);
    expect(await status(o.orderId)).toBe('canceled');

    const p = order({ status: 'payment-pending', paymentGroup: 'promissory' });
    const pay = p.paymentData?.transactions?.[0]?.payments[0]?.id ?? '';
    const res = await sb.api(`${ORDERS}/${p.orderId}/payments/${pay}/payment-notification`, {
      method: 'POST',
    });
    expect(res.status).toBe(200);
    expect(await status(p.orderId)).toBe('approve-payment');
    await advance(DELAY);
    // payment-approved, and the timers carry it on into the grace period in the same tick.
    expect(['payment-approved', 'window-to-cancel']).toContain(await status(p.orderId));
  });

  it('a statusDelay fault makes the passing statuses last long', async () => {
    const add = await fetch(`${sb.url}/_sandbox/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'statusDelay', ms: 600_000, id: 'slow' }),
    });
    expect(add.status).toBe(201);
    try {
      const o = order();
      await sb.api(`${ORDERS}/${o.orderId}/start-handling`, { method: 'POST' });
      await advance(DELAY * 10);
      expect(await status(o.orderId)).toBe('start-handling');
      await advance(600_000);
      expect(await status(o.orderId)).toBe('handling');
    } finally {
      await fetch(`${sb.url}/_sandbox/faults/slow`, { method: 'DELETE' });
    }
  });
});

describe('partial invoices', () => {
  it('send the order back to payment-approved; the rest and a return of the invoiced part are accepted', async () => {
    const o = order({ status: 'handling' });
    const first = await sb.api(`${ORDERS}/${o.orderId}/invoice`, {
      method: 'POST',
      json: invoice({
        invoiceNumber: 'NF-PART-1',
        invoiceValue: 3000,
        items: [{ id: '1001', price: 1500, quantity: 2 }],
      }),
    });
    expect(first.status).toBe(200);
    expect(await status(o.orderId)).toBe('payment-approved');
    // The timers do not carry it into a new grace period.
    await advance(3_600_000);
    expect(await status(o.orderId)).toBe('payment-approved');
    const ret = await sb.api(`${ORDERS}/${o.orderId}/invoice`, {
      method: 'POST',
      json: invoice({
        type: 'Input',
        invoiceNumber: 'RET-PART-1',
        invoiceValue: 1500,
        items: [{ id: '1001', price: 1500, quantity: 1 }],
      }),
    });
    expect(ret.status).toBe(200);
    const rest = await sb.api(`${ORDERS}/${o.orderId}/invoice`, {
      method: 'POST',
      json: invoice({
        invoiceNumber: 'NF-PART-2',
        invoiceValue: 3500,
        items: [{ id: '1002', price: 2500, quantity: 1 }],
      }),
    });
    expect(rest.status).toBe(200);
    await advance(DELAY);
    expect(await status(o.orderId)).toBe('invoiced');
  });
});

describe('License Manager resources of a key', () => {
  const pair = { appKey: 'vtexappkey-sandbox-NOPAY', appToken: 'nopay-token' };
  const as = (path: string, init: RequestInit = {}) =>
    fetch(sb.url + path, {
      ...init,
      headers: {
        'x-vtex-api-appkey': pair.appKey,
        'x-vtex-api-apptoken': pair.appToken,
        'content-type': 'application/json',
      },
    });

  it('a key without a resource gets 403 with VTEX body there, and everything else works', async () => {
    const reg = await fetch(`${sb.url}/_sandbox/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pair, resources: ['View order', 'List Orders', 'Notify invoice'] }),
    });
    expect(reg.status).toBe(201);
    const o = order();
    expect((await as(`${ORDERS}/${o.orderId}`)).status).toBe(200);
    expect((await as(`${ORDERS}?f_status=ready-for-handling`)).status).toBe(200);
    const refused = await as(`${ORDERS}/${o.orderId}/start-handling`, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: { code: '403', message: 'Forbidden', exception: null },
    });
    expect(await status(o.orderId)).toBe('ready-for-handling');
    expect((await as('/api/orders/feed/config')).status).toBe(403);
    // Wrong credentials stay 401.
    const wrong = await fetch(`${sb.url}${ORDERS}/${o.orderId}`, {
      headers: { 'x-vtex-api-appkey': pair.appKey, 'x-vtex-api-apptoken': 'nope' },
    });
    expect(wrong.status).toBe(401);
  });

  it('refuses an unknown resource name, and the CLI takes the list for its key', async () => {
    const reg = await fetch(`${sb.url}/_sandbox/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...pair, resources: ['Everything'] }),
    });
    expect(reg.status).toBe(400);
    const cli = parseCli(['--key-resources', 'View order, List Orders']);
    expect(!cli.help && cli.options.appKeys?.[0]?.resources).toEqual(['View order', 'List Orders']);
    expect(() => parseCli(['--key-resources', 'Everything'])).toThrow(/unknown resource/);
  });
});

describe('VTEX DO notes', () => {
  it('adds a note to an order and reads it back; 30 at most, 2000 characters each', async () => {
    const o = order();
    const add = (description: string) =>
      sb.api('/api/do/notes', {
        method: 'POST',
        json: { target: { id: o.orderId, type: 'order' }, domain: 'oms', description },
      });
    const res = await add('Packed at Packing 1 [desk:a1]');
    expect(res.status).toBe(200);
    const note = (await res.json()) as { id: string; description: string; target: { id: string } };
    expect(note).toMatchObject({ description: 'Packed at Packing 1 [desk:a1]' });
    expect(note.target.id).toBe(o.orderId);
    const list = (await (await sb.api(`/api/do/notes?target.id=${o.orderId}`)).json()) as {
      id: string;
    }[];
    expect(list.map((n) => n.id)).toEqual([note.id]);
    expect((await sb.api(`/api/do/notes/${note.id}`)).status).toBe(200);
    expect((await sb.api('/api/do/notes/NOPE')).status).toBe(404);
    expect((await add('x'.repeat(2001))).status).toBe(400);
    for (let i = 1; i < 30; i++) expect((await add(`n${i}`)).status).toBe(200);
    expect((await add('one too many')).status).toBe(400);
    expect((await sb.api('/api/do/notes?target.id=nope-01')).status).toBe(404);
  });
});
