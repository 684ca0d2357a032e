import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxContext } from '../../sandbox/context';
import { catalog } from '../../sandbox/state/catalog';
import { ACKNOWLEDGE_AFTER_MS, CONFIRM_AFTER_MS, MAX_ATTEMPTS } from '../../sandbox/state/changes';
import type { OrderDocument } from '../../vtex';
import { insertFullOrder, type FullOrderOptions } from '../helpers/full-order';
import { expectMatchesOpenApi } from '../helpers/openapi';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * Order modifications (change v2, `/api/order-system/...`): the request → acknowledgement →
 * confirmation → done flow on the sandbox clock, the consistent update of items, totals, value and
 * payments, the documented error codes as RFC 9110 problem JSON, retry/cancel of failed changes,
 * the settings and the change summary.
 */

let sb: TestSandbox;
let ctx: SandboxContext;

beforeAll(async () => {
  sb = await startSandbox();
  ctx = sb.app.sandbox;
});
afterAll(() => sb.close());

const AN = 'an=sandbox';
const base = (orderId: string) => `/api/order-system/orders/${orderId}/changes`;

type Json = Record<string, unknown>;

async function call(method: string, path: string, json?: unknown) {
  const res = await sb.api(path, { method, ...(json === undefined ? {} : { json }) });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as Json) : null,
  };
}

function order(opts: FullOrderOptions = {}): OrderDocument {
  return insertFullOrder(ctx, { status: 'handling', ...opts });
}

/** Moves the sandbox clock and runs the timers, as the control API does. */
async function advance(ms: number): Promise<void> {
  sb.clock.advance(ms);
  await ctx.tick();
}

const untilDone = () => advance(ACKNOWLEDGE_AFTER_MS + CONFIRM_AFTER_MS);

