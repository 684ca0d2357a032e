import { afterEach, describe, expect, it } from 'vitest';
import type { OrderDocument } from '../../vtex';
import type { StatusChange } from '../../sandbox/state/events';
import { listMessages } from '../../sandbox/state/conversations';
import { createOrders } from '../../sandbox/state/factory';
import { findSku } from '../../sandbox/state/catalog';
import { expectMatchesOpenApi } from '../helpers/openapi';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

let sb: TestSandbox | undefined;
afterEach(async () => {
  await sb?.close();
  sb = undefined;
});

async function open() {
  const s = await startSandbox({ windowToCancelSeconds: 600 });
  sb = s;
  const events: StatusChange[] = [];
  s.app.sandbox.events.on('status-changed', (e) => events.push(e));
  return {
    s,
    ctx: s.app.sandbox,
    events,
    async advance(seconds: number) {
      s.clock.advance(seconds * 1000);
      await s.app.sandbox.tick();
    },
    order: (id: string) => s.app.sandbox.orders.mustGet(id),
  };
}

const price = (id: string) => findSku(id)?.price ?? 0;

const ADDRESS = {
  addressType: 'residential',
  receiverName: 'Marina Braga',
  postalCode: '22071-000',
  city: 'Rio de Janeiro',
  state: 'RJ',
  country: 'BRA',
  street: 'Avenida Atlântica',
  number: '1702',
  neighborhood: 'Copacabana',
  complement: 'Apto 801',
};

/** Two sellers (store "1" and "cafesdosul"), delivery with Normal, one Visa payment. */
function placeBody(overrides: Record<string, unknown> = {}) {
  const value = price('101') * 2 + price('103') + 1500 + 900;
  return {
    items: [
      { id: '101', quantity: 2, seller: '1' },
      { id: '103', quantity: 1, seller: 'cafesdosul' },
    ],
    clientProfileData: {
      email: 'marina.braga@example.com',
      firstName: 'Marina',
      lastName: 'Braga',
      document: '52998224725',
      documentType: 'cpf',
      phone: '+5521987654321',
    },
    shippingData: {
      address: ADDRESS,
      logisticsInfo: [
        { itemIndex: 0, selectedSla: 'Normal', selectedDeliveryChannel: 'delivery', price: 1500 },
        { itemIndex: 1, selectedSla: 'Expressa', price: 900 },
      ],
    },
    paymentData: {
      payments: [{ paymentSystem: 2, value, referenceValue: value, installments: 3 }],
    },
    ...overrides,
  };
}

function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

