import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxContext } from '../../sandbox/context';
import { OrderDocument, type InvoiceRequestInput } from '../../vtex';
import { insertFullOrder, type FullOrderOptions } from '../helpers/full-order';
import { expectMatchesOpenApi } from '../helpers/openapi';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';
import { vtexTime } from '../../sandbox/state/clock';

/**
 * The Orders API's writes against a live sandbox: every status transition they cause, every rule
 * they enforce (vtex/rules.ts), the VTEX error bodies, and exactly one effect per applied write.
 */

let sb: TestSandbox;
let ctx: SandboxContext;

beforeAll(async () => {
  sb = await startSandbox();
  ctx = sb.app.sandbox;
});
afterAll(() => sb.close());

const ORDERS = '/api/oms/pvt/orders';

/** The sandbox clock in VTEX format (tests in this file share one sandbox and its clock). */
const now = () => vtexTime(sb.clock.now());

function order(opts: FullOrderOptions = {}): OrderDocument {
  return insertFullOrder(ctx, opts);
}

/** Records the status events of one order while `fn` runs. */
async function statusEvents(orderId: string, fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const on = (e: { orderId: string; state: string; lastState: string }) => {
    if (e.orderId === orderId) seen.push(`${e.lastState}>${e.state}`);
  };
  ctx.events.on('status-changed', on);
  try {
    await fn();
  } finally {
    ctx.events.off('status-changed', on);
  }
  return seen;
}

async function call(method: string, path: string, json?: unknown) {
  const res = await sb.api(path, { method, ...(json === undefined ? {} : { json }) });
  const text = await res.text();
  return {
    status: res.status,
    text,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

async function getOrder(orderId: string): Promise<OrderDocument> {
  const res = await call('GET', `${ORDERS}/${orderId}`);
  expect(res.status).toBe(200);
  expectMatchesOpenApi('GET', '/api/oms/pvt/orders/{orderId}', 200, res.body);
  return OrderDocument.parse(res.body);
}

function effects(orderId: string) {
  return ctx.effects.list({ orderId });
}

function invoice(
  over: Partial<InvoiceRequestInput> & { invoiceNumber: string },
): InvoiceRequestInput {
  return {
    type: 'Output',
    issuanceDate: '2026-11-27T10:30:00-03:00',
    invoiceValue: '6500',
    items: [
      { id: '1001', price: 1500, quantity: 2 },
      { id: '1002', price: 2500, quantity: 1 },
    ],
    invoiceKey: '35261100063960001504590006629690333214542150',
    invoiceUrl: 'https://nfe.sandbox/nf.pdf',
    courier: 'Transportadora Sandbox',
    trackingNumber: '',
    trackingUrl: '',
    ...over,
  };
}

function expectVtexError(
  res: { status: number; body: Record<string, unknown> | null },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  const err = (res.body as { error: { code: string; message: string; exception: unknown } }).error;
  expect(err.code).toBe(code);
  expect(err.message.length).toBeGreaterThan(10);
  expect(err.exception).toBeNull();
  return err.message;
}

describe('start-handling', () => {
  it('moves ready-for-handling through start-handling to handling and answers 204', async () => {
    const o = order();
    let res: Awaited<ReturnType<typeof call>> | undefined;
    const seen = await statusEvents(o.orderId, async () => {
      res = await call('POST', `${ORDERS}/${o.orderId}/start-handling`);
    });
    expect(res?.status).toBe(204);
    expect(res?.text).toBe('');
    expectMatchesOpenApi('POST', '/api/oms/pvt/orders/{orderId}/start-handling', 204, res?.body);
    expect(seen).toEqual(['ready-for-handling>start-handling', 'start-handling>handling']);
    expect((await getOrder(o.orderId)).status).toBe('handling');
    expect(effects(o.orderId)).toMatchObject([{ method: 'POST', status: 204, changed: true }]);
  });

  it('answers 409 OMS003 with VTEX exact body in any other status, changing nothing', async () => {
    for (const status of [
      'handling',
      'payment-pending',
      'window-to-cancel',
      'invoiced',
      'canceled',
    ]) {
      const o = order({ status });
      const res = await call('POST', `${ORDERS}/${o.orderId}/start-handling`);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        error: {
          code: 'OMS003',
          message: 'Order status should be ready-for-handling to perform this action',
          exception: null,
        },
      });
      expectMatchesOpenApi('POST', '/api/oms/pvt/orders/{orderId}/start-handling', 409, res.body);
      expect(ctx.orders.get(o.orderId)?.status).toBe(status);
      expect(effects(o.orderId)).toEqual([]);
    }
  });

  it('accepts seq{sequence} and answers 404 in VTEX shape for an unknown order', async () => {
    const o = order();
    expect((await call('POST', `${ORDERS}/seq${o.sequence}/start-handling`)).status).toBe(204);
    expect(ctx.orders.get(o.orderId)?.status).toBe('handling');
    expectVtexError(await call('POST', `${ORDERS}/999-01/start-handling`), 404, '404');
  });
});

