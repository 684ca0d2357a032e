import { act, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../preload/contract';
import { DialogHost } from '../../renderer/src/features/actions/DialogHost';
import { ActionBar } from '../../renderer/src/features/order/ActionBar';
import { useDesk } from '../../renderer/src/store';
import { refuse } from './helpers/fake-desk';
import { detail, payment, queued } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

const ORDER = '1000000000001-01';

function openWith(
  d = detail(),
  kind: Parameters<ReturnType<typeof useDesk.getState>['openDialog']>[0]['kind'] = 'start-handling',
) {
  useDesk.setState((s) => ({
    order: { ...s.order, id: d.row.orderId, status: 'ready', data: d, error: null },
    screen: 'order',
  }));
  act(() => useDesk.getState().openDialog({ kind, orderId: d.row.orderId } as never));
}

const nbsp = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

describe('record payment (cash till)', () => {
  beforeEach(() => undefined);

  it('shows the change as the amount received is typed, in cents, and sends due/received', async () => {
    const { desk } = setup({
      'actions:record-payment': () => queued({ change: 410 }),
      'orders:get': () => detail(),
    });
    renderUi(<DialogHost />);
    openWith(detail({ payments: [payment({ value: 4590 })] }), 'record-payment');
    const user = userEvent.setup();
    expect(nbsp(screen.getByTestId('cash-due').textContent)).toBe('R$45.90');
    const received = screen.getByTestId('cash-received');
    await user.type(received, '40');
    expect(screen.getByRole('alert').textContent).toBe('That is R$5.90 less than the amount due.');
    expect(screen.getByTestId('cash-change').textContent).toBe('—');
    await user.clear(received);
    await user.type(received, '50');
    expect(nbsp(screen.getByTestId('cash-change').textContent)).toBe('R$4.10');
    await user.keyboard('{Enter}');
    expect(desk.callsTo('actions:record-payment')).toEqual([
      { orderId: ORDER, paymentId: 'PAY1', cash: { due: 4590, received: 5000 } },
    ]);
    // Closed, and the toast says how much change to give.
    expect(screen.queryByTestId('dialog-record-payment')).toBeNull();
    expect(useDesk.getState().toasts.at(-1)?.text).toBe(
      'Payment recorded for #500001. Give back R$4.10 in change.',
    );
  });

  it('will not send while the amount is short or not an amount', async () => {
    const { desk } = setup({ 'actions:record-payment': () => queued() });
    renderUi(<DialogHost />);
    openWith(detail(), 'record-payment');
    const user = userEvent.setup();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Type the amount the customer handed over.');
    await user.type(screen.getByTestId('cash-received'), 'abc{Enter}');
    expect(screen.getByRole('alert').textContent).toMatch(/^That is not an amount\. Type it like/);
    expect(desk.callsTo('actions:record-payment')).toHaveLength(0);
  });

  it('a payment that is not cash is confirmed without a till', async () => {
    const { desk } = setup({ 'actions:record-payment': () => queued() });
    renderUi(<DialogHost />);
    openWith(
      detail({
        payments: [payment({ id: 'B1', group: 'bankInvoice', paymentSystemName: 'Boleto' })],
      }),
      'record-payment',
    );
    expect(screen.queryByTestId('cash-received')).toBeNull();
    await userEvent.setup().keyboard('{Enter}');
    expect(desk.callsTo('actions:record-payment')).toEqual([{ orderId: ORDER, paymentId: 'B1' }]);
  });
});

describe('invoice dialogs', () => {
  it('partial invoice: the item picker refuses more than is left, in words', async () => {
    const { desk } = setup({ 'actions:invoice': () => queued({ invoiceNumber: 'NF-7' }) });
    renderUi(<DialogHost />);
    openWith(detail(), 'invoice');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('scope-some'));
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('pick-problem').textContent).toBe(
      'Choose at least one unit to invoice.',
    );
    await user.type(screen.getByTestId('pick-qty-0'), '3');
    expect(screen.getByTestId('pick-problem').textContent).toBe(
      'Only 2 units of “Café Moído 500g” are left to invoice.',
    );
    await user.clear(screen.getByTestId('pick-qty-0'));
    await user.type(screen.getByTestId('pick-qty-0'), '1');
    expect(nbsp(screen.getByTestId('picker-total').textContent)).toBe('1 unit · R$20.00');
    await user.type(screen.getByTestId('invoice-number'), 'NF-7');
    await user.keyboard('{Enter}');
    expect(desk.callsTo('actions:invoice')).toEqual([
      { orderId: ORDER, type: 'Output', items: [{ id: '10', quantity: 1 }], invoiceNumber: 'NF-7' },
    ]);
    expect(useDesk.getState().toasts.at(-1)?.text).toBe(
      'Invoice NF-7 saved for #500001 — waiting to sync with VTEX.',
    );
  });

  it('a full invoice sends no items (the desk takes everything left)', async () => {
    const { desk } = setup({ 'actions:invoice': () => queued({ invoiceNumber: 'NF-8' }) });
    renderUi(<DialogHost />);
    openWith(detail(), 'invoice');
    expect(nbsp(screen.getByText(/Everything left/).textContent)).toBe(
      'Everything left: 3 units · R$45.00',
    );
    await userEvent.setup().keyboard('{Enter}');
    expect(desk.callsTo('actions:invoice')).toEqual([{ orderId: ORDER, type: 'Output' }]);
  });

  it('return invoice: picks among returnable units and sends type Input', async () => {
    const { desk } = setup({ 'actions:invoice': () => queued({ invoiceNumber: 'R-1' }) });
    const d = detail();
    const returnable = detail({
      items: d.items.map((i) => ({ ...i, remainingToInvoice: 0, returnable: i.quantity })),
    });
    renderUi(<DialogHost />);
    openWith(returnable, 'return');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('scope-some'));
    await user.type(screen.getByTestId('pick-qty-1'), '2');
    expect(screen.getByTestId('pick-problem').textContent).toBe(
      'Only 1 unit of “Mel 250g” can be returned.',
    );
    await user.clear(screen.getByTestId('pick-qty-1'));
    await user.click(screen.getAllByRole('button', { name: 'One more Mel 250g' })[0]!);
    await user.keyboard('{Enter}');
    expect(desk.callsTo('actions:invoice')).toEqual([
      { orderId: ORDER, type: 'Input', items: [{ id: '11', quantity: 1 }] },
    ]);
  });

  it('shows the refusal code in words when the desk refuses', async () => {
    setup({
      'actions:invoice': () =>
        refuse('INVOICE_NUMBER_TAKEN', 'This invoice number is already used on this order.'),
    });
    renderUi(<DialogHost />);
    openWith(detail(), 'invoice');
    await userEvent.setup().keyboard('{Enter}');
    const refusal = await screen.findByTestId('dialog-refusal');
    expect(refusal.textContent).toContain('This invoice number is already used on this order.');
    // Still open: the worker fixes it and tries again.
    expect(screen.getByTestId('dialog-invoice')).toBeTruthy();
  });
});