function expectProblem(
  res: { status: number; body: Json | null },
  status: number,
  code?: string,
): string {
  expect(res.status).toBe(status);
  const b = res.body ?? {};
  expect(b.status).toBe(status);
  expect(typeof b.title).toBe('string');
  expect(b.type).toMatch(/^https:\/\//);
  // The errors the sandbox's rules raise name the RFC 9110 section of their status.
  if (code)
    expect(b.type).toMatch(/^https:\/\/tools\.ietf\.org\/html\/rfc9110#section-15\.5\.\d+$/);
  expect(b.traceId).toMatch(/^[0-9a-f]{16}$/);
  if (code) expect(b.code).toBe(code);
  return String(b.detail ?? '');
}

/**
 * The change schemas of the OpenAPI disagree with one another: PATCH and GET-one type `add` and
 * `remove` as arrays of strings while the history types them as objects (the request's shape,
 * which the sandbox echoes), and PATCH types `totals` as strings while every other change schema
 * has {id, name, value} objects. Those fields are asserted explicitly by the tests; only they are
 * neutralised before validating the rest of a body against the documented schema.
 */
function withoutSchemaConflicts(body: Json | null, opts: { totals?: boolean } = {}): Json {
  const copy = structuredClone(body ?? {});
  copy.add = null;
  copy.remove = null;
  if (opts.totals) copy.totals = [];
  return copy;
}

/**
 * The change-summary schema wraps the TotalsUpdated array schema in a second `items`, so it
 * demands an array of arrays; its own example (and Get order) has a flat list of totals. The
 * totals are asserted explicitly; the rest of the body is validated as documented.
 */
function withFlatTotals(body: Json | null): Json {
  const copy = structuredClone(body ?? {});
  copy.totals = [];
  return copy;
}

const total = (doc: OrderDocument, id: string) => doc.totals.find((t) => t.id === id)?.value ?? 0;
const sumTotals = (doc: OrderDocument) => doc.totals.reduce((s, t) => s + t.value, 0);
const sumPayments = (doc: OrderDocument) =>
  (doc.paymentData?.transactions ?? []).flatMap((t) => t.payments).reduce((s, p) => s + p.value, 0);

describe('a change through its whole flow', () => {
  it('accepts (202), acknowledges, confirms and applies the change consistently', async () => {
    const o = order();
    const before = ctx.orders.mustGet(o.orderId);
    const req = {
      reason: 'Cliente desistiu de uma caneca',
      remove: { items: [{ id: '1001', quantity: 1 }] },
      add: { items: [{ id: '1002', quantity: 1 }] },
      manualDiscountValue: 300,
    };
    const res = await call('PATCH', `${base(o.orderId)}?${AN}`, req);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      reason: req.reason,
      manualDiscountValue: 300,
      manualIncrementValue: 0,
      // −1500 for the mug, +2500 for the shirt, −300 manual.
      totalChangeValue: 700,
      add: { items: [{ id: '1002', quantity: 1 }] },
      remove: { items: [{ id: '1001', quantity: 1 }] },
      replace: [],
      origin: { account: 'sandbox', orderId: o.orderId, component: 'FulfillmentComponent' },
    });
    expect(res.body?.totals).toEqual([
      { id: 'Items', name: 'Items Total', value: 1000 },
      { id: 'Discounts', name: 'Discounts Total', value: 0 },
      { id: 'Shipping', name: 'Shipping Total', value: 0 },
      { id: 'Tax', name: 'Tax Total', value: 0 },
      { id: 'ManualValues', name: 'Manual Values Total', value: -300 },
    ]);
    const requestId = String(res.body?.requestId);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body?.workflowId).toMatch(/^[0-9a-f-]{36}$/);
    expectMatchesOpenApi(
      'PATCH',
      '/api/order-system/orders/{changeOrderId}/changes',
      202,
      withoutSchemaConflicts(res.body, { totals: true }),
    );
    expect(ctx.effects.list({ orderId: o.orderId })).toMatchObject([
      { method: 'PATCH', status: 202, changed: true },
    ]);

    const detail = async () =>
      (await call('GET', `${base(o.orderId)}/${requestId}?${AN}`)).body ?? {};
    expect(await detail()).toMatchObject({ status: 'waiting-acknowledgement', inProgress: true });
    expect(ctx.orders.mustGet(o.orderId).value).toBe(before.value);

    await advance(ACKNOWLEDGE_AFTER_MS);
    expect(await detail()).toMatchObject({ status: 'waiting-confirmation', inProgress: true });
    expect(ctx.orders.mustGet(o.orderId).items[0]?.quantity).toBe(2);

    await advance(CONFIRM_AFTER_MS);
    const done = await detail();
    expect(done).toMatchObject({ status: 'done', inProgress: false, requestId });
    expect((done.logs as { status: string }[]).map((l) => l.status)).toEqual([
      'waiting-acknowledgement',
      'waiting-confirmation',
      'done',
    ]);
    expectMatchesOpenApi(
      'GET',
      '/api/order-system/orders/{changeOrderId}/changes/{changeRequestId}',
      200,
      withoutSchemaConflicts(done),
    );

    const after = ctx.orders.mustGet(o.orderId);
    expect(after.status).toBe('handling');
    expect(after.items.map((i) => [i.id, i.quantity])).toEqual([
      ['1001', 1],
      ['1002', 2],
    ]);
    expect(after.value).toBe(before.value + 700);
    expect(sumTotals(after)).toBe(after.value);
    expect(total(after, 'Items')).toBe(1500 + 5000);
    expect(total(after, 'Discounts')).toBe(-300);
    expect(sumPayments(after)).toBe(after.value);
    expect(after.shippingData?.logisticsInfo?.map((li) => li.deliveryIds?.[0]?.quantity)).toEqual([
      1, 2,
    ]);
    expect(after.changesAttachment).toMatchObject({
      id: 'changeAttachment',
      changesData: [
        {
          reason: req.reason,
          discountValue: 0,
          incrementValue: 700,
          itemsAdded: [{ id: '1002', quantity: 1, price: 2500 }],
          itemsRemoved: [{ id: '1001', quantity: 1, price: 1500 }],
          receipt: { orderId: o.orderId },
        },
      ],
    });
    const get = await call('GET', `/api/oms/pvt/orders/${o.orderId}`);
    expectMatchesOpenApi('GET', '/api/oms/pvt/orders/{orderId}', 200, get.body);

    const history = await call('GET', `${base(o.orderId)}?${AN}`);
    expect(history.status).toBe(200);
    expectMatchesOpenApi(
      'GET',
      '/api/order-system/orders/{changeOrderId}/changes',
      200,
      history.body,
    );
    expect((history.body?.requests as Json[]).map((r) => r.requestId)).toEqual([requestId]);
    expect(history.body?.actions).toEqual([]);

    const summary = await call('GET', `/api/orders/pvt/document/${o.orderId}/change-summary`);
    expect(summary.status).toBe(200);
    expectMatchesOpenApi(
      'GET',
      '/api/orders/pvt/document/{orderId}/change-summary',
      200,
      withFlatTotals(summary.body),
    );
    expect(summary.body).toMatchObject({
      original: [
        { id: '1001', quantity: 2 },
        { id: '1002', quantity: 1 },
      ],
      added: [{ id: '1002', quantity: 1, totalQuantity: 2 }],
      removed: [{ id: '1001', quantity: 1 }],
      manualDiscountValueAggregated: 300,
      totalChangeValueAggregated: 700,
    });
    expect(
      (summary.body?.totals as { id: string; value: number }[]).map((t) => [t.id, t.value]),
    ).toEqual([
      ['Items', 1000],
      ['Discounts', -300],
      ['Shipping', 0],
      ['Tax', 0],
    ]);
  });

  it('walks every step in one tick after a long clock jump, and accepts accountName= too', async () => {
    const o = order();
    const res = await call('PATCH', `${base(o.orderId)}?accountName=SANDBOX`, {
      reason: 'Desconto por atraso',
      manualDiscountValue: 500,
    });
    expect(res.status).toBe(202);
    await advance(60_000);
    expect(
      (await call('GET', `${base(o.orderId)}/${String(res.body?.requestId)}?${AN}`)).body?.status,
    ).toBe('done');
    const after = ctx.orders.mustGet(o.orderId);
    expect(after.value).toBe(o.value - 500);
    expect(sumPayments(after)).toBe(after.value);
  });

  it('previews a change without storing or applying anything', async () => {
    const o = order();
    const res = await call('POST', `${base(o.orderId)}/preview?${AN}`, {
      reason: 'Simulação',
      remove: { items: [{ id: '1002', quantity: 1 }] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ totalChangeValue: -2500, reason: 'Simulação' });
    expect(res.body?.requestId).toBeUndefined();
    expectMatchesOpenApi(
      'POST',
      '/api/order-system/orders/{changeOrderId}/changes/preview',
      200,
      withoutSchemaConflicts(res.body),
    );
    await untilDone();
    expect(ctx.orders.mustGet(o.orderId)).toEqual(o);
    expect((await call('GET', `${base(o.orderId)}?${AN}`)).body?.requests).toEqual([]);
    expect(ctx.effects.list({ orderId: o.orderId })).toEqual([]);
  });

  it('replaces an item and its shipping, and adds a catalog SKU with its catalog data', async () => {
    const sku = catalog().find((s) => s.id !== '1001' && s.id !== '1002');
    if (!sku) throw new Error('the catalog has no SKU to add');
    const o = order();
    const addressId = o.shippingData?.address?.addressId ?? '';
    const res = await call('PATCH', `${base(o.orderId)}?${AN}`, {
      reason: 'Troca de tamanho e frete expresso',
      replace: [
        {
          from: { items: [{ id: '1002', quantity: 1 }] },
          to: {
            items: [{ id: '1003', quantity: 1, price: 2700 }],
            shippingData: {
              logisticsInfo: [
                {
                  itemIndex: 0,
                  selectedSla: 'Expressa',
                  selectedDeliveryChannel: 'delivery',
                  addressId,
                  price: 1500,
                },
              ],
            },
          },
        },
      ],
      add: { items: [{ id: sku.id, quantity: 2 }] },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const change = 200 + 1500 + 2 * sku.price;
    expect(res.body?.totalChangeValue).toBe(change);
    const rep = (res.body?.replace as Json[])[0] as {
      from: { items: Json[] };
      to: { items: Json[]; shippingData: { logisticsInfo: Json[] } };
    };
    expect(rep.from.items).toMatchObject([{ id: '1002', quantity: 1, price: 2500 }]);
    expect(rep.to.items).toMatchObject([{ id: '1003', quantity: 1, price: 2700 }]);
    expect(rep.to.shippingData.logisticsInfo).toMatchObject([
      { itemIndex: 0, selectedSla: 'Expressa', price: 1500 },
    ]);
    await untilDone();
    const after = ctx.orders.mustGet(o.orderId);
    expect(after.items.map((i) => [i.id, i.quantity, i.price])).toEqual([
      ['1001', 2, 1500],
      ['1003', 1, 2700],
      [sku.id, 2, sku.price],
    ]);
    expect(after.items[2]).toMatchObject({ name: sku.name, ean: sku.ean, refId: sku.refId });
    expect(
      after.shippingData?.logisticsInfo?.map((li) => [li.itemIndex, li.selectedSla, li.price]),
    ).toEqual([
      [0, 'Normal', 1000],
      [1, 'Expressa', 1500],
      [2, 'Normal', 0],
    ]);
    expect(total(after, 'Shipping')).toBe(2500);
    expect(after.value).toBe(o.value + change);
    expect(sumTotals(after)).toBe(after.value);
    const summary = await call('GET', `/api/orders/pvt/document/${o.orderId}/change-summary`);
    expectMatchesOpenApi(
      'GET',
      '/api/orders/pvt/document/{orderId}/change-summary',
      200,
      withFlatTotals(summary.body),
    );
    expect(summary.body?.replaced).toMatchObject([
      {
        replaceType: 'ItemReplacement',
        type: 'UserInput',
        from: { items: [{ id: '1002' }] },
        to: { items: [{ id: '1003' }] },
      },
    ]);
  });

  it('allows one change at a time (SalesOrderSystem014) and the next once it is done', async () => {
    const o = order();
    const first = await call('PATCH', `${base(o.orderId)}?${AN}`, {
      reason: 'a',
      manualDiscountValue: 100,
    });
    expect(first.status).toBe(202);
    const second = await call('PATCH', `${base(o.orderId)}?${AN}`, {
      reason: 'b',
      manualDiscountValue: 100,
    });
    expect(expectProblem(second, 409, 'SalesOrderSystem014')).toContain('Change In Progress.');
    await untilDone();
    expect(
      (await call('PATCH', `${base(o.orderId)}?${AN}`, { reason: 'b', manualDiscountValue: 100 }))
        .status,
    ).toBe(202);
  });
});

describe('refusals', () => {
  it('refuses canceled, invoiced, not-yet-handled and chain orders', async () => {
    const body = { reason: 'x', manualDiscountValue: 100 };
    expectProblem(
      await call('PATCH', `${base(order({ status: 'canceled' }).orderId)}?${AN}`, body),
      409,
      'SalesOrderSystem008',
    );
    const ready = await call(
      'PATCH',
      `${base(order({ status: 'ready-for-handling' }).orderId)}?${AN}`,
      body,
    );
    expect(expectProblem(ready, 409, 'CHK0124')).toContain('ready-for-handling');
    expectProblem(
      await call('PATCH', `${base(order({ origin: 'Chain' }).orderId)}?${AN}`, body),
      409,
      'CHK0095',
    );

    const partial = order();
    const inv = await sb.api(`/api/oms/pvt/orders/${partial.orderId}/invoice`, {
      method: 'POST',
      json: {
        type: 'Output',
        issuanceDate: '2026-11-27T10:00:00Z',
        invoiceNumber: 'NF-1',
        invoiceValue: 2500,
        items: [{ id: '1002', price: 2500, quantity: 1 }],
      },
    });
    expect(inv.status).toBe(200);
    expectProblem(
      await call('PATCH', `${base(partial.orderId)}?${AN}`, body),
      409,
      'SalesOrderSystem046',
    );
    expectProblem(await call('PATCH', `${base('0000000000000-01')}?${AN}`, body), 404, 'CHK0201');
  });

  it('refuses changes that do not fit the order, each with VTEX code', async () => {
    const o = order();
    const url = `${base(o.orderId)}?${AN}`;
    const cases: [unknown, number, string, RegExp?][] = [
      [
        { reason: 'x', remove: { items: [{ id: '7777', quantity: 1 }] } },
        400,
        'SalesOrderSystem010',
        /7777/,
      ],
      [
        { reason: 'x', remove: { items: [{ id: '1002', quantity: 2 }] } },
        400,
        'SalesOrderSystem011',
        /more than 1 quantities/,
      ],
      [
        { reason: 'x', remove: { items: [{ id: '1001', quantity: 1, uniqueId: 'NOPE' }] } },
        400,
        'SalesOrderSystem026',
      ],
      [
        { reason: 'x', remove: { items: [{ id: '1001', quantity: 1, measurementUnit: 'kg' }] } },
        400,
        'SalesOrderSystem055',
      ],
      [{ reason: 'x', remove: { items: [{ id: '1001', quantity: 0 }] } }, 400, 'CHK0023'],
      [
        { reason: 'x', add: { items: [{ id: 'NOT-A-SKU', quantity: 1 }] } },
        400,
        'CHK0022',
        /price/,
      ],
      [{ reason: 'x', manualDiscountValue: o.value }, 400, 'CHK0034'],
      [{ reason: 'x', manualDiscountValue: -1 }, 400, 'CHK0098'],
      [{ reason: 'x' }, 409, 'CHK0124', /nothing/],
      [
        {
          reason: 'x',
          remove: {
            items: [
              { id: '1001', quantity: 2 },
              { id: '1002', quantity: 1 },
            ],
          },
        },
        409,
        'CHK0124',
        /every item/,
      ],
      [
        {
          reason: 'x',
          replace: [
            {
              from: { items: [{ id: '1001', quantity: 1 }] },
              to: {
                items: [{ id: '1001', quantity: 1 }],
                shippingData: {
                  logisticsInfo: [{ itemIndex: 3, selectedSla: 'Normal', price: 0 }],
                },
              },
            },
          ],
        },
        400,
        'SalesOrderSystem013',
      ],
      [
        {
          reason: 'x',
          replace: [
            {
              from: { items: [{ id: '1001', quantity: 1 }] },
              to: {
                items: [{ id: '1001', quantity: 1 }],
                shippingData: {
                  logisticsInfo: [
                    { itemIndex: 0, selectedSla: 'Normal', addressId: 'elsewhere', price: 0 },
                  ],
                },
              },
            },
          ],
        },
        400,
        'SalesOrderSystem045',
      ],
    ];
    for (const [body, status, code, detail] of cases) {
      const res = await call('PATCH', url, body);
      const text = expectProblem(res, status, code);
      if (detail) expect(text).toMatch(detail);
    }
    expect(ctx.orders.mustGet(o.orderId)).toEqual(o);
    expect((await call('GET', `${base(o.orderId)}?${AN}`)).body?.requests).toEqual([]);
  });

  it('refuses to raise the value of a boleto order (CHK00342) unless its payment system is allowed', async () => {
    const o = order({ paymentGroup: 'bankInvoice' });
    const raise = { reason: 'Frete extra', manualIncrementValue: 800 };
    expectProblem(await call('PATCH', `${base(o.orderId)}?${AN}`, raise), 400, 'CHK00342');
    const put = await call('PUT', `/api/order-system/orders/changes/settings?${AN}`, {
      paymentConfiguration: { customPaymentSystemsAllowed: ['6'] },
    });
    expect(put.status).toBe(200);
    expect((await call('PATCH', `${base(o.orderId)}?${AN}`, raise)).status).toBe(202);
    await untilDone();
    expect(ctx.orders.mustGet(o.orderId).value).toBe(o.value + 800);
    await call('PUT', `/api/order-system/orders/changes/settings?${AN}`, {
      paymentConfiguration: { customPaymentSystemsAllowed: [] },
    });
  });

  it('answers problem JSON for bad input: account, reason, types, JSON, unknown change', async () => {
    const o = order();
    const body = { reason: 'x', manualDiscountValue: 100 };
    expect(expectProblem(await call('PATCH', base(o.orderId), body), 400)).toMatch(
      /an \(or accountName\)/,
    );
    expect(
      expectProblem(await call('PATCH', `${base(o.orderId)}?an=otherstore`, body), 400),
    ).toContain('otherstore');
    expect(
      expectProblem(
        await call('PATCH', `${base(o.orderId)}?${AN}`, { manualDiscountValue: 1 }),
        400,
      ),
    ).toMatch(/reason/);
    expect(
      expectProblem(
        await call('PATCH', `${base(o.orderId)}?${AN}`, {
          reason: 'x',
          add: { items: [{ id: '1', quantity: 'two' }] },
        }),
        400,
      ),
    ).toMatch(/add\.items\.0\.quantity/);
    const broken = await sb.api(`${base(o.orderId)}?${AN}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: '{"reason":',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as Json).title).toBe('Bad Request');
    expectProblem(
      await call('GET', `${base(o.orderId)}/00000000-0000-0000-0000-000000000000?${AN}`),
      404,
      'CHK0289',
    );
    expect(ctx.effects.list({ orderId: o.orderId })).toEqual([]);
  });
});

describe('failed changes: retry and cancel', () => {
  /** A change that fails when applied: the order is fully invoiced while it waits. */
  async function failedChange(): Promise<{ o: OrderDocument; id: string }> {
    const o = order();
    const res = await call('PATCH', `${base(o.orderId)}?${AN}`, {
      reason: 'Tirar a camiseta',
      remove: { items: [{ id: '1002', quantity: 1 }] },
    });
    expect(res.status).toBe(202);
    const inv = await sb.api(`/api/oms/pvt/orders/${o.orderId}/invoice`, {
      method: 'POST',
      json: {
        type: 'Output',
        issuanceDate: '2026-11-27T10:00:00Z',
        invoiceNumber: `NF-${o.orderId}`,
        invoiceValue: o.value,
        items: [
          { id: '1001', price: 1500, quantity: 2 },
          { id: '1002', price: 2500, quantity: 1 },
        ],
      },
    });
    expect(inv.status).toBe(200);
    await untilDone();
    return { o, id: String(res.body?.requestId) };
  }

  it('a change raced by an invoice fails, stops, and keeps blocking new changes', async () => {
    const { o, id } = await failedChange();
    const d = (await call('GET', `${base(o.orderId)}/${id}?${AN}`)).body ?? {};
    expect(d).toMatchObject({ status: 'waiting-confirmation', inProgress: false });
    expect((d.logs as Json[]).at(-1)).toMatchObject({ type: 'error', code: 'SalesOrderSystem046' });
    const doc = ctx.orders.mustGet(o.orderId);
    expect(doc.status).toBe('invoiced');
    expect(doc.items.map((i) => i.quantity)).toEqual([2, 1]);
    expect(doc.changesAttachment).toBeNull();
  });

  it('retry (204) tries again, cancel (200) ends it; done and canceled changes refuse both', async () => {
    const { o, id } = await failedChange();
    const url = `${base(o.orderId)}/${id}`;
    const retry = await call('POST', `${url}/retry?${AN}`);
    expect(retry.status).toBe(204);
    expect(retry.body).toBeNull();
    expectMatchesOpenApi(
      'POST',
      '/api/order-system/orders/{changeOrderId}/changes/{changeRequestId}/retry',
      204,
      retry.body,
    );
    expect((await call('GET', `${url}?${AN}`)).body).toMatchObject({
      inProgress: true,
      status: 'waiting-confirmation',
    });
    await advance(1);
    expect((await call('GET', `${url}?${AN}`)).body).toMatchObject({ inProgress: false });

    expectProblem(await call('POST', `${url}/cancel?${AN}`, {}), 400);
    const cancel = await call('POST', `${url}/cancel?${AN}`, { reason: 'Pedido já faturado' });
    expect(cancel.status).toBe(200);
    expectMatchesOpenApi(
      'POST',
      '/api/order-system/orders/{changeOrderId}/changes/{changeRequestId}/cancel',
      200,
      cancel.body,
    );
    const d = (await call('GET', `${url}?${AN}`)).body ?? {};
    expect(d).toMatchObject({ status: 'canceled', inProgress: false });
    expect((await call('POST', `${url}/cancel?${AN}`, { reason: 'de novo' })).status).toBe(200);
    expectProblem(await call('POST', `${url}/retry?${AN}`), 409, 'SalesOrderSystem016');
    expect(
      ctx.effects
        .list({ orderId: o.orderId, path: '%/changes/%' })
        .map((e) => [e.path.split('/').at(-1), e.changed]),
    ).toEqual([
      ['retry', true],
      ['cancel', true],
      ['cancel', false],
    ]);

    const ok = order();
    const res = await call('PATCH', `${base(ok.orderId)}?${AN}`, {
      reason: 'x',
      manualDiscountValue: 100,
    });
    await untilDone();
    const doneUrl = `${base(ok.orderId)}/${String(res.body?.requestId)}`;
    expectProblem(await call('POST', `${doneUrl}/retry?${AN}`), 409, 'SalesOrderSystem016');
    expect(
      expectProblem(await call('POST', `${doneUrl}/cancel?${AN}`, { reason: 'x' }), 409),
    ).toMatch(/cannot be canceled/);
  });

  it(`a change that fails ${MAX_ATTEMPTS} times is canceled by the system (SalesOrderSystem017)`, async () => {
    const { o, id } = await failedChange();
    const url = `${base(o.orderId)}/${id}`;
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      expect((await call('POST', `${url}/retry?${AN}`)).status).toBe(204);
      await advance(1);
    }
    const d = (await call('GET', `${url}?${AN}`)).body ?? {};
    expect(d).toMatchObject({ status: 'canceled', inProgress: false });
    expect((d.logs as Json[]).at(-1)).toMatchObject({ code: 'SalesOrderSystem017' });
  });
});

describe('settings', () => {
  it('serves defaults, merges a PUT and can switch the API off', async () => {
    const url = `/api/order-system/orders/changes/settings?${AN}`;
    const got = await call('GET', url);
    expect(got.status).toBe(200);
    expectMatchesOpenApi('GET', '/api/order-system/orders/changes/settings', 200, got.body);
    expect(got.body).toMatchObject({ rolloutConfiguration: { enableApi: true } });

    const put = await call('PUT', url, {
      pipelineConfiguration: { compensateShippingChanges: false },
      rolloutConfiguration: { enableApi: false },
    });
    expect(put.status).toBe(200);
    expectMatchesOpenApi('PUT', '/api/order-system/orders/changes/settings', 200, put.body);
    expect(put.body).toMatchObject({
      rolloutConfiguration: {
        enableApi: false,
        usingDefaultBehavior: false,
        enableAdminOrders: { enabledWorkspaces: ['*'] },
      },
      pipelineConfiguration: {
        compensateShippingChanges: false,
        enablePromotionRecalculation: false,
      },
    });
    expect((await call('GET', url)).body).toEqual(put.body);

    const o = order();
    expect(
      expectProblem(
        await call('PATCH', `${base(o.orderId)}?${AN}`, { reason: 'x', manualDiscountValue: 1 }),
        403,
      ),
    ).toMatch(/enableApi/);
    expect((await call('PUT', url, { rolloutConfiguration: { enableApi: 'yes' } })).status).toBe(
      400,
    );
    await call('PUT', url, { rolloutConfiguration: { enableApi: true } });
    expect(
      (await call('PATCH', `${base(o.orderId)}?${AN}`, { reason: 'x', manualDiscountValue: 1 }))
        .status,
    ).toBe(202);
    expect(
      expectProblem(await call('GET', '/api/order-system/orders/changes/settings'), 400),
    ).toMatch(/accountName/);
  });
});
