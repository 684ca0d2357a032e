import { describe, expect, it } from 'vitest';
import {
  applyOptimistic,
  believedDoc,
  classify,
  formatInvoiceNumber,
  isApplied,
  isoWithOffset,
  type ActionRequest,
} from '../../main/core/outbox';
import { VtexClientError } from '../../main/core/vtex/errors';
import type { OrderDocument, Package } from '../../vtex';
import { makeOrder } from '../helpers/desk-orders';

/** The pure halves of the outbox: what an action does to an order, and how failures are read. */

function order(status: string, packages: Partial<Package>[] = []): OrderDocument {
  const doc = makeOrder({
    index: 3,
    status,
    items: [
      { skuId: '101', price: 2500, quantity: 2 },
      { skuId: '202', price: 5000, quantity: 1 },
    ],
  });
  return {
    ...doc,
    value: 10_000,
    packageAttachment: {
      packages: packages.map((p) => ({
        items: [],
        invoiceNumber: 'x',
        invoiceValue: 0,
        type: 'Output',
        ...p,
      })),
    },
    paymentData: {
      transactions: [{ payments: [{ id: 'PAY', group: 'promissory', value: 10_000 }] }],
    },
  };
}

const invoice = (invoiceNumber: string, type: 'Output' | 'Input' = 'Output'): ActionRequest => ({
  kind: 'invoice',
  target: null,
  body: {
    type,
    issuanceDate: '2026-11-27T09:00:00-03:00',
    invoiceNumber,
    invoiceValue: 10_000,
    items: [
      { id: '101', price: 2500, quantity: 2 },
      { id: '202', price: 5000, quantity: 1 },
    ],
    trackingNumber: 'BR1',
  },
});

describe('isApplied: is the effect already in VTEX\u2019s document?', () => {
  it('start-handling: once the order is in handling or later', () => {
    const r: ActionRequest = { kind: 'start-handling', target: null, body: null };
    expect(isApplied(order('ready-for-handling'), r, 'a')).toBe(false);
    expect(isApplied(order('handling'), r, 'a')).toBe(true);
    expect(isApplied(order('invoiced'), r, 'a')).toBe(true);
    expect(isApplied(order('canceled'), r, 'a')).toBe(false);
  });

  it('record-payment: the order left payment-pending (a denial cancels, which is not ours)', () => {
    const r: ActionRequest = { kind: 'record-payment', target: 'PAY', body: null };
    expect(isApplied(order('payment-pending'), r, 'a')).toBe(false);
    expect(isApplied(order('payment-approved'), r, 'a')).toBe(true);
    expect(isApplied(order('ready-for-handling'), r, 'a')).toBe(true);
    expect(isApplied(order('canceled'), r, 'a')).toBe(false);
    expect(isApplied(order('payment-approved'), { ...r, target: 'OTHER' }, 'a')).toBe(false);
  });

  it('invoice: its number (and type) is among the packages', () => {
    expect(isApplied(order('handling'), invoice('NF-1'), 'a')).toBe(false);
    expect(isApplied(order('invoiced', [{ invoiceNumber: 'NF-1' }]), invoice('NF-1'), 'a')).toBe(
      true,
    );
    expect(
      isApplied(order('invoiced', [{ invoiceNumber: 'NF-1' }]), invoice('NF-1', 'Input'), 'a'),
    ).toBe(false);
  });

  it('tracking: the invoice shows the new tracking; events: each event and the delivery', () => {
    const patch: ActionRequest = {
      kind: 'tracking',
      target: 'NF-1',
      body: { trackingNumber: 'BR9', trackingUrl: null, courier: 'Jadlog', dispatchedDate: null },
    };
    expect(
      isApplied(order('handling', [{ invoiceNumber: 'NF-1', trackingNumber: 'BR1' }]), patch, 'a'),
    ).toBe(false);
    expect(
      isApplied(
        order('handling', [{ invoiceNumber: 'NF-1', trackingNumber: 'BR9', courier: 'Jadlog' }]),
        patch,
        'a',
      ),
    ).toBe(true);
    const events: ActionRequest = {
      kind: 'tracking-events',
      target: 'NF-1',
      body: { isDelivered: true, events: [{ description: 'Entregue', date: '2026-11-28' }] },
    };
    const base = order('invoiced', [{ invoiceNumber: 'NF-1', trackingNumber: 'BR9' }]);
    expect(isApplied(base, events, 'a')).toBe(false);
    const after = applyOptimistic(base, events);
    expect(isApplied(after, events, 'a')).toBe(true);
    expect(
      isApplied(
        order('invoiced', [
          {
            invoiceNumber: 'NF-1',
            courierStatus: { finished: false, data: [{ description: 'Entregue' }] },
          },
        ]),
        events,
        'a',
      ),
    ).toBe(false);
  });

  it('cancel: canceled; note: its marker among the order notes, unknown without them', () => {
    const c: ActionRequest = { kind: 'cancel', target: null, body: { reason: 'x' } };
    expect(isApplied(order('canceled'), c, 'a')).toBe(true);
    expect(isApplied(order('handling'), c, 'a')).toBe(false);
    const n: ActionRequest = {
      kind: 'note',
      target: null,
      body: { source: 's', message: 'hello [desk:act-1]' },
    };
    expect(isApplied(order('handling'), n, 'act-1')).toBe('unknown');
    expect(isApplied(order('handling'), n, 'act-1', [{ description: 'hello [desk:act-1]' }])).toBe(
      true,
    );
    expect(isApplied(order('handling'), n, 'act-1', [{ description: 'hello [desk:act-10]' }])).toBe(
      false,
    );
  });
});

