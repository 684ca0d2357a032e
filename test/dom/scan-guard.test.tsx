import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DialogHost } from '../../renderer/src/features/actions/DialogHost';
import { ScanBox } from '../../renderer/src/features/scan/ScanBox';
import { useScanGuard } from '../../renderer/src/features/scan/use-scan-guard';
import { useDesk } from '../../renderer/src/store';
import { detail, queued, row } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

const ORDER = '1000000000001-01';

function Desk() {
  useScanGuard();
  return (
    <>
      <ScanBox />
      <DialogHost />
    </>
  );
}

/** A scanner: every key at once (no time between them), then Enter, at the focused element. */
function burst(text: string): void {
  for (const key of text) {
    const target = document.activeElement ?? document.body;
    fireEvent.keyDown(target, { key });
    if (target instanceof HTMLInputElement) {
      fireEvent.change(target, { target: { value: target.value + key } });
    }
  }
  fireEvent.keyDown(document.activeElement ?? document.body, { key: 'Enter' });
}

function openInvoice() {
  const d = detail();
  useDesk.setState((s) => ({
    order: { ...s.order, id: d.row.orderId, status: 'ready', data: d, error: null },
    screen: 'order',
  }));
  act(() => useDesk.getState().openDialog({ kind: 'invoice', orderId: ORDER }));
}

describe('scanner-safe dialogs', () => {
  it('a burst in the invoice dialog issues nothing, keeps the scanned id and asks to leave', async () => {
    const other = row({ orderId: '2000000000002-01', sequence: '600002' });
    const { desk, beeps } = setup({
      'actions:invoice': () => queued(),
      'orders:search': () => ({ hits: [{ ...other, matchedBy: 'order-id' }], exact: true }),
      'orders:get': (req) => detail({ row: row({ orderId: req.orderId }) }),
    });
    renderUi(<Desk />);
    openInvoice();
    const submit = screen.getByTestId('dialog-submit');
    submit.focus();
    burst('2000000000002-01');
    expect(desk.callsTo('actions:invoice')).toEqual([]);
    expect(useDesk.getState().dialog?.kind).toBe('invoice');
    const ask = await screen.findByTestId('scan-interrupt');
    expect(ask.textContent).toContain('2000000000002-01');
    expect(beeps).toEqual(['failure']);
    // Enter now answers the question (the focus is on "Leave"), never the dialog.
    expect(document.activeElement).toBe(screen.getByTestId('scan-interrupt-leave'));
    await userEvent.setup().keyboard('{Enter}');
    await act(async () => undefined);
    expect(desk.callsTo('actions:invoice')).toEqual([]);
    expect(useDesk.getState().dialog).toBeNull();
    expect(desk.callsTo('orders:search').at(-1)).toEqual({ text: '2000000000002-01', limit: 20 });
    expect(useDesk.getState().order.id).toBe('2000000000002-01');
  });

  it('the characters a burst typed into a dialog field are taken out again', async () => {
    setup({ 'actions:invoice': () => queued() });
    renderUi(<Desk />);
    openInvoice();
    const number = screen.getByTestId('invoice-number') as HTMLInputElement;
    number.focus();
    burst('7891234567895');
    expect(number.value).toBe('');
    expect(useDesk.getState().scannedInDialog).toBe('7891234567895');
    await userEvent.setup().click(screen.getByTestId('scan-interrupt-stay'));
    expect(useDesk.getState().dialog?.kind).toBe('invoice');
    expect(screen.queryByTestId('scan-interrupt')).toBeNull();
  });

  it('“Nothing found” after Enter is not replaced by a late search-as-you-type answer', async () => {
    const { desk } = setup({
      'orders:search': (req) =>
        req.limit === 8
          ? { hits: [{ ...row(), matchedBy: 'text' }], exact: false }
          : { hits: [], exact: false },
    });
    renderUi(<ScanBox />);
    act(() => useDesk.getState().setScanText('0000'));
    await act(() => useDesk.getState().submitScan());
    expect(screen.getByTestId('scan-message').textContent).toBe('Nothing found for “0000”');
    // The box's suggestion timer, set by the burst's last key, fires after Enter.
    await act(() => useDesk.getState().suggest());
    expect(useDesk.getState().scan.status).toBe('none');
    expect(screen.getByTestId('scan-message').textContent).toBe('Nothing found for “0000”');
    expect(desk.callsTo('orders:search')).toEqual([{ text: '0000', limit: 20 }]);
  });
});