describe('other action dialogs', () => {
  it('the order’s own check blocks the action before anything is typed', () => {
    setup();
    renderUi(<DialogHost />);
    const d = detail();
    openWith(
      detail({
        checks: {
          ...d.checks,
          'start-handling': {
            allowed: false,
            code: 'ORDER_NOT_READY_FOR_HANDLING',
            message:
              'Handling can start only when the order is ready for handling; it is "handling".',
          },
        },
      }),
      'start-handling',
    );
    // The status is named in words, never as VTEX's raw code.
    expect(screen.getByTestId('dialog-blocked').textContent).toBe(
      'Handling can start only when the order is ready for handling; it is “Handling”.',
    );
    expect((screen.getByTestId('dialog-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('cancel needs a reason; "other" needs it written', async () => {
    const { desk } = setup({ 'actions:cancel': () => queued() });
    renderUi(<DialogHost />);
    openWith(detail(), 'cancel');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('dialog-submit'));
    expect(screen.getByRole('alert').textContent).toBe('Choose why the order is canceled.');
    await user.click(screen.getByTestId('reason-other'));
    await user.click(screen.getByTestId('dialog-submit'));
    expect(screen.getByRole('alert').textContent).toBe('Write the reason.');
    await user.type(screen.getByTestId('cancel-details'), 'wrong address{Enter}');
    // Enter ends the sentence; it never cancels.
    expect(desk.callsTo('actions:cancel')).toEqual([]);
    expect(screen.getByTestId('dialog-ctrl-enter').textContent).toContain('Ctrl+Enter');
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(desk.callsTo('actions:cancel')).toEqual([
      { orderId: ORDER, reason: 'Other reason: wrong address' },
    ]);
  });

  it('cancel: the typing goes to the details, and Enter on the focused button is not enough', async () => {
    const { desk } = setup({ 'actions:cancel': () => queued() });
    renderUi(<DialogHost />);
    openWith(detail(), 'cancel');
    const user = userEvent.setup();
    expect(document.activeElement).toBe(screen.getByTestId('cancel-details'));
    await user.keyboard('customer phoned to cancel{Enter}');
    expect((screen.getByTestId('cancel-details') as HTMLInputElement).value).toBe(
      'customer phoned to cancel',
    );
    expect(screen.queryByRole('radio', { checked: true })).toBeNull();
    screen.getByTestId('dialog-submit').focus();
    await user.keyboard('{Enter}');
    expect(desk.callsTo('actions:cancel')).toEqual([]);
    expect(useDesk.getState().dialog?.kind).toBe('cancel');
  });

  it('tracking: the number is required and the link must be a web address', async () => {
    const d = detail();
    const invoice: InvoiceView = {
      invoiceNumber: 'NF-1',
      type: 'Output',
      value: 4500,
      issuanceDate: null,
      invoiceKey: null,
      invoiceUrl: null,
      courier: null,
      trackingNumber: null,
      trackingUrl: null,
      dispatchedDate: null,
      delivered: false,
      items: [],
      pending: false,
    };
    const { desk } = setup({ 'actions:tracking': () => queued() });
    renderUi(<DialogHost />);
    openWith({ ...d, invoices: [invoice] }, 'tracking');
    const user = userEvent.setup();
    await user.keyboard('{Enter}');
    expect(screen.getByRole('alert').textContent).toBe('Type or scan the tracking number.');
    await user.type(screen.getByTestId('tracking-number'), 'BR123');
    await user.type(screen.getByLabelText('Tracking link'), 'ftp://x');
    expect(screen.getByRole('alert').textContent).toBe('A tracking link starts with https://');
    await user.clear(screen.getByLabelText('Tracking link'));
    await user.type(screen.getByTestId('tracking-courier'), 'Correios{Enter}');
    expect(desk.callsTo('actions:tracking')).toEqual([
      { orderId: ORDER, invoiceNumber: 'NF-1', trackingNumber: 'BR123', courier: 'Correios' },
    ]);
  });

  it('note: Ctrl+Enter sends, Enter is a new line', async () => {
    const { desk } = setup({ 'actions:note': () => queued() });
    renderUi(<DialogHost />);
    openWith(detail(), 'note');
    const user = userEvent.setup();
    await user.type(screen.getByTestId('note-message'), 'Fragile{Enter}two boxes');
    expect(desk.callsTo('actions:note')).toHaveLength(0);
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(desk.callsTo('actions:note')).toEqual([
      { orderId: ORDER, message: 'Fragile\ntwo boxes' },
    ]);
  });

  it('Esc backs out of a dialog without sending', async () => {
    const { desk } = setup({ 'actions:start-handling': () => queued() });
    renderUi(<DialogHost />);
    openWith(detail(), 'start-handling');
    const dialog = screen.getByTestId('dialog-start-handling');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByTestId('dialog-start-handling')).toBeNull();
    expect(useDesk.getState().dialog).toBeNull();
    expect(desk.calls).toHaveLength(0);
  });
});

describe('keyboard shortcuts on the order', () => {
  it.each([
    ['h', 'dialog-start-handling'],
    ['p', 'dialog-record-payment'],
    ['i', 'dialog-invoice'],
    ['t', 'dialog-tracking'],
    ['r', 'dialog-return'],
    ['c', 'dialog-cancel'],
    ['n', 'dialog-note'],
    ['m', 'dialog-change'],
    ['k', 'dialog-pack-check'],
  ])('Alt+%s opens %s', async (key, testId) => {
    setup();
    const d = detail();
    useDesk.setState((s) => ({
      order: { ...s.order, id: d.row.orderId, status: 'ready', data: d },
    }));
    renderUi(
      <>
        <ActionBar detail={d} />
        <DialogHost />
      </>,
    );
    await userEvent.setup().keyboard(`{Alt>}${key}{/Alt}`);
    expect(screen.getByTestId(testId)).toBeTruthy();
    // Every button says its shortcut.
    const bar = screen.getByRole('toolbar');
    expect(
      within(bar)
        .getAllByRole('button')
        .map((b) => b.getAttribute('aria-keyshortcuts')),
    ).toEqual(['Alt+H', 'Alt+P', 'Alt+I', 'Alt+K', 'Alt+T', 'Alt+R', 'Alt+C', 'Alt+N', 'Alt+M']);
  });
});