describe('optimistic effects', () => {
  it('a full invoice invoices the order; effects already at VTEX are not applied twice', () => {
    const base = order('handling');
    const chain = [
      { id: 'a', request: invoice('NF-1') },
      { id: 'b', request: invoice('NF-1') },
    ];
    const believed = believedDoc(base, chain);
    expect(believed.status).toBe('invoiced');
    expect(believed.packageAttachment?.packages).toHaveLength(1);
    expect(believed.packageAttachment?.packages[0]?.items).toEqual([
      { itemIndex: 0, quantity: 2, price: 2500 },
      { itemIndex: 1, quantity: 1, price: 5000 },
    ]);
    // The original is untouched.
    expect(base.packageAttachment?.packages).toEqual([]);
  });

  it('a start-handling merged onto a document that is further along changes nothing', () => {
    const invoiced = order('invoiced', [{ invoiceNumber: 'NF-1', invoiceValue: 10_000 }]);
    const r: ActionRequest = { kind: 'start-handling', target: null, body: null };
    expect(believedDoc(invoiced, [{ id: 'a', request: r }]).status).toBe('invoiced');
  });
});

describe('classifying failures', () => {
  const err = (init: ConstructorParameters<typeof VtexClientError>[0]) => new VtexClientError(init);

  it('separates credentials, one refused permission, rate limits, transient, ambiguous and rejected', () => {
    expect(classify(err({ code: 'VTEX_UNAUTHORIZED', message: '', status: 401 }), true).type).toBe(
      'credentials',
    );
    // 403: the key lacks one endpoint's resource; the rest of the outbox keeps flowing.
    expect(classify(err({ code: 'VTEX_FORBIDDEN', message: '', status: 403 }), true).type).toBe(
      'forbidden',
    );
    expect(
      classify(
        err({ code: 'VTEX_RATE_LIMITED', message: '', status: 429, retryAfterMs: 5000 }),
        true,
      ),
    ).toMatchObject({ type: 'rate-limited', retryAfterMs: 5000 });
    // Never sent (connection refused): not in doubt, and a sign of being offline.
    expect(
      classify(err({ code: 'VTEX_NETWORK', message: '', ambiguous: false }), true),
    ).toMatchObject({ type: 'transient', ambiguous: false, offline: true });
    // Reset after sending: in doubt, but the server was there.
    expect(
      classify(err({ code: 'VTEX_NETWORK', message: '', ambiguous: true }), true),
    ).toMatchObject({
      type: 'transient',
      ambiguous: true,
      offline: false,
    });
    expect(
      classify(err({ code: 'VTEX_TIMEOUT', message: '', ambiguous: true }), true),
    ).toMatchObject({ type: 'transient', ambiguous: true, offline: true });
    // 408 is the server saying it did not take the request.
    expect(
      classify(err({ code: 'VTEX_TIMEOUT', message: '', status: 408, ambiguous: false }), true),
    ).toMatchObject({ type: 'transient', ambiguous: false, offline: false });
    expect(
      classify(err({ code: 'VTEX_SERVER', message: '', status: 500, ambiguous: true }), true),
    ).toMatchObject({ type: 'transient', ambiguous: true });
    expect(
      classify(err({ code: 'VTEX_SERVER', message: '', status: 503, ambiguous: false }), true),
    ).toMatchObject({ type: 'transient', ambiguous: false });
    // A failed read before sending is never in doubt.
    expect(
      classify(err({ code: 'VTEX_SERVER', message: '', status: 500, ambiguous: true }), false),
    ).toMatchObject({ type: 'transient', ambiguous: false });
    expect(
      classify(err({ code: 'VTEX_CONFLICT', message: '', status: 409, vtexCode: 'OMS003' }), true)
        .type,
    ).toBe('rejected');
    expect(classify(new Error('disk full'), true)).toMatchObject({
      type: 'transient',
      ambiguous: true,
    });
  });
});

describe('formats', () => {
  it('issuance dates carry the station offset', () => {
    const t = Date.parse('2026-11-27T12:00:00Z');
    expect(isoWithOffset(t, -180)).toBe('2026-11-27T09:00:00-03:00');
    expect(isoWithOffset(t, 330)).toBe('2026-11-27T17:30:00+05:30');
    expect(isoWithOffset(t, 0)).toBe('2026-11-27T12:00:00+00:00');
  });

  it('invoice numbers from a pattern', () => {
    const t = Date.parse('2026-01-01T01:00:00Z');
    expect(formatInvoiceNumber('{station}-{seq:6}', 42, 'Packing 1', t, -180)).toBe(
      'PACKING1-000042',
    );
    // 01:00 UTC is still 31 December at −03:00.
    expect(formatInvoiceNumber('NF{yyyy}{mm}{dd}-{seq}', 7, 'x', t, -180)).toBe('NF20251231-7');
    expect(formatInvoiceNumber('{yy}/{seq:3}', 1234, 'x', t, 0)).toBe('26/1234');
  });
});
