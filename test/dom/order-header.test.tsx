import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../preload/contract';
import { OrderHeader } from '../../renderer/src/features/order/OrderHeader';
import { detail, row } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

const output: InvoiceView = {
  invoiceNumber: 'NF-1',
  type: 'Output',
  value: 4000,
  issuanceDate: '2026-11-27T10:00:00-03:00',
  invoiceKey: null,
  invoiceUrl: null,
  courier: null,
  trackingNumber: null,
  trackingUrl: null,
  dispatchedDate: null,
  delivered: false,
  items: [{ itemIndex: 0, quantity: 2, price: 2000 }],
  pending: false,
};

describe('order header', () => {
  it('says "Partially invoiced" beside the status VTEX shows (payment-approved after a partial invoice)', () => {
    setup();
    const d = detail({
      row: row({ status: 'payment-approved', displayStatus: 'payment-approved' }),
    });
    const partial = {
      ...d,
      invoices: [output],
      items: d.items.map((i) => (i.index === 0 ? { ...i, remainingToInvoice: 0 } : i)),
    };
    renderUi(<OrderHeader detail={partial} />);
    expect(screen.getByTestId('order-partially-invoiced').textContent).toBe('Partially invoiced');
  });

  it('says nothing of the kind before any invoice, nor once everything is invoiced', () => {
    setup();
    const d = detail();
    const { unmount } = renderUi(<OrderHeader detail={d} />);
    expect(screen.queryByTestId('order-partially-invoiced')).toBeNull();
    unmount();
    renderUi(
      <OrderHeader
        detail={{
          ...d,
          invoices: [output],
          items: d.items.map((i) => ({ ...i, remainingToInvoice: 0 })),
        }}
      />,
    );
    expect(screen.queryByTestId('order-partially-invoiced')).toBeNull();
  });
});