describe('cancel', () => {
  it('cancels through cancel → canceled with cancellationData, and answers a receipt', async () => {
    const o = order();
    let res: Awaited<ReturnType<typeof call>> | undefined;
    const seen = await statusEvents(o.orderId, async () => {
      res = await call('POST', `${ORDERS}/${o.orderId}/cancel`, { reason: 'Sem estoque' });
    });
    expect(res?.status).toBe(200);
    expectMatchesOpenApi('POST', '/api/oms/pvt/orders/{orderId}/cancel', 200, res?.body);
    expect(res?.body).toMatchObject({ orderId: o.orderId, date: now() });
    expect(res?.body?.receipt).toMatch(/^[0-9a-f]{32}$/);
    expect(seen).toEqual(['ready-for-handling>cancel', 'cancel>canceled']);
    const doc = await getOrder(o.orderId);
    expect(doc.status).toBe('canceled');
    expect(doc.cancelReason).toBe('Sem estoque');
    expect(doc.allowCancellation).toBe(false);
    expect(doc.cancellationData).toEqual({
      RequestedByUser: false,
      RequestedBySystem: false,
      RequestedBySellerNotification: true,
      RequestedByPaymentNotification: false,
      Reason: 'Sem estoque',
      CancellationDate: now(),
    });
    expect(effects(o.orderId)).toHaveLength(1);
  });

  it('records a cancel the customer asked for', async () => {
    const o = order({ status: 'window-to-cancel' });
    const res = await call('POST', `${ORDERS}/${o.orderId}/cancel`, {
      reason: 'Desisti',
      requestedByUser: true,
    });
    expect(res.status).toBe(200);
    expect(ctx.orders.get(o.orderId)?.cancellationData).toMatchObject({
      RequestedByUser: true,
      RequestedBySellerNotification: false,
    });
  });

  it('refuses canceled and invoiced orders, and any order with an invoice (400)', async () => {
    expectVtexError(
      await call('POST', `${ORDERS}/${order({ status: 'canceled' }).orderId}/cancel`, {
        reason: 'x',
      }),
      400,
      'OMS005',
    );
    expectVtexError(
      await call('POST', `${ORDERS}/${order({ status: 'invoiced' }).orderId}/cancel`, {
        reason: 'x',
      }),
      400,
      'OMS004',
    );

    const partial = order({ status: 'handling' });
    const inv = await call(
      'POST',
      `${ORDERS}/${partial.orderId}/invoice`,
      invoice({
        invoiceNumber: 'NF-P1',
        invoiceValue: 3000,
        items: [{ id: '1001', price: 1500, quantity: 2 }],
      }),
    );
    expect(inv.status).toBe(200);
    const msg = expectVtexError(
      await call('POST', `${ORDERS}/${partial.orderId}/cancel`, { reason: 'x' }),
      400,
      'OMS007',
    );
    expect(msg).toMatch(/invoice/i);
    expect(ctx.orders.get(partial.orderId)?.status).toBe('payment-approved');
    expect(effects(partial.orderId)).toHaveLength(1);
  });

  it('answers 400, not 500, to malformed bodies', async () => {
    const o = order();
    const bad = await fetch(`${sb.url}${ORDERS}/${o.orderId}/cancel`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: '{"reason": ',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/JSON/);
    const wrongType = await call('POST', `${ORDERS}/${o.orderId}/cancel`, { reason: 42 });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body)).toMatch(/reason/);
    expect(ctx.orders.get(o.orderId)?.status).toBe('ready-for-handling');
  });
});

