import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { DrawerDetail, DrawerView, PrintJob } from '../../preload/contract';
import { DrawerScreen } from '../../renderer/src/features/drawer/DrawerScreen';
import { ShiftScreen } from '../../renderer/src/features/operator/ShiftScreen';
import { PaymentsCard } from '../../renderer/src/features/order/PaymentsCard';
import { useDesk } from '../../renderer/src/store';
import { refuse } from './helpers/fake-desk';
import { detail, payment } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

/**
 * The cash drawer's screens: the float typed at shift start opens the drawer, a drawer left open
 * continues, the count at the close shows the difference as it is typed and sends cents, and
 * "End shift" with a drawer open asks for the count first.
 */

const nbsp = (s: string | null | undefined) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

function drawer(over: Partial<DrawerView> = {}): DrawerView {
  return {
    id: 'cd-1',
    number: 3,
    station: 'Till 1',
    currency: 'BRL',
    state: 'open',
    openedAt: Date.parse('2026-12-04T12:00:00Z'),
    openedBy: 'Ana',
    openingFloat: 10_000,
    floatCounted: true,
    closedAt: null,
    closedBy: null,
    expected: null,
    counted: null,
    difference: null,
    closeNote: null,
    totals: {
      openingFloat: 10_000,
      sales: 28_560,
      salesCount: 1,
      received: 30_000,
      change: 1_440,
      refunds: 0,
      refundsCount: 0,
      cashIn: 0,
      cashOut: 0,
      expected: 38_560,
    },
    ...over,
  };
}

const detailOf = (d: DrawerView): DrawerDetail => ({
  drawer: d,
  movements: [
    {
      id: 'cm-1',
      kind: 'sale',
      amount: 28_560,
      orderId: 'o-1',
      orderLabel: '#500016',
      actionId: 'act-1',
      actionState: 'queued',
      due: 28_560,
      received: 30_000,
      change: 1_440,
      note: null,
      operator: 'Ana',
      at: Date.parse('2026-12-04T12:30:00Z'),
    },
  ],
});

const operator = { name: 'Ana', since: 1, hasPin: false };

describe('shift start', () => {
  it('opens the drawer with the float typed, in cents', async () => {
    const { desk } = setup({
      'drawer:get': () => ({ open: null, lastClosed: null }),
      'operator:start-shift': () => ({ operator }),
      'drawer:open': (req) => detailOf(drawer({ openingFloat: req.openingFloat })),
    });
    renderUi(<ShiftScreen />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('operator-name'), 'Ana');
    await user.type(screen.getByTestId('shift-float'), '150.5{Enter}');
    await waitFor(() =>
      expect(desk.calls.find((c) => c.channel === 'drawer:open')?.payload).toEqual({
        openingFloat: 15_050,
      }),
    );
  });

  it('a drawer left open continues: no float is asked and none is opened', async () => {
    const { desk } = setup({
      'drawer:get': () => ({ open: detailOf(drawer()), lastClosed: null }),
      'operator:start-shift': () => ({ operator }),
    });
    renderUi(<ShiftScreen />);
    const notice = await screen.findByTestId('shift-drawer-continues');
    expect(nbsp(notice.textContent)).toContain('R$385.60 expected');
    expect(screen.queryByTestId('shift-float')).toBeNull();
    const user = userEvent.setup();
    await user.type(screen.getByTestId('operator-name'), 'Bia{Enter}');
    await waitFor(() => expect(desk.calls.map((c) => c.channel)).toContain('operator:start-shift'));
    expect(desk.calls.map((c) => c.channel)).not.toContain('drawer:open');
  });

  it('refuses a float that is not an amount', async () => {
    const { desk } = setup({ 'drawer:get': () => ({ open: null, lastClosed: null }) });
    renderUi(<ShiftScreen />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('operator-name'), 'Ana');
    await user.type(screen.getByTestId('shift-float'), 'abc{Enter}');
    expect(screen.getByText(/That is not an amount/)).toBeTruthy();
    expect(desk.calls.map((c) => c.channel)).not.toContain('operator:start-shift');
  });
});

