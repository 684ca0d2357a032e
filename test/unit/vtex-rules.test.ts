import { describe, expect, it } from 'vitest';
import {
  checkCancel,
  checkInvoice,
  checkPaymentNotification,
  checkStartHandling,
  checkTrackingEvents,
  InvoiceRequest,
  isFullyInvoiced,
  isPartiallyInvoiced,
  remainingToInvoice,
  returnable,
  type OrderDocument,
  type Package,
} from '../../vtex';

type RuleOrder = Parameters<typeof checkInvoice>[0];

function order(status: string, packages: Partial<Package>[] = []): RuleOrder {
  return {
    status,
    value: 10_000,
    items: [
      { uniqueId: 'a', id: '101', name: 'Caneca', quantity: 2, price: 2_500 },
      { uniqueId: 'b', id: '202', name: 'Camiseta', quantity: 1, price: 5_000 },
    ] as OrderDocument['items'],
    packageAttachment: {
      packages: packages.map((p) => ({
        items: [],
        invoiceNumber: 'x',
        invoiceValue: 0,
        type: 'Output',
        ...p,
      })) as Package[],
    },
    paymentData: {
      transactions: [
        {
          payments: [
            { id: 'P1', group: 'promissory', value: 10_000 },
            { id: 'P2', group: 'creditCard', value: 0 },
          ],
        },
      ],
    } as OrderDocument['paymentData'],
  };
}

const invoice = (over: Partial<InvoiceRequest> = {}) =>
  InvoiceRequest.parse({
    type: 'Output',
    issuanceDate: '2026-11-27T10:00:00-03:00',
    invoiceNumber: 'NF-1',
    invoiceValue: 5_000,
    items: [{ id: '101', price: 2_500, quantity: 2 }],
    ...over,
  });

describe('start handling', () => {
  it('is allowed only from ready-for-handling (OMS003 otherwise)', () => {
    expect(checkStartHandling(order('ready-for-handling'))).toBeNull();
    expect(checkStartHandling(order('handling'))?.code).toBe('ORDER_NOT_READY_FOR_HANDLING');
    expect(checkStartHandling(order('payment-pending'))?.message).toMatch(/ready-for-handling/);
  });
});

describe('output invoices', () => {
  it('accepts a partial invoice in handling and tracks what is left', () => {
    const o = order('handling');
    expect(checkInvoice(o, invoice())).toBeNull();
    const after = order('handling', [
      {
        invoiceNumber: 'NF-1',
        invoiceValue: 5_000,
        items: [{ itemIndex: 0, quantity: 2, price: 2_500 }],
      },
    ]);
    expect(remainingToInvoice(after)).toEqual([0, 1]);
    expect(isPartiallyInvoiced(after)).toBe(true);
    expect(checkInvoice(after, invoice({ invoiceNumber: 'NF-2' }))?.code).toBe(
      'INVOICE_QUANTITY_EXCEEDED',
    );
  });

  it('refuses before the order is ready, unknown SKUs and values above the order', () => {
    expect(checkInvoice(order('window-to-cancel'), invoice())?.code).toBe(
      'INVOICE_NOT_ALLOWED_IN_STATUS',
    );
    expect(checkInvoice(order('payment-approved'), invoice())?.code).toBe(
      'INVOICE_NOT_ALLOWED_IN_STATUS',
    );
    // VTEX accepts invoices from ready-for-handling on, and while start-handling passes.
    expect(checkInvoice(order('ready-for-handling'), invoice())).toBeNull();
    expect(checkInvoice(order('start-handling'), invoice())).toBeNull();
    expect(
      checkInvoice(order('handling'), invoice({ items: [{ id: '999', price: 1, quantity: 1 }] }))
        ?.code,
    ).toBe('INVOICE_UNKNOWN_ITEM');
    expect(checkInvoice(order('handling'), invoice({ invoiceValue: 10_001 }))?.code).toBe(
      'INVOICE_VALUE_EXCEEDED',
    );
  });

  it('treats a known invoice number as an idempotent resend, even on an invoiced order', () => {
    const done = order('invoiced', [{ invoiceNumber: 'NF-1', invoiceValue: 10_000 }]);
    expect(checkInvoice(done, invoice())).toBeNull();
    expect(checkInvoice(done, invoice({ invoiceNumber: 'NF-9' }))?.code).toBe(
      'ORDER_ALREADY_INVOICED',
    );
  });

  it('refuses invoices on canceled orders', () => {
    expect(checkInvoice(order('canceled'), invoice())?.code).toBe('ORDER_CANCELED');
  });
});