function authHeaders(): Record<string, string> {
  return {
    'x-vtex-api-appkey': 'vtexappkey-sandbox-DESK01',
    'x-vtex-api-apptoken': 'sandbox-secret-token',
  };
}

describe('invoice', () => {
  it('a full Output invoice adds one package and moves handling → invoice → invoiced', async () => {
    const o = order({ status: 'handling' });
    let res: Awaited<ReturnType<typeof call>> | undefined;
    const seen = await statusEvents(o.orderId, async () => {
      res = await call(
        'POST',
        `${ORDERS}/${o.orderId}/invoice`,
        invoice({ invoiceNumber: 'NF-1001' }),
      );
    });
    expect(res?.status).toBe(200);
    expectMatchesOpenApi('POST', '/api/oms/pvt/orders/{orderId}/invoice', 200, res?.body);
    expect(res?.body).toMatchObject({ orderId: o.orderId });
    expect(seen).toEqual(['handling>invoice', 'invoice>invoiced']);
    const doc = await getOrder(o.orderId);
    expect(doc.status).toBe('invoiced');
    expect(doc.invoicedDate).toBe(now());
    expect(doc.packageAttachment?.packages).toHaveLength(1);
    expect(doc.packageAttachment?.packages[0]).toMatchObject({
      invoiceNumber: 'NF-1001',
      invoiceValue: 6500,
      type: 'Output',
      issuanceDate: '2026-11-27T10:30:00-03:00',
      invoiceKey: '35261100063960001504590006629690333214542150',
      courier: 'Transportadora Sandbox',
      courierStatus: null,
      items: [
        { itemIndex: 0, quantity: 2, price: 1500 },
        { itemIndex: 1, quantity: 1, price: 2500 },
      ],
    });
    expect(effects(o.orderId)).toMatchObject([
      { path: `${ORDERS}/${o.orderId}/invoice`, changed: true },
    ]);
  });

  it('a partial invoice sends the order back to payment-approved until Σ Output reaches the value', async () => {
    const o = order({ status: 'handling' });
    const first = await call(
      'POST',
      `${ORDERS}/${o.orderId}/invoice`,
      invoice({
        invoiceNumber: 'NF-A',
        invoiceValue: 4000,
        items: [{ id: '1001', price: 1500, quantity: 2 }],
      }),
    );
    expect(first.status).toBe(200);
    expect(ctx.orders.get(o.orderId)?.status).toBe('payment-approved');
    expect(ctx.orders.get(o.orderId)?.allowCancellation).toBe(false);
    const second = await call(
      'POST',
      `${ORDERS}/${o.orderId}/invoice`,
      invoice({
        invoiceNumber: 'NF-B',
        invoiceValue: 2500,
        items: [{ id: '1002', price: 2500, quantity: 1 }],
      }),
    );
    expect(second.status).toBe(200);
    const doc = await getOrder(o.orderId);
    expect(doc.status).toBe('invoiced');
    expect(doc.packageAttachment?.packages.map((p) => p.invoiceNumber)).toEqual(['NF-A', 'NF-B']);
  });

  it('the same invoice number again answers a new receipt and changes nothing (changed=false)', async () => {
    const o = order({ status: 'handling' });
    const req = invoice({
      invoiceNumber: 'NF-DUP',
      invoiceValue: 3000,
      items: [{ id: '1001', price: 1500, quantity: 2 }],
    });
    const a = await call('POST', `${ORDERS}/${o.orderId}/invoice`, req);
    const b = await call('POST', `${ORDERS}/${o.orderId}/invoice`, req);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.body?.receipt).not.toBe(a.body?.receipt);
    expect(ctx.orders.get(o.orderId)?.packageAttachment?.packages).toHaveLength(1);
    expect(effects(o.orderId).map((e) => e.changed)).toEqual([true, false]);
  });

  it('refuses Output invoices before the order is ready and on canceled orders', async () => {
    const ready = order({ status: 'window-to-cancel' });
    const msg = expectVtexError(
      await call('POST', `${ORDERS}/${ready.orderId}/invoice`, invoice({ invoiceNumber: 'NF-E1' })),
      400,
      'OMS009',
    );
    expect(msg).toContain('window-to-cancel');
    const canceled = order({ status: 'canceled' });
    expectVtexError(
      await call(
        'POST',
        `${ORDERS}/${canceled.orderId}/invoice`,
        invoice({ invoiceNumber: 'NF-E2' }),
      ),
      400,
      'OMS005',
    );
    expect(ctx.orders.get(ready.orderId)?.packageAttachment?.packages).toEqual([]);
    expect(effects(ready.orderId)).toEqual([]);
  });

  it('refuses more units than left, unknown SKUs and more value than the order', async () => {
    const o = order({ status: 'handling' });
    const qty = expectVtexError(
      await call(
        'POST',
        `${ORDERS}/${o.orderId}/invoice`,
        invoice({ invoiceNumber: 'NF-Q', items: [{ id: '1002', price: 2500, quantity: 2 }] }),
      ),
      400,
      'OMS011',
    );
    expect(qty).toContain('1002');
    expectVtexError(
      await call(
        'POST',
        `${ORDERS}/${o.orderId}/invoice`,
        invoice({ invoiceNumber: 'NF-U', items: [{ id: '9999', price: 100, quantity: 1 }] }),
      ),
      400,
      'OMS010',
    );
    expectVtexError(
      await call(
        'POST',
        `${ORDERS}/${o.orderId}/invoice`,
        invoice({ invoiceNumber: 'NF-V', invoiceValue: 6501 }),
      ),
      400,
      'OMS012',
    );
    expect(ctx.orders.get(o.orderId)?.packageAttachment?.packages).toEqual([]);
  });

  it('takes Input (return) invoices only after full invoicing, with restitutions', async () => {
    const o = order({ status: 'handling' });
    const ret = (n: string, quantity = 1) =>
      invoice({
        invoiceNumber: n,
        type: 'Input',
        invoiceValue: 2500 * quantity,
        items: [{ id: '1002', price: 2500, quantity, description: 'Tamanho errado' }],
      });
    expectVtexError(
      await call('POST', `${ORDERS}/${o.orderId}/invoice`, ret('DEV-0')),
      400,
      'OMS013',
    );
    expect(
      (await call('POST', `${ORDERS}/${o.orderId}/invoice`, invoice({ invoiceNumber: 'NF-FULL' })))
        .status,
    ).toBe(200);
    expectVtexError(
      await call('POST', `${ORDERS}/${o.orderId}/invoice`, ret('DEV-2', 2)),
      400,
      'OMS014',
    );

    const seen = await statusEvents(o.orderId, async () => {
      expect((await call('POST', `${ORDERS}/${o.orderId}/invoice`, ret('DEV-1'))).status).toBe(200);
    });
    expect(seen).toEqual([]);
    const doc = await getOrder(o.orderId);
    expect(doc.status).toBe('invoiced');
    const back = doc.packageAttachment?.packages[1];
    expect(back).toMatchObject({
      type: 'Input',
      invoiceNumber: 'DEV-1',
      invoiceValue: 2500,
      items: [{ itemIndex: 1, quantity: 1, price: 2500, description: 'Tamanho errado' }],
      restitutions: {
        Refund: {
          value: 2500,
          giftCardData: null,
          items: [
            {
              id: '1002',
              quantity: 1,
              price: 2500,
              useFreight: false,
              isCompensation: false,
              compensationValue: 0,
              description: 'Tamanho errado',
            },
          ],
        },
      },
    });
  });

  it('answers 400 with the field named for malformed invoices, and 400 for bad JSON', async () => {
    const o = order({ status: 'handling' });
    const url = `${ORDERS}/${o.orderId}/invoice`;
    const cases: [unknown, RegExp][] = [
      [{ ...invoice({ invoiceNumber: 'X' }), invoiceNumber: undefined }, /invoiceNumber/],
      [invoice({ invoiceNumber: 'X', invoiceValue: 'abc' }), /invoiceValue/],
      [invoice({ invoiceNumber: 'X', invoiceValue: 0 }), /invoiceValue/],
      [invoice({ invoiceNumber: 'X', type: 'Sideways' as 'Output' }), /type/],
      [invoice({ invoiceNumber: 'X', issuanceDate: 'yesterday' }), /issuanceDate/],
      [
        invoice({ invoiceNumber: 'X', items: [{ id: '1001', price: 1500, quantity: -1 }] }),
        /items\.0\.quantity/,
      ],
      [undefined, /body/],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as { error: { message: string } }).error.message).toMatch(field);
    }
    const broken = await fetch(`${sb.url}${url}`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/json' },
      body: '{"type":"Output",',
    });
    expect(broken.status).toBe(400);
    expect(effects(o.orderId)).toEqual([]);
  });
});