describe('place order and process it', () => {
  it('places a two-seller order group, waits for the callback, then runs the flow', async () => {
    const t = await open();
    const res = await t.s.api('/api/checkout/pub/orders?sc=1', {
      method: 'PUT',
      json: placeBody(),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      orderForm: null;
      transactionData: {
        merchantTransactions: { transactionId: string }[];
        gatewayCallbackTemplatePath: string;
      };
      orders: {
        orderId: string;
        orderGroup: string;
        value: number;
        items: { id: string; seller: string }[];
      }[];
    };
    expectMatchesOpenApi('PUT', '/api/checkout/pub/orders', 200, body);
    const cookies = res.headers.getSetCookie().map((c) => c.split('=')[0]);
    expect(cookies).toEqual(['Vtex_CHKO_Auth', 'CheckoutDataAccess']);
    expect(body.orderForm).toBeNull();
    const group = body.orders[0]?.orderGroup ?? '';
    expect(body.orders.map((o) => o.orderId)).toEqual([`${group}-01`, `${group}-02`]);
    expect(body.orders.map((o) => o.items.map((i) => i.seller))).toEqual([['1'], ['cafesdosul']]);
    expect(body.transactionData.gatewayCallbackTemplatePath).toBe(
      `/checkout/gatewayCallback/${group}/{messageCode}`,
    );
    const docs = body.orders.map((o) => t.order(o.orderId));
    expect(docs.map((d) => d.value)).toEqual([price('101') * 2 + 1500, price('103') + 900]);
    expect(docs.reduce((s, d) => s + d.value, 0)).toBe(placeBody().paymentData.payments[0]?.value);
    for (const d of docs) {
      expect(d.status).toBe('order-created');
      expect(d.isCompleted).toBe(false);
      expect(d.clientProfileData?.email).toBe('marina.braga@example.com');
      expect(d.shippingData?.address?.street).toBe('Avenida Atlântica');
      const paid = (d.paymentData?.transactions ?? [])
        .flatMap((tx) => tx.payments)
        .reduce((s, p) => s + p.value, 0);
      expect(paid).toBe(d.value);
      expect(d.paymentData?.transactions[0]?.transactionId).toBe(
        body.transactionData.merchantTransactions[0]?.transactionId,
      );
    }
    // No confirmation e-mail and no progress until the gateway callback.
    await t.advance(240);
    expect(t.order(`${group}-01`).status).toBe('order-created');
    expect(listMessages(t.ctx, `${group}-01`)).toEqual([]);

    const cb = await t.s.api(`/api/checkout/pub/gatewayCallback/${group}`, {
      method: 'POST',
      headers: { cookie: cookieHeader(res) },
    });
    expect(cb.status).toBe(200);
    expectMatchesOpenApi('POST', `/api/checkout/pub/gatewayCallback/${group}`, 200, null);
    expect(t.order(`${group}-02`).status).toBe('payment-pending');
    expect(t.order(`${group}-02`).isCompleted).toBe(true);
    expect(listMessages(t.ctx, `${group}-02`)).toHaveLength(1);

    await t.advance(10);
    await t.advance(600);
    for (const id of [`${group}-01`, `${group}-02`]) {
      expect(t.events.filter((e) => e.orderId === id).map((e) => e.state)).toEqual([
        'order-created',
        'payment-pending',
        'payment-approved',
        'window-to-cancel',
        'ready-for-handling',
      ]);
    }
    // A repeated callback is accepted and changes nothing.
    const again = await t.s.api(`/api/checkout/pub/gatewayCallback/${group}`, {
      method: 'POST',
      headers: { cookie: cookieHeader(res) },
    });
    expect(again.status).toBe(200);
    const effects = t.ctx.effects.list({ path: '/api/checkout/%' });
    expect(effects.map((e) => [e.method, e.path, e.orderId, e.changed])).toEqual([
      ['PUT', '/api/checkout/pub/orders', `${group}-01`, true],
      ['POST', `/api/checkout/pub/gatewayCallback/${group}`, `${group}-01`, true],
      ['POST', `/api/checkout/pub/gatewayCallback/${group}`, `${group}-01`, false],
    ]);
  });

  it('fails the callback after 5 minutes: the ticker has canceled the incomplete orders', async () => {
    const t = await open();
    const res = await t.s.api('/api/checkout/pub/orders', { method: 'PUT', json: placeBody() });
    const group =
      ((await res.json()) as { orders: { orderGroup: string }[] }).orders[0]?.orderGroup ?? '';
    await t.advance(299);
    expect(t.order(`${group}-01`).status).toBe('order-created');
    await t.advance(1);
    const canceled = t.order(`${group}-01`);
    expect(canceled.status).toBe('canceled');
    expect(canceled.cancellationData?.RequestedBySystem).toBe(true);
    expect(t.order(`${group}-02`).status).toBe('canceled');
    const cb = await t.s.api(`/api/checkout/pub/gatewayCallback/${group}`, {
      method: 'POST',
      headers: { cookie: cookieHeader(res) },
    });
    expect(cb.status).toBe(400);
    const err = (await cb.json()) as { error: { message: string }; operationId: string };
    expect(err.error.message).toMatch(/within 5 minutes/);
    expect(err.operationId).toBeTruthy();
    expect(t.events.filter((e) => e.orderId === `${group}-01`).map((e) => e.state)).toEqual([
      'order-created',
      'cancel',
      'canceled',
    ]);
  });

  it('fails the callback at 5 minutes even before a tick, and refuses callers without the cookies', async () => {
    const t = await open();
    const res = await t.s.api('/api/checkout/pub/orders', { method: 'PUT', json: placeBody() });
    const group =
      ((await res.json()) as { orders: { orderGroup: string }[] }).orders[0]?.orderGroup ?? '';
    const noCookie = await t.s.api(`/api/checkout/pub/gatewayCallback/${group}`, {
      method: 'POST',
    });
    expect(noCookie.status).toBe(403);
    expect(((await noCookie.json()) as { error: { message: string } }).error.message).toMatch(
      /Vtex_CHKO_Auth/,
    );
    expect(
      (await t.s.api('/api/checkout/pub/gatewayCallback/9999999999999', { method: 'POST' })).status,
    ).toBe(404);
    const [plain] = createOrders(t.ctx, { sellers: 1 });
    const notPlaced = await t.s.api(
      `/api/checkout/pub/gatewayCallback/${plain?.orderGroup ?? ''}`,
      { method: 'POST' },
    );
    expect(notPlaced.status).toBe(400);
    t.s.clock.advance(300_000);
    const late = await t.s.api(`/api/checkout/pub/gatewayCallback/${group}`, {
      method: 'POST',
      headers: { cookie: cookieHeader(res) },
    });
    expect(late.status).toBe(400);
    expect(t.order(`${group}-01`).status).toBe('order-created');
  });

  it('places a pickup order without an address; the point becomes the shipping address', async () => {
    const t = await open();
    const value = price('112');
    const res = await t.s.api('/api/checkout/pub/orders', {
      method: 'PUT',
      json: {
        items: [{ id: '112', quantity: 1, seller: '1' }],
        clientProfileData: { email: 'joao@example.com' },
        shippingData: {
          logisticsInfo: [{ itemIndex: 0, selectedSla: 'Retirada Loja Pinheiros', price: 0 }],
        },
        paymentData: {
          payments: [{ paymentSystem: '125', value, referenceValue: value, installments: 1 }],
        },
      },
    });
    expect(res.status).toBe(200);
    const id = ((await res.json()) as { orders: { orderId: string }[] }).orders[0]?.orderId ?? '';
    const doc = t.order(id);
    expect(doc.shippingData?.address?.addressType).toBe('pickup');
    expect(doc.shippingData?.address?.street).toBe('Rua dos Pinheiros');
    expect(doc.shippingData?.logisticsInfo?.[0]?.selectedDeliveryChannel).toBe('pickup-in-point');
    expect(doc.clientProfileData?.firstName).toBeTruthy();
    expect(doc.value).toBe(value);
  });

  it.each([
    [
      'an unknown SKU',
      { items: [{ id: '999', quantity: 1, seller: '1' }] },
      /SKU 999 does not exist/,
    ],
    [
      'a seller that does not sell the SKU',
      {
        items: [
          { id: '103', quantity: 1, seller: '1' },
          { id: '101', quantity: 2, seller: '1' },
        ],
      },
      /seller 1 does not sell SKU 103/,
    ],
    ['no client e-mail', { clientProfileData: { firstName: 'Ana' } }, /clientProfileData\.email/],
    [
      'payments that do not add up',
      {
        paymentData: {
          payments: [{ paymentSystem: 2, value: 100, referenceValue: 100, installments: 1 }],
        },
      },
      /payments add up to 100 but the order value is \d+/,
    ],
    [
      'an unknown payment system',
      {
        paymentData: {
          payments: [{ paymentSystem: 777, value: 1, referenceValue: 1, installments: 1 }],
        },
      },
      /unknown paymentSystem 777/,
    ],
    [
      'an item without logistics',
      {
        shippingData: {
          address: ADDRESS,
          logisticsInfo: [{ itemIndex: 0, selectedSla: 'Normal', price: 0 }],
        },
      },
      /item 1 needs exactly one entry/,
    ],
    [
      'an unknown SLA',
      {
        shippingData: {
          address: ADDRESS,
          logisticsInfo: [
            { itemIndex: 0, selectedSla: 'Drone', price: 0 },
            { itemIndex: 1, selectedSla: 'Normal', price: 0 },
          ],
        },
      },
      /unknown SLA "Drone"/,
    ],
    [
      'a delivery without address',
      {
        shippingData: {
          logisticsInfo: [
            { itemIndex: 0, selectedSla: 'Normal', price: 0 },
            { itemIndex: 1, selectedSla: 'Normal', price: 0 },
          ],
        },
      },
      /address is required/,
    ],
    ['no items', { items: [] }, /at least one item/],
  ])('refuses %s with a clear 400 and creates nothing', async (_what, override, message) => {
    const t = await open();
    const res = await t.s.api('/api/checkout/pub/orders', {
      method: 'PUT',
      json: placeBody(override),
    });
    expect(res.status).toBe(400);
    const err = (await res.json()) as { error: { code: string; message: string } };
    expect(err.error.message).toMatch(message);
    expect(t.ctx.orders.count()).toBe(0);
    expect(t.ctx.effects.list()).toEqual([]);
  });

  it('answers 400, not 500, to a body that is not JSON or a bad sales channel', async () => {
    const t = await open();
    const res = await fetch(`${t.s.url}/api/checkout/pub/orders`, {
      method: 'PUT',
      headers: {
        'x-vtex-api-appkey': 'vtexappkey-sandbox-DESK01',
        'x-vtex-api-apptoken': 'sandbox-secret-token',
        'content-type': 'application/json',
      },
      body: '{"items":',
    });
    expect(res.status).toBe(400);
    expect(
      (await t.s.api('/api/checkout/pub/orders?sc=abc', { method: 'PUT', json: placeBody() }))
        .status,
    ).toBe(400);
  });
});

describe('place order from a cart (orderForm)', () => {
  it('builds a cart, places it with the transaction, then processes it', async () => {
    const t = await open();
    const created = await t.s.api('/api/checkout/pub/orderForm');
    expect(created.status).toBe(200);
    const { orderFormId } = (await created.json()) as { orderFormId: string };
    const of = (p: string, json: unknown) =>
      t.s.api(`/api/checkout/pub/orderForm/${orderFormId}${p}`, { method: 'POST', json });

    expect(
      (
        await of('/items', {
          orderItems: [
            { id: '121', quantity: 1, seller: '1' },
            { id: '133', quantity: 2, seller: '1' },
          ],
        })
      ).status,
    ).toBe(200);
    expect(
      (await of('/items', { orderItems: [{ id: '999', quantity: 1, seller: '1' }] })).status,
    ).toBe(400);
    expect(
      (
        await of('/attachments/clientProfileData', {
          email: 'carla.dias@example.com',
          firstName: 'Carla',
          lastName: 'Dias',
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await of('/attachments/shippingData', {
          address: ADDRESS,
          logisticsInfo: [
            { itemIndex: 0, selectedSla: 'Expressa' },
            { itemIndex: 1, selectedSla: 'Expressa' },
          ],
        })
      ).status,
    ).toBe(200);
    const withPay = await of('/attachments/paymentData', {
      payments: [{ paymentSystem: '4', installments: 2 }],
    });
    const cart = (await withPay.json()) as {
      value: number;
      totalizers: { id: string; value: number }[];
    };
    const items = price('121') + 2 * price('133');
    expect(cart.totalizers.find((x) => x.id === 'Items')?.value).toBe(items);
    const shipping = cart.totalizers.find((x) => x.id === 'Shipping')?.value ?? 0;
    expect(shipping).toBeGreaterThan(0);
    expect(cart.value).toBe(items + shipping);

    const tx = (json: unknown) => of('/transaction', json);
    const wrong = await tx({
      referenceId: orderFormId,
      value: cart.value + 1,
      referenceValue: cart.value + 1,
      interestValue: 0,
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(
      /does not match the cart total/,
    );
    expect(
      (
        await tx({
          referenceId: 'other',
          value: cart.value,
          referenceValue: cart.value,
          interestValue: 0,
        })
      ).status,
    ).toBe(400);

    const placed = await tx({
      referenceId: orderFormId,
      value: cart.value,
      referenceValue: cart.value,
      interestValue: 0,
    });
    expect(placed.status).toBe(200);
    const body = (await placed.json()) as {
      orders: { orderId: string; orderGroup: string; value: number }[];
    };
    expectMatchesOpenApi(
      'POST',
      `/api/checkout/pub/orderForm/${orderFormId}/transaction`,
      200,
      body,
    );
    const order = body.orders[0];
    if (!order) throw new Error('no order placed');
    expect(order.value).toBe(cart.value);
    const doc: OrderDocument = t.order(order.orderId);
    expect(doc.orderFormId).toBe(orderFormId);
    expect(doc.shippingData?.logisticsInfo?.map((l) => l.selectedSla)).toEqual([
      'Expressa',
      'Expressa',
    ]);
    expect(doc.totals.find((x) => x.id === 'Shipping')?.value).toBe(shipping);

    // A cart places one order only.
    expect(
      (
        await tx({
          referenceId: orderFormId,
          value: cart.value,
          referenceValue: cart.value,
          interestValue: 0,
        })
      ).status,
    ).toBe(400);

    const cb = await t.s.api(`/api/checkout/pub/gatewayCallback/${order.orderGroup}`, {
      method: 'POST',
      headers: { cookie: cookieHeader(placed) },
    });
    expect(cb.status).toBe(200);
    await t.advance(10);
    expect(t.order(order.orderId).status).toBe('window-to-cancel');
  });

  it('answers 404 for an unknown orderForm and 400 for an incomplete cart', async () => {
    const t = await open();
    const unknown = await t.s.api(
      '/api/checkout/pub/orderForm/0123456789abcdef0123456789abcdef/transaction',
      {
        method: 'POST',
        json: {
          referenceId: '0123456789abcdef0123456789abcdef',
          value: 1,
          referenceValue: 1,
          interestValue: 0,
        },
      },
    );
    expect(unknown.status).toBe(404);
    const { orderFormId } = (await (await t.s.api('/api/checkout/pub/orderForm')).json()) as {
      orderFormId: string;
    };
    const empty = await t.s.api(`/api/checkout/pub/orderForm/${orderFormId}/transaction`, {
      method: 'POST',
      json: { referenceId: orderFormId, value: 0, referenceValue: 0, interestValue: 0 },
    });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(
      /add items, clientProfileData, paymentData/,
    );
  });
});

describe('change seller', () => {
  it('reads and updates the window to change seller (default 2 days, 0 to 30)', async () => {
    const t = await open();
    const get = async () => {
      const res = await t.s.api('/api/checkout/pvt/configuration/window-to-change-seller');
      const body: unknown = await res.json();
      expectMatchesOpenApi(
        'GET',
        '/api/checkout/pvt/configuration/window-to-change-seller',
        res.status,
        body,
      );
      return body;
    };
    expect(await get()).toBe(2);
    const post = (json: unknown) =>
      t.s.api('/api/checkout/pvt/configuration/window-to-change-seller', { method: 'POST', json });
    expect((await post({ waitingTime: 5 })).status).toBe(201);
    expect(await get()).toBe(5);
    expect((await post({ waitingTime: 31 })).status).toBe(400);
    expect((await post({ waitingTime: 'x' })).status).toBe(400);
    expect(await get()).toBe(5);
  });

  it('changes the seller of a pending order: items and sellers updated, couriers cleared', async () => {
    const t = await open();
    const [o] = createOrders(t.ctx, {
      items: [
        { skuId: '112', quantity: 2 },
        { skuId: '118', quantity: 1 },
      ],
      paymentGroup: 'promissory',
      status: 'payment-pending',
    });
    if (!o) throw new Error('no order');
    const put = (json: unknown, id = o.orderId) =>
      t.s.api(`/api/checkout/pvt/orders/${id}/sellers`, { method: 'PUT', json });
    const body = (extra: Record<string, unknown> = {}) => ({
      marketplacePaymentValue: o.value,
      newSellerId: 'casaeconforto',
      shippingData: {
        logisticsInfo: [
          { itemIndex: 0, selectedSla: 'Expressa', selectedDeliveryChannel: 'delivery' },
        ],
      },
      ...extra,
    });
    expect((await put(body({ marketplacePaymentValue: o.value - 1 }))).status).toBe(400);
    expect((await put(body({ newSellerId: 'nobody' }))).status).toBe(400);
    expect((await put(body({ newSellerId: 'eletrobrasil' }))).status).toBe(400);
    expect(
      (
        await put(
          body({ shippingData: { logisticsInfo: [{ itemIndex: 7, selectedSla: 'Normal' }] } }),
        )
      ).status,
    ).toBe(400);
    expect((await put(body(), '1111111111111-01')).status).toBe(404);

    const res = await put(body());
    expect(res.status).toBe(200);
    expect(((await res.json()) as { orderId: string }).orderId).toBe(o.orderId);
    const doc = t.order(o.orderId);
    expect(doc.status).toBe('payment-pending');
    expect(doc.items.map((i) => i.seller)).toEqual(['casaeconforto', 'casaeconforto']);
    expect(doc.sellers?.map((s) => s.id)).toEqual(['casaeconforto']);
    expect(doc.shippingData?.logisticsInfo?.map((l) => l.deliveryIds)).toEqual([[], []]);
    expect(doc.shippingData?.logisticsInfo?.[0]?.selectedSla).toBe('Expressa');
    expect(doc.value).toBe(o.value);
    expect(t.ctx.effects.list({ orderId: o.orderId }).map((e) => [e.method, e.status])).toEqual([
      ['PUT', 200],
    ]);
    // The same seller again is refused.
    expect((await put(body())).status).toBe(400);
  });

  it('allows it only in its statuses and window; from window-to-change-seller the flow resumes', async () => {
    const t = await open();
    const spec = { items: [{ skuId: '121', quantity: 1 }], paymentGroup: 'creditCard' as const };
    const [ready] = createOrders(t.ctx, { ...spec, status: 'ready-for-handling' });
    const [win] = createOrders(t.ctx, { ...spec, status: 'window-to-change-seller' });
    const [late] = createOrders(t.ctx, { ...spec, status: 'window-to-change-seller' });
    if (!ready || !win || !late) throw new Error('orders missing');
    const put = (o: OrderDocument) =>
      t.s.api(`/api/checkout/pvt/orders/${o.orderId}/sellers`, {
        method: 'PUT',
        json: {
          marketplacePaymentValue: o.value,
          newSellerId: 'eletrobrasil',
          shippingData: { logisticsInfo: [{ itemIndex: 0, selectedSla: 'Normal' }] },
        },
      });
    const refused = await put(ready);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('CHK0124');

    expect((await put(win)).status).toBe(200);
    expect(t.order(win.orderId).status).toBe('payment-approved');
    await t.advance(0);
    expect(t.order(win.orderId).status).toBe('window-to-cancel');
    expect(t.order(win.orderId).items[0]?.seller).toBe('eletrobrasil');

    // Setting a zero-day window ends the window of the other order at once.
    await t.s.api('/api/checkout/pvt/configuration/window-to-change-seller', {
      method: 'POST',
      json: { waitingTime: 0 },
    });
    const expired = await put(late);
    expect(expired.status).toBe(400);
    expect(((await expired.json()) as { error: { message: string } }).error.message).toMatch(
      /has ended/,
    );
    await t.advance(0);
    expect(t.order(late.orderId).status).toBe('canceled');
  });
});