describe('return (Input) invoices', () => {
  const full = order('invoiced', [
    {
      invoiceNumber: 'NF-1',
      invoiceValue: 10_000,
      items: [
        { itemIndex: 0, quantity: 2, price: 2_500 },
        { itemIndex: 1, quantity: 1, price: 5_000 },
      ],
    },
  ]);

  it('are accepted for what was invoiced, on partially invoiced orders too', () => {
    const partial = order('handling', [
      {
        invoiceNumber: 'NF-1',
        invoiceValue: 5_000,
        items: [{ itemIndex: 0, quantity: 2, price: 2_500 }],
      },
    ]);
    const ret = invoice({
      type: 'Input',
      invoiceNumber: 'R-1',
      invoiceValue: 2_500,
      items: [{ id: '101', price: 2_500, quantity: 1 }],
    });
    expect(checkInvoice(order('handling'), ret)?.code).toBe('RETURN_BEFORE_FULL_INVOICE');
    expect(checkInvoice(partial, ret)).toBeNull();
    expect(
      checkInvoice(partial, { ...ret, items: [{ id: '101', price: 2_500, quantity: 3 }] })?.code,
    ).toBe('RETURN_QUANTITY_EXCEEDED');
    // After a partial invoice VTEX sends the order back to payment-approved; the rest is accepted.
    const back = { ...partial, status: 'payment-approved' };
    expect(
      checkInvoice(
        back,
        invoice({
          invoiceNumber: 'NF-2',
          invoiceValue: 5_000,
          items: [{ id: '202', price: 5_000, quantity: 1 }],
        }),
      ),
    ).toBeNull();
    expect(isFullyInvoiced(full)).toBe(true);
    expect(checkInvoice(full, ret)).toBeNull();
  });

  it('cannot return more units or value than were invoiced', () => {
    expect(
      checkInvoice(
        full,
        invoice({
          type: 'Input',
          invoiceNumber: 'R-1',
          invoiceValue: 100,
          items: [{ id: '202', price: 100, quantity: 2 }],
        }),
      )?.code,
    ).toBe('RETURN_QUANTITY_EXCEEDED');
    const returned = order('invoiced', [
      ...(full.packageAttachment?.packages ?? []),
      {
        invoiceNumber: 'R-1',
        type: 'Input',
        invoiceValue: 9_000,
        items: [{ itemIndex: 1, quantity: 1, price: 5_000 }],
      },
    ]);
    expect(returnable(returned)).toEqual([2, 0]);
    expect(
      checkInvoice(
        returned,
        invoice({
          type: 'Input',
          invoiceNumber: 'R-2',
          invoiceValue: 2_000,
          items: [{ id: '101', price: 1_000, quantity: 2 }],
        }),
      )?.code,
    ).toBe('RETURN_VALUE_EXCEEDED');
  });
});

describe('cancel', () => {
  it('is allowed before invoicing and refused after a partial invoice or when final', () => {
    expect(checkCancel(order('ready-for-handling'))).toBeNull();
    expect(checkCancel(order('handling'))).toBeNull();
    expect(checkCancel(order('handling', [{ invoiceValue: 100, items: [] }]))?.code).toBe(
      'CANCEL_AFTER_PARTIAL_INVOICE',
    );
    expect(checkCancel(order('invoiced', [{ invoiceValue: 10_000 }]))?.code).toBe('ORDER_FINAL');
    expect(checkCancel(order('canceled'))?.code).toBe('ORDER_CANCELED');
  });
});

describe('payment notification', () => {
  it('is only for a pending offline payment', () => {
    expect(checkPaymentNotification(order('payment-pending'), 'P1')).toBeNull();
    expect(checkPaymentNotification(order('payment-pending'), 'P2')?.code).toBe(
      'PAYMENT_NOT_PENDING',
    );
    expect(checkPaymentNotification(order('payment-approved'), 'P1')?.code).toBe(
      'PAYMENT_NOT_PENDING',
    );
    expect(checkPaymentNotification(order('payment-pending'), 'nope')?.code).toBe(
      'PAYMENT_NOT_FOUND',
    );
  });
});

describe('tracking events', () => {
  it('need an invoice with a tracking number', () => {
    const o = order('invoiced', [
      { invoiceNumber: 'NF-1', invoiceValue: 10_000 },
      { invoiceNumber: 'NF-2', invoiceValue: 0, trackingNumber: 'BR123' },
    ]);
    expect(checkTrackingEvents(o, 'NF-1')?.code).toBe('TRACKING_NUMBER_MISSING');
    expect(checkTrackingEvents(o, 'NF-2')).toBeNull();
    expect(checkTrackingEvents(o, 'NF-3')?.code).toBe('INVOICE_NOT_FOUND');
  });
});

describe('wire parsing', () => {
  it('accepts invoiceValue as a string, as the OpenAPI types it', () => {
    expect(invoice({ invoiceValue: '2499' as unknown as number }).invoiceValue).toBe(2499);
  });
});