describe('invoice validation, as VTEX refuses', () => {
  const bad = [
    [
      'a negative price',
      {
        items: [
          { id: '1001', price: -1500, quantity: 2 },
          { id: '1002', price: 2500, quantity: 1 },
        ],
      },
      /price must be a whole, non-negative/,
    ],
    [
      'a price the order does not charge',
      {
        items: [
          { id: '1001', price: 1, quantity: 2 },
          { id: '1002', price: 2500, quantity: 1 },
        ],
      },
      /does not match the order's price/,
    ],
    ['an impossible date', { issuanceDate: '2026-13-45T99:99:00-03:00' }, /real date and time/],
    [
      'the 31st of a 30-day month',
      { issuanceDate: '2026-11-31T10:00:00-03:00' },
      /real date and time/,
    ],
  ] as [string, Partial<InvoiceRequestInput>, RegExp][];
  for (const [what, over, message] of bad) {
    it(`refuses ${what} with a 400 and changes nothing`, async () => {
      const o = order({ status: 'handling' });
      const res = await call(
        'POST',
        `${ORDERS}/${o.orderId}/invoice`,
        invoice({ invoiceNumber: 'NF-BAD', ...over }),
      );
      expect(res.status).toBe(400);
      expect(res.text).toMatch(message);
      expect(ctx.orders.get(o.orderId)?.packageAttachment?.packages ?? []).toHaveLength(0);
      expect(ctx.orders.get(o.orderId)?.status).toBe('handling');
    });
  }
});

