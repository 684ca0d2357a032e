import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DialogHost } from '../../renderer/src/features/actions/DialogHost';
import { Timeline } from '../../renderer/src/features/order/Timeline';
import {
  packAll,
  packQuantities,
  packScan,
  packUnits,
  type PackLine,
} from '../../renderer/src/features/actions/pack';
import { useScanGuard } from '../../renderer/src/features/scan/use-scan-guard';
import { useDesk } from '../../renderer/src/store';
import { refuse } from './helpers/fake-desk';
import { detail, queued } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

const ORDER = '1000000000001-01';
const CAFE = '7896150100744';

const LINES: PackLine[] = [
  { index: 0, name: 'Café', ean: CAFE, refId: 'CAFE', expected: 2 },
  { index: 1, name: 'Mel', ean: '7896160112584', refId: null, expected: 1 },
  { index: 2, name: 'Café (brinde)', ean: CAFE, refId: null, expected: 1 },
];

describe('pack check rules', () => {
  it('each scan ticks one unit; two lines of one EAN fill in order; then one too many', () => {
    let counts = {};
    const kinds: string[] = [];
    for (const code of [CAFE, 'cafe', CAFE, CAFE]) {
      const r = packScan(LINES, counts, code);
      counts = r.counts;
      kinds.push(r.event.kind);
    }
    expect(kinds).toEqual(['ok', 'ok', 'ok', 'too-many']);
    expect(counts).toEqual({ 0: 2, 2: 1 });
    expect(packScan(LINES, counts, '0000000000000').event).toEqual({
      kind: 'wrong',
      code: '0000000000000',
    });
    expect(packUnits(LINES, counts)).toEqual({ scanned: 3, expected: 4, complete: false });
    expect(packQuantities(LINES, counts)).toEqual({ 0: '2', 2: '1' });
    expect(packUnits(LINES, packAll(LINES)).complete).toBe(true);
  });
});

function Desk() {
  useScanGuard();
  return <DialogHost />;
}

function openPack() {
  const d = detail();
  useDesk.setState((s) => ({
    order: { ...s.order, id: d.row.orderId, status: 'ready', data: d, error: null },
    screen: 'order',
  }));
  act(() => useDesk.getState().openDialog({ kind: 'pack-check', orderId: ORDER }));
}

/** A scanner's burst at the focused element (no time between keys), then Enter. */
function burst(text: string): void {
  const target = document.activeElement as HTMLInputElement;
  for (const key of text) {
    fireEvent.keyDown(target, { key });
    fireEvent.change(target, { target: { value: target.value + key } });
  }
  fireEvent.keyDown(target, { key: 'Enter' });
  fireEvent.submit(target.form as HTMLFormElement);
}