describe('closing the drawer', () => {
  it('shows the difference as the count is typed, closes with cents and prints the slip', async () => {
    const closed = drawer({
      state: 'closed',
      closedAt: 2,
      closedBy: 'Ana',
      expected: 38_560,
      counted: 38_000,
      difference: -560,
    });
    const { desk } = setup({
      'drawer:get': () => ({ open: detailOf(drawer()), lastClosed: null }),
      'drawer:close': () => detailOf(closed),
      'drawer:print-report': () => ({ id: 'pj-1', state: 'queued' }) as PrintJob,
    });
    await act(() => useDesk.getState().loadDrawer());
    renderUi(<DrawerScreen />);
    expect(nbsp(screen.getByTestId('drawer-expected').textContent)).toBe('R$385.60');
    expect(screen.getAllByTestId('drawer-movement')[0]?.textContent).toContain('Waiting to sync');
    const user = userEvent.setup();
    await user.click(screen.getByTestId('drawer-close'));
    const input = screen.getByTestId('drawer-counted-input');
    expect(document.activeElement).toBe(input);
    await user.type(input, '380');
    expect(nbsp(screen.getByTestId('close-difference').textContent)).toBe('R$5.60 short');
    await user.type(input, '{Enter}');
    await waitFor(() =>
      expect(desk.calls.find((c) => c.channel === 'drawer:close')?.payload).toEqual({
        counted: 38_000,
      }),
    );
    await waitFor(() =>
      expect(desk.calls.find((c) => c.channel === 'drawer:print-report')?.payload).toEqual({
        drawerId: 'cd-1',
        kind: 'thermal',
      }),
    );
    const result = await screen.findByTestId('drawer-closed');
    expect(nbsp(result.textContent)).toContain('R$5.60 short');
  });

  it('a refusal stays in the dialog', async () => {
    setup({
      'drawer:get': () => ({ open: detailOf(drawer()), lastClosed: null }),
      'drawer:close': () => refuse('DRAWER_NOT_OPEN'),
    });
    await act(() => useDesk.getState().loadDrawer());
    renderUi(<DrawerScreen />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('drawer-close'));
    await user.type(screen.getByTestId('drawer-counted-input'), '385.60{Enter}');
    expect(await screen.findByTestId('dialog-refusal')).toBeTruthy();
    expect(screen.getByTestId('dialog-close-drawer')).toBeTruthy();
  });
});

describe('End shift', () => {
  it('with a drawer open, goes to the drawer and asks for the count first', async () => {
    const { desk } = setup({
      'drawer:get': () => ({ open: detailOf(drawer()), lastClosed: null }),
    });
    await act(() => useDesk.getState().requestEndShift());
    expect(useDesk.getState().screen).toBe('drawer');
    expect(useDesk.getState().drawerClosing).toBe('end-shift');
    expect(desk.calls.map((c) => c.channel)).not.toContain('operator:end-shift');
  });

  it('with no drawer open, ends the shift', async () => {
    const { desk } = setup({
      'drawer:get': () => ({ open: null, lastClosed: null }),
      'operator:end-shift': () => ({ operator: null }),
    });
    await act(() => useDesk.getState().requestEndShift());
    expect(desk.calls.map((c) => c.channel)).toContain('operator:end-shift');
  });
});

describe('the cash count on an order', () => {
  const paid = detail({
    payments: [
      payment({
        value: 4_590,
        pendingNotification: false,
        cash: {
          due: 4_590,
          received: 5_000,
          change: 410,
          at: Date.parse('2026-12-04T12:30:00Z'),
          operator: 'Ana',
          drawerNumber: 3,
        },
      }),
    ],
  });

  it('shows what was received and given back, and into which drawer', () => {
    setup();
    renderUi(<PaymentsCard detail={paid} />);
    const line = nbsp(screen.getByTestId('payment-cash').textContent);
    expect(line).toContain('Cash: R$50.00 received, R$4.10 change');
    expect(line).toContain('in drawer #3');
  });

  it('refunds in cash from the open drawer, with the order filled in', async () => {
    const { desk } = setup({
      'drawer:get': () => ({ open: detailOf(drawer()), lastClosed: null }),
      'drawer:move': () => detailOf(drawer()),
      'orders:get': () => paid,
    });
    renderUi(<PaymentsCard detail={paid} />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('cash-refund'));
    const amount = await screen.findByTestId('drawer-move-amount');
    expect((screen.getByTestId('drawer-move-order') as HTMLInputElement).value).toBe(
      paid.row.orderId,
    );
    await user.type(amount, '4.10');
    await user.type(screen.getByTestId('drawer-move-note'), 'broken mug{Enter}');
    await waitFor(() =>
      expect(desk.calls.find((c) => c.channel === 'drawer:move')?.payload).toEqual({
        kind: 'refund',
        amount: 410,
        orderId: paid.row.orderId,
        note: 'broken mug',
      }),
    );
  });

  it('says so when no drawer is open', async () => {
    setup({ 'drawer:get': () => ({ open: null, lastClosed: null }) });
    renderUi(<PaymentsCard detail={paid} />);
    const user = userEvent.setup();
    await user.click(screen.getByTestId('cash-refund'));
    await waitFor(() =>
      expect(useDesk.getState().toasts.map((t) => t.text)).toContain(
        'No cash drawer is open. Open it with the cash counted in it first.',
      ),
    );
    expect(screen.queryByTestId('drawer-move-amount')).toBeNull();
  });
});