describe('tracking', () => {
  async function invoiced(): Promise<OrderDocument> {
    const o = order({ status: 'handling' });
    expect(
      (await call('POST', `${ORDERS}/${o.orderId}/invoice`, invoice({ invoiceNumber: 'NF-T' })))
        .status,
    ).toBe(200);
    return o;
  }

  it('PATCH adds tracking to an invoice; the same values again change nothing', async () => {
    const o = await invoiced();
    const patch = {
      trackingNumber: 'BR123456789',
      trackingUrl: 'https://rastreio.sandbox/BR123456789',
      courier: 'Correios',
      dispatchedDate: '2026-11-27T15:00:00Z',
    };
    const res = await call('PATCH', `${ORDERS}/${o.orderId}/invoice/NF-T`, patch);
    expect(res.status).toBe(200);
    expectMatchesOpenApi(
      'PATCH',
      '/api/oms/pvt/orders/{orderId}/invoice/{invoiceNumber}',
      200,
      res.body,
    );
    expect((await getOrder(o.orderId)).packageAttachment?.packages[0]).toMatchObject(patch);
    expect((await call('PATCH', `${ORDERS}/${o.orderId}/invoice/NF-T`, patch)).status).toBe(200);
    expect(effects(o.orderId).map((e) => e.changed)).toEqual([true, true, false]);
    expectVtexError(
      await call('PATCH', `${ORDERS}/${o.orderId}/invoice/NF-NONE`, patch),
      404,
      'OMS016',
    );
    expect(
      (await call('PATCH', `${ORDERS}/${o.orderId}/invoice/NF-T`, { ...patch, trackingNumber: 7 }))
        .status,
    ).toBe(400);
    // VTEX's schema requires all four fields.
    const partial = await call('PATCH', `${ORDERS}/${o.orderId}/invoice/NF-T`, {
      trackingNumber: 'BR1',
    });
    expect(partial.status).toBe(400);
    expect(partial.text).toMatch(/trackingUrl/);
  });

  it('PUT tracking needs a tracking number, then records events and delivery', async () => {
    const o = await invoiced();
    const events = {
      isDelivered: false,
      deliveredDate: null,
      events: [
        {
          city: 'São Paulo',
          state: 'SP',
          description: 'Coletado pela transportadora',
          date: '2026-11-27',
        },
      ],
    };
    const url = `${ORDERS}/${o.orderId}/invoice/NF-T/tracking`;
    expectVtexError(await call('PUT', url, events), 400, 'OMS017');
    await call('PATCH', `${ORDERS}/${o.orderId}/invoice/NF-T`, {
      trackingNumber: 'BR1',
      trackingUrl: null,
      courier: null,
      dispatchedDate: null,
    });

    const res = await call('PUT', url, events);
    expect(res.status).toBe(200);
    expectMatchesOpenApi(
      'PUT',
      '/api/oms/pvt/orders/{orderId}/invoice/{invoiceNumber}/tracking',
      200,
      res.body,
    );
    expect((await getOrder(o.orderId)).packageAttachment?.packages[0]?.courierStatus).toEqual({
      status: 'in-transit',
      finished: false,
      deliveredDate: '',
      data: [
        {
          lastChange: now(),
          city: 'São Paulo',
          state: 'SP',
          description: 'Coletado pela transportadora',
          createDate: '2026-11-27',
        },
      ],
    });
    const done = await call('PUT', url, {
      ...events,
      isDelivered: true,
      deliveredDate: '2026-11-29 14:30',
    });
    expect(done.status).toBe(200);
    expect((await getOrder(o.orderId)).packageAttachment?.packages[0]?.courierStatus).toMatchObject(
      {
        status: 'delivered',
        finished: true,
        deliveredDate: '2026-11-29 14:30',
      },
    );
    expectVtexError(
      await call('PUT', `${ORDERS}/${o.orderId}/invoice/NF-X/tracking`, events),
      404,
      'OMS016',
    );
    expect((await call('PUT', url, { events: [] })).status).toBe(400);
  });
});