describe('pack check dialog', () => {
  it('a wrong item flashes, beeps low and is logged; the invoice gets exactly what was scanned', async () => {
    const { desk, beeps } = setup({ 'actions:invoice': () => queued({ invoiceNumber: 'NF-1' }) });
    renderUi(<Desk />);
    openPack();
    expect(document.activeElement).toBe(screen.getByTestId('pack-scan'));
    burst(CAFE);
    expect(screen.getByTestId('pack-last').textContent).toBe('Café Moído 500g: 1 of 2');
    burst('7891000000000');
    expect(screen.getByTestId('pack').dataset.flashes).toBe('1');
    expect(document.activeElement).toBe(screen.getByTestId('pack-scan'));
    expect(screen.getByTestId('pack-log').textContent).toContain(
      '“7891000000000” is not an item of this order.',
    );
    burst(CAFE);
    burst(CAFE);
    expect(screen.getByTestId('pack-last').textContent).toBe(
      'One too many: the order has 2 units of “Café Moído 500g”.',
    );
    expect(beeps).toEqual(['success', 'failure', 'success', 'failure']);
    // Each problem is kept on the station too, for the order's timeline.
    expect(desk.callsTo('pack:record')).toEqual([
      { orderId: ORDER, kind: 'wrong', code: '7891000000000' },
      {
        orderId: ORDER,
        kind: 'too-many',
        code: CAFE,
        itemName: 'Café Moído 500g',
        expected: 2,
      },
    ]);
    expect(screen.getByTestId('pack-progress').textContent).toBe('2 of 3 units scanned');

    // Enter on the empty field: the invoice dialog, prefilled with the two coffees only.
    await userEvent.setup().keyboard('{Enter}');
    expect(useDesk.getState().dialog).toMatchObject({ kind: 'invoice', packed: { 0: 2 } });
    expect(screen.getByTestId('invoice-packed').textContent).toContain('1× Mel 250g');
    expect((screen.getByTestId('scope-some') as HTMLInputElement).checked).toBe(true);
    expect(document.activeElement).toBe(screen.getByTestId('dialog-submit'));
    await userEvent.setup().keyboard('{Enter}');
    expect(desk.callsTo('actions:invoice')).toEqual([
      { orderId: ORDER, type: 'Output', items: [{ id: '10', quantity: 2 }] },
    ]);
  });

  it('a supervisor’s name and PIN count everything as checked', async () => {
    const { desk } = setup({
      'operator:verify-pin': (req) =>
        req.pin === '9999' ? { name: req.name } : refuse('PIN_WRONG', 'That PIN is not right.'),
      'actions:invoice': () => queued({ invoiceNumber: 'NF-2' }),
    });
    renderUi(<Desk />);
    openPack();
    // A person types (slower than a scanner): the PIN is not taken for a scan.
    const user = userEvent.setup({ delay: 70 });
    await user.click(screen.getByTestId('pack-override'));
    await user.type(screen.getByTestId('pack-supervisor'), 'Sara');
    await user.type(screen.getByTestId('pack-pin'), '1111{Enter}');
    expect((await screen.findByTestId('pack-override-error')).textContent).toBe(
      'That PIN is not right.',
    );
    await user.type(screen.getByTestId('pack-pin'), '9999{Enter}');
    expect((await screen.findByTestId('pack-approved')).textContent).toContain('Sara');
    expect(desk.callsTo('operator:verify-pin')).toEqual([
      { name: 'Sara', pin: '1111' },
      { name: 'Sara', pin: '9999' },
    ]);
    // Only the approved override is kept on the station, not the wrong PIN.
    expect(desk.callsTo('pack:record')).toEqual([
      { orderId: ORDER, kind: 'override', supervisor: 'Sara' },
    ]);
    await user.keyboard('{Enter}');
    expect(useDesk.getState().dialog).toMatchObject({ kind: 'invoice', packed: { 0: 2, 1: 1 } });
    expect((screen.getByTestId('scope-all') as HTMLInputElement).checked).toBe(true);
  });
});

describe('pack check problems in the timeline', () => {
  it('shows each kept problem and override in the screen’s language, with who was there', () => {
    setup();
    const d = detail();
    const base = { fromStatus: null, toStatus: null, actionId: null, operator: 'Ana', text: '' };
    const pack = {
      code: null,
      itemName: null,
      expected: null,
      supervisor: null,
      operator: 'Ana',
      station: 'Balcão 1',
    };
    renderUi(
      <Timeline
        detail={{
          ...d,
          timeline: [
            {
              ...base,
              at: 1_000,
              kind: 'pack',
              code: 'wrong',
              pack: { ...pack, kind: 'wrong', code: '7891000000000', at: 1_000 },
            },
            {
              ...base,
              at: 2_000,
              kind: 'pack',
              code: 'too-many',
              pack: {
                ...pack,
                kind: 'too-many',
                code: CAFE,
                itemName: 'Café',
                expected: 2,
                at: 2_000,
              },
            },
            {
              ...base,
              at: 3_000,
              kind: 'pack',
              code: 'override',
              pack: { ...pack, kind: 'override', supervisor: 'Sara', at: 3_000 },
            },
          ],
        }}
      />,
    );
    const lines = [...screen.getByTestId('timeline').querySelectorAll('.timeline__text')].map(
      (p) => p.textContent,
    );
    expect(lines).toEqual([
      'Pack check: everything counted as checked, approved by Sara',
      'Pack check: one too many “Café” (2 units in the order)',
      'Pack check: “7891000000000” scanned, not an item of this order',
    ]);
    expect(screen.getByTestId('timeline').textContent).toContain('Ana');
  });
});
