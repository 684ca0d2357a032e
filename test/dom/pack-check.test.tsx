import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DialogHost } from '../../renderer/src/features/actions/DialogHost';
import { Timeline } from '../../renderer/src/features/order/Timeline';
import {
  packAll,
  packCountsOf,
  packQuantities,
  packScan,
  packScansOf,
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
  { index: 0, sku: '10', name: 'Café', ean: CAFE, refId: 'CAFE', expected: 2 },
  { index: 1, sku: '11', name: 'Mel', ean: '7896160112584', refId: null, expected: 1 },
  { index: 2, sku: '10', name: 'Café (brinde)', ean: CAFE, refId: null, expected: 1 },
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

  it('kept by SKU, scans land on the lines as a change left them', () => {
    const counts = { 0: 2, 1: 1 };
    const scans = packScansOf(LINES, counts);
    expect(scans).toEqual({ 10: 2, 11: 1 });
    // The honey was taken out and the coffee reduced to one: the lines after it moved up.
    const after: PackLine[] = [
      { index: 0, sku: '10', name: 'Café', ean: CAFE, refId: 'CAFE', expected: 1 },
      { index: 1, sku: '10', name: 'Café (brinde)', ean: CAFE, refId: null, expected: 1 },
    ];
    expect(packCountsOf(after, scans)).toEqual({ 0: 1, 1: 1 });
    expect(packCountsOf(after, { 10: 1, 11: 1 })).toEqual({ 0: 1 });
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

describe('a line the pack check cannot complete', () => {
  /** The order once the change took the unscanned coffee out: one unit of it left. */
  const changed = () => {
    const d = detail();
    return {
      ...d,
      items: d.items.map((i) => (i.id === '10' ? { ...i, quantity: 1, remainingToInvoice: 1 } : i)),
    };
  };

  it('Alt+M reaches the line; the change dialog starts with its unscanned units; the check resumes as changed', async () => {
    const { desk } = setup({
      'changes:preview': () => ({ totalChangeValue: -2000, totals: [], newOrderValue: 2500 }),
      'actions:change': () => queued({ actionId: 'a-change' }),
      'orders:get': () => changed(),
      'pack:record': (req) => ({
        kind: req.kind,
        code: 'code' in req ? req.code : null,
        itemName: 'itemName' in req ? req.itemName : null,
        expected: null,
        supervisor: null,
        quantity: 'quantity' in req ? req.quantity : null,
        replacedBy: null,
        operator: 'Ana',
        station: 'Balcão 1',
        at: 1,
      }),
    });
    renderUi(<Desk />);
    openPack();
    burst(CAFE);
    expect(screen.getByTestId('pack-progress').textContent).toBe('1 of 3 units scanned');

    // Alt+M: to the first line not complete (the coffee, 1 of 2), its way out named for it.
    fireEvent.keyDown(document.activeElement as Element, { key: 'm', code: 'KeyM', altKey: true });
    const missing = document.activeElement as HTMLButtonElement;
    expect(missing.dataset.testid).toBe('pack-missing');
    expect(missing.dataset.index).toBe('0');
    expect(missing.getAttribute('aria-label')).toBe('Item missing or damaged: Café Moído 500g');
    const user = userEvent.setup();
    await user.keyboard('{Enter}');

    // The change dialog: the coffee's one unscanned unit to take out, focused to adjust.
    expect(useDesk.getState().dialog).toEqual({
      kind: 'change',
      orderId: ORDER,
      fromPack: {
        intent: { index: 0, sku: '10', name: 'Café Moído 500g', quantity: 1 },
        scans: { 10: 1 },
      },
    });
    await screen.findByTestId('dialog-change');
    expect(screen.getByTestId('change-from-pack').textContent).toBe(
      'From the pack check: 1 unit of “Café Moído 500g” cannot be packed. Take it out, or replace it with another SKU; the pack check goes on afterwards.',
    );
    const out = screen.getByTestId('change-out-10') as HTMLInputElement;
    expect(out.value).toBe('1');
    expect(document.activeElement).toBe(out);
    expect((screen.getByTestId('change-out-11') as HTMLInputElement).value).toBe('');
    expect((screen.getByTestId('change-reason-missing') as HTMLInputElement).checked).toBe(true);

    // Enter previews, Enter applies: exactly that line's intent.
    await user.keyboard('{Enter}');
    await screen.findByTestId('change-preview');
    expect(desk.callsTo('changes:preview')).toEqual([
      { orderId: ORDER, reason: 'Missing at picking', remove: [{ id: '10', quantity: 1 }] },
    ]);
    await user.keyboard('{Enter}');
    await screen.findByTestId('dialog-pack-check');
    expect(desk.callsTo('actions:change')).toEqual([
      {
        orderId: ORDER,
        reason: 'Missing at picking',
        remove: [{ id: '10', quantity: 1 }],
        approvedChangeValue: -2000,
      },
    ]);
    // Kept with the pack check's problems: the timeline says why the items changed.
    expect(desk.callsTo('pack:record')).toEqual([
      { orderId: ORDER, kind: 'missing', code: '10', itemName: 'Café Moído 500g', quantity: 1 },
    ]);

    // Back at the check: the order as changed, the coffee already scanned still counted.
    await vi.waitFor(() =>
      expect(screen.getByTestId('pack-progress').textContent).toBe('1 of 2 units scanned'),
    );
    expect(screen.getByTestId('pack-resumed')).toBeTruthy();
    const lines = screen.getAllByTestId('pack-line');
    expect(lines.map((l) => [l.dataset.index, l.dataset.scanned])).toEqual([
      ['0', '1'],
      ['1', '0'],
    ]);
    expect(document.activeElement).toBe(screen.getByTestId('pack-scan'));
  });

  it('offline, the change is queued as the worker said and the check goes on as changed', async () => {
    const { desk } = setup({
      'changes:preview': () => refuse('OFFLINE', 'VTEX cannot be reached.'),
      'actions:change': () => queued({ actionId: 'a-change' }),
      'orders:get': () => changed(),
      'pack:record': () => refuse('INTERNAL'),
    });
    renderUi(<Desk />);
    openPack();
    burst(CAFE);
    const [coffee] = screen.getAllByTestId('pack-missing');
    const user = userEvent.setup();
    await user.click(coffee as HTMLElement);
    await screen.findByTestId('dialog-change');
    await user.keyboard('{Enter}');
    await screen.findByTestId('change-offline');
    expect(screen.getByTestId('dialog-submit').textContent).toContain('Queue change');
    await user.keyboard('{Enter}');
    await screen.findByTestId('dialog-pack-check');
    // No preview, so no approved value: the outbox previews it on reconnect.
    expect(desk.callsTo('actions:change')).toEqual([
      { orderId: ORDER, reason: 'Missing at picking', remove: [{ id: '10', quantity: 1 }] },
    ]);
    // The station could not keep the problem: the change and the check go on all the same.
    expect(desk.callsTo('pack:record')).toHaveLength(1);
    await vi.waitFor(() =>
      expect(screen.getByTestId('pack-progress').textContent).toBe('1 of 2 units scanned'),
    );
  });

  it('Esc in the change dialog goes back to the check with its scans, and nothing is sent', async () => {
    const { desk } = setup();
    renderUi(<Desk />);
    openPack();
    burst(CAFE);
    burst(CAFE);
    const [, mel] = screen.getAllByTestId('pack-missing');
    await userEvent.setup().click(mel as HTMLElement);
    expect(((await screen.findByTestId('change-out-11')) as HTMLInputElement).value).toBe('1');
    await userEvent.setup().keyboard('{Escape}');
    await screen.findByTestId('dialog-pack-check');
    expect(screen.getByTestId('pack-progress').textContent).toBe('2 of 3 units scanned');
    expect(desk.calls.map((c) => c.channel)).toEqual([]);
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
      quantity: null,
      replacedBy: null,
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
            {
              ...base,
              at: 4_000,
              kind: 'pack',
              code: 'missing',
              pack: {
                ...pack,
                kind: 'missing',
                code: '11',
                itemName: 'Mel',
                quantity: 1,
                at: 4_000,
              },
            },
            {
              ...base,
              at: 5_000,
              kind: 'pack',
              code: 'missing',
              pack: {
                ...pack,
                kind: 'missing',
                code: '10',
                itemName: 'Café',
                quantity: 2,
                replacedBy: '101',
                at: 5_000,
              },
            },
          ],
        }}
      />,
    );
    const lines = [...screen.getByTestId('timeline').querySelectorAll('.timeline__text')].map(
      (p) => p.textContent,
    );
    expect(lines).toEqual([
      'Pack check: 2 units of “Café” missing or damaged, replaced by SKU 101 (change of items)',
      'Pack check: 1 unit of “Mel” missing or damaged, taken out by a change of items',
      'Pack check: everything counted as checked, approved by Sara',
      'Pack check: one too many “Café” (2 units in the order)',
      'Pack check: “7891000000000” scanned, not an item of this order',
    ]);
    expect(screen.getByTestId('timeline').textContent).toContain('Ana');
  });
});