describe('payment notification', () => {
  it('approves a pending offline payment (payment-pending → payment-approved)', async () => {
    const o = order({
      status: 'payment-pending',
      paymentGroup: 'promissory',
      authorizedDate: null,
    });
    const paymentId = o.paymentData?.transactions[0]?.payments[0]?.id ?? '';
    let res: Awaited<ReturnType<typeof call>> | undefined;
    const seen = await statusEvents(o.orderId, async () => {
      res = await call('POST', `${ORDERS}/${o.orderId}/payments/${paymentId}/payment-notification`);
    });
    expect(res?.status).toBe(200);
    expectMatchesOpenApi(
      'POST',
      '/api/oms/pvt/orders/{orderId}/payments/{paymentId}/payment-notification',
      200,
      res?.body,
    );
    expect(seen).toEqual(['payment-pending>payment-approved']);
    expect(ctx.orders.get(o.orderId)?.authorizedDate).toBe(now());
    expect(effects(o.orderId)).toHaveLength(1);
  });

  it('refuses card payments, approved orders and unknown payments', async () => {
    const card = order({ status: 'payment-pending', paymentGroup: 'creditCard' });
    const cardPay = card.paymentData?.transactions[0]?.payments[0]?.id ?? '';
    expectVtexError(
      await call('POST', `${ORDERS}/${card.orderId}/payments/${cardPay}/payment-notification`),
      400,
      'OMS019',
    );

    const approved = order({ status: 'payment-approved', paymentGroup: 'bankInvoice' });
    const pay = approved.paymentData?.transactions[0]?.payments[0]?.id ?? '';
    expectVtexError(
      await call('POST', `${ORDERS}/${approved.orderId}/payments/${pay}/payment-notification`),
      400,
      'OMS019',
    );

    const cash = order({ status: 'payment-pending', paymentGroup: 'promissory' });
    expectVtexError(
      await call('POST', `${ORDERS}/${cash.orderId}/payments/NOPE/payment-notification`),
      404,
      'OMS018',
    );
    expect(ctx.orders.get(cash.orderId)?.status).toBe('payment-pending');
    expect([
      ...effects(card.orderId),
      ...effects(approved.orderId),
      ...effects(cash.orderId),
    ]).toEqual([]);
  });
});

