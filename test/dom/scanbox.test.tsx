import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ScanBox } from '../../renderer/src/features/scan/ScanBox';
import { useGlobalKeys } from '../../renderer/src/features/shell/use-global-keys';
import { useDesk } from '../../renderer/src/store';
import { detail, row } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

function WithKeys() {
  useGlobalKeys();
  return (
    <>
      <ScanBox />
      <button type="button">elsewhere</button>
    </>
  );
}

describe('scan box', () => {
  it('a wedge scanner’s burst ending in Enter opens the order and the box is ready again', async () => {
    const hit = {
      ...row({ orderId: 'SCAN-01', sequence: '512345' }),
      matchedBy: 'order-id' as const,
    };
    const { desk, beeps } = setup({
      'orders:search': () => ({ hits: [hit], exact: true }),
      'orders:get': () => detail({ row: row({ orderId: 'SCAN-01', sequence: '512345' }) }),
    });
    renderUi(<ScanBox />);
    const input = screen.getByTestId('scan-input');
    expect(document.activeElement).toBe(input);
    // A scanner types with no delay between keys.
    await userEvent.setup({ delay: null }).type(input, 'SCAN-01{Enter}');
    await screen.findByText('Opened #512345');
    expect(useDesk.getState().order.id).toBe('SCAN-01');
    expect((input as HTMLInputElement).value).toBe('');
    expect(document.activeElement).toBe(input);
    expect(desk.callsTo('orders:search').at(-1)).toEqual({ text: 'SCAN-01', limit: 20 });
    expect(beeps).toEqual(['success']);
  });

  it('says plainly when nothing matches, and Esc clears', async () => {
    setup({ 'orders:search': () => ({ hits: [], exact: false }) });
    renderUi(<ScanBox />);
    const input = screen.getByTestId('scan-input') as HTMLInputElement;
    const user = userEvent.setup({ delay: null });
    await user.type(input, '0000{Enter}');
    await screen.findByText('Nothing found for “0000”');
    await user.keyboard('{Escape}');
    expect(input.value).toBe('');
    expect(screen.getByTestId('scan-message').textContent).toBe('');
  });

  it('Esc on an empty box backs out of the open order', async () => {
    setup({ 'orders:get': () => detail() });
    await act(() => useDesk.getState().openOrder('1000000000001-01'));
    renderUi(<ScanBox />);
    await userEvent.setup().keyboard('{Escape}');
    expect(useDesk.getState().screen).toBe('queues');
  });

  it('suggests while typing; arrows and Enter pick a suggestion', async () => {
    const hits = [
      {
        ...row({ orderId: 'A-01', sequence: '1', customerName: 'Lara Souza' }),
        matchedBy: 'text' as const,
      },
      {
        ...row({ orderId: 'B-01', sequence: '2', customerName: 'Lara Pereira' }),
        matchedBy: 'text' as const,
      },
    ];
    setup({
      'orders:search': () => ({ hits, exact: false }),
      'orders:get': (req) => detail({ row: row({ orderId: req.orderId }) }),
    });
    renderUi(<ScanBox />);
    const user = userEvent.setup();
    await user.type(screen.getByTestId('scan-input'), 'lara');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual([
      expect.stringContaining('Lara Souza'),
      expect.stringContaining('Lara Pereira'),
    ]);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByTestId('scan-input').getAttribute('aria-activedescendant')).toBe(
      'scan-hit-1',
    );
    await user.keyboard('{Enter}');
    await act(async () => undefined);
    expect(useDesk.getState().order.id).toBe('B-01');
  });

  it('keys typed while the focus is elsewhere land in the scan box', async () => {
    setup({ 'orders:search': () => ({ hits: [], exact: false }) });
    renderUi(<WithKeys />);
    const other = screen.getByRole('button', { name: 'elsewhere' });
    other.focus();
    fireEvent.keyDown(other, { key: '5' });
    const input = screen.getByTestId('scan-input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    expect(input.value).toBe('5');
    // F2 also goes back to the box.
    other.focus();
    fireEvent.keyDown(window, { key: 'F2' });
    expect(document.activeElement).toBe(input);
  });
});