describe('interactions', () => {
  it('stores interactions and serves them back through the sandbox extension', async () => {
    const o = order();
    const add = await call('POST', `${ORDERS}/${o.orderId}/interactions`, {
      source: 'Order Desk',
      message: 'Manuseio iniciado na estação S1 por Maria [act-1]',
    });
    expect(add.status).toBe(200);
    expectMatchesOpenApi('POST', '/api/oms/pvt/orders/{orderId}/interactions', 200, add.body);
    await call('POST', `${ORDERS}/${o.orderId}/interactions`, {
      source: 'Order Desk',
      message: 'Segunda nota',
    });
    const res = await sb.api(`${ORDERS}/${o.orderId}/interactions`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-vtex-sandbox-extension')).toBe('interactions');
    const list = (await res.json()) as {
      source: string;
      message: string;
      date: string;
      id: string;
    }[];
    expect(list.map((i) => i.message)).toEqual([
      'Manuseio iniciado na estação S1 por Maria [act-1]',
      'Segunda nota',
    ]);
    expect(list[0]).toMatchObject({ source: 'Order Desk', date: now() });
    expect(effects(o.orderId)).toHaveLength(2);
    // Interactions are not part of the order document.
    expect(JSON.stringify(ctx.orders.get(o.orderId))).not.toContain('Segunda nota');
  });

  it('answers 400 for a missing message and 404 for an unknown order', async () => {
    const o = order();
    const res = await call('POST', `${ORDERS}/${o.orderId}/interactions`, { source: 'Desk' });
    expect(res.status).toBe(400);
    expect((res.body as { error: { message: string } }).error.message).toMatch(/message/);
    expectVtexError(
      await call('POST', `${ORDERS}/404-01/interactions`, { source: 'a', message: 'b' }),
      404,
      '404',
    );
    expectVtexError(await call('GET', `${ORDERS}/404-01/interactions`), 404, '404');
  });
});
