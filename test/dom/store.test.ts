import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListOrdersRequest, ListOrdersResponse } from '../../preload/contract';
import { createI18n } from '../../renderer/src/i18n';
import { useDesk } from '../../renderer/src/store';
import { connectEvents } from '../../renderer/src/store/events';
import { FIRST_PAGE, PAGE_SIZE } from '../../renderer/src/store/slices/queues';
import { refuse } from './helpers/fake-desk';
import { detail, row, rows, syncStatus } from './helpers/fixtures';
import { setup } from './helpers/render';

/** A paged list over `all` rows: cursor = index of the next row, like a keyset. */
function pagedList(all: ReturnType<typeof rows>) {
  return (req: ListOrdersRequest): ListOrdersResponse => {
    const start = req.cursor ? Number(req.cursor) : 0;
    const limit = req.limit ?? 50;
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : null;
    return { rows: page, nextCursor: next, truncated: false };
  };
}

describe('queues slice', () => {
  beforeEach(() => {
    useDesk.setState(useDesk.getInitialState(), true);
  });

  it('loads a queue page by page with the cursor, never all at once', async () => {
    const all = rows(250);
    const { desk } = setup({ 'orders:list': pagedList(all) });
    await useDesk.getState().selectQueue('handling');
    // A small first page (it is on the path of every filter keystroke), then larger ones.
    expect(useDesk.getState().list.rows).toHaveLength(FIRST_PAGE);
    await useDesk.getState().loadMore();
    await useDesk.getState().loadMore();
    await useDesk.getState().loadMore();
    await useDesk.getState().loadMore(); // nothing left: no call
    const calls = desk.callsTo('orders:list') as ListOrdersRequest[];
    expect(calls.map((c) => c.cursor ?? null)).toEqual([
      null,
      String(FIRST_PAGE),
      String(FIRST_PAGE + PAGE_SIZE),
      String(FIRST_PAGE + 2 * PAGE_SIZE),
    ]);
    expect(calls.every((c) => c.queue === 'handling' && (c.limit ?? 0) <= 200)).toBe(true);
    expect(useDesk.getState().list.rows.map((r) => r.orderId)).toEqual(all.map((r) => r.orderId));
    expect(useDesk.getState().list.nextCursor).toBeNull();
  });

  it('keeps only the answer to the newest filter when answers come back out of order', async () => {
    const slow: ((v: ListOrdersResponse) => void)[] = [];
    setup({
      'orders:list': (req) =>
        req.filter === 'ab'
          ? new Promise<ListOrdersResponse>((resolve) => slow.push(resolve))
          : {
              rows: [row({ orderId: 'abc-01', customerName: 'Abc' })],
              nextCursor: null,
              truncated: false,
            },
    });
    const first = useDesk.getState().setFilter('ab');
    await useDesk.getState().setFilter('abc');
    slow[0]?.({ rows: rows(3), nextCursor: null, truncated: false });
    await first;
    expect(useDesk.getState().filter).toBe('abc');
    expect(useDesk.getState().list.rows.map((r) => r.orderId)).toEqual(['abc-01']);
  });

  it('reloads as many rows as were on screen, so a refresh keeps the scroll position', async () => {
    const all = rows(320);
    const { desk } = setup({ 'orders:list': pagedList(all) });
    await useDesk.getState().selectQueue('ready');
    await useDesk.getState().loadMore();
    await useDesk.getState().loadMore();
    desk.calls.length = 0;
    await useDesk.getState().reloadList({ keep: true });
    expect(desk.callsTo('orders:list')).toHaveLength(3);
    expect(useDesk.getState().list.rows).toHaveLength(FIRST_PAGE + 2 * PAGE_SIZE);
  });

  it('starts over from the top when the cursor no longer fits the list', async () => {
    let broken = false;
    const all = rows(150);
    const list = pagedList(all);
    setup({
      'orders:list': (req) => (broken && req.cursor ? refuse('LIST_CURSOR_INVALID') : list(req)),
    });
    await useDesk.getState().selectQueue('ready');
    broken = true;
    await useDesk.getState().loadMore();
    await vi.waitFor(() => expect(useDesk.getState().list.status).toBe('ready'));
    expect(useDesk.getState().list.rows).toHaveLength(FIRST_PAGE);
  });
});

describe('scan slice', () => {
  it('Enter on an exact hit opens the order and beeps success', async () => {
    const hit = { ...row({ orderId: 'X-01', sequence: '777' }), matchedBy: 'sequence' as const };
    const { beeps } = setup({
      'orders:search': () => ({
        hits: [hit, { ...row(), matchedBy: 'text' as const }],
        exact: true,
      }),
      'orders:get': () => detail({ row: row({ orderId: 'X-01', sequence: '777' }) }),
    });
    useDesk.getState().setScanText('777');
    await useDesk.getState().submitScan();
    expect(useDesk.getState().screen).toBe('order');
    expect(useDesk.getState().order.id).toBe('X-01');
    expect(useDesk.getState().scan.text).toBe('');
    expect(useDesk.getState().scan.opened).toBe('#777');
    expect(beeps).toEqual(['success']);
  });

  it('nothing found: failure beep, the text stays to be replaced by the next scan', async () => {
    const { beeps } = setup({ 'orders:search': () => ({ hits: [], exact: false }) });
    useDesk.getState().setScanText('999999');
    await useDesk.getState().submitScan();
    expect(useDesk.getState().scan).toMatchObject({
      status: 'none',
      query: '999999',
      text: '999999',
    });
    expect(useDesk.getState().screen).toBe('queues');
    expect(beeps).toEqual(['failure']);
  });

  it('several hits: pick with the arrows, Enter opens the highlighted one', async () => {
    const hits = rows(3).map((r) => ({ ...r, matchedBy: 'text' as const }));
    setup({
      'orders:search': () => ({ hits, exact: false }),
      'orders:get': (req) => detail({ row: row({ orderId: req.orderId }) }),
    });
    useDesk.getState().setScanText('lara');
    await useDesk.getState().submitScan();
    expect(useDesk.getState().scan.status).toBe('several');
    useDesk.getState().moveScanHighlight(1);
    useDesk.getState().moveScanHighlight(1);
    useDesk.getState().moveScanHighlight(1); // wraps to the first
    useDesk.getState().moveScanHighlight(-1); // back to the last
    await useDesk.getState().submitScan();
    expect(useDesk.getState().order.id).toBe(hits[2]?.orderId);
  });

  it('Esc clears the box, and on an empty box backs out of the order', async () => {
    setup({ 'orders:get': () => detail() });
    await useDesk.getState().openOrder('1000000000001-01');
    useDesk.getState().setScanText('abc');
    useDesk.getState().escapeScan();
    expect(useDesk.getState().scan.text).toBe('');
    expect(useDesk.getState().screen).toBe('order');
    useDesk.getState().escapeScan();
    expect(useDesk.getState().screen).toBe('queues');
    expect(useDesk.getState().order.id).toBeNull();
  });
});

describe('actions through the store', () => {
  it('a refusal comes back with its stable code and nothing is reloaded', async () => {
    const { desk } = setup({
      'actions:start-handling': () => refuse('NO_OPERATOR'),
    });
    const result = await useDesk.getState().act('actions:start-handling', { orderId: 'A-01' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'NO_OPERATOR', message: 'refused: NO_OPERATOR' },
    });
    expect(desk.callsTo('orders:counts')).toHaveLength(0);
  });
});

describe('pushed events → store (store/events.ts)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('maps every event type the screens need', async () => {
    vi.useFakeTimers();
    const { desk, notes } = setup({
      'orders:counts': () => ({
        ready: 3,
        handling: 1,
        'awaiting-payment': 0,
        invoiced: 0,
        canceled: 0,
        attention: 0,
        all: 4,
      }),
      'orders:list': () => ({ rows: rows(2), nextCursor: null, truncated: false }),
      'orders:get': () => detail(),
      'sync:status': () => syncStatus(),
    });
    const off = connectEvents(desk.api, useDesk, { t: createI18n('en').t, coalesceMs: 100 });
    await useDesk.getState().openOrder('1000000000001-01');
    desk.calls.length = 0;

    // A burst of changes: one refresh of counts and list, and the open order reloaded.
    for (let i = 0; i < 5; i++) {
      desk.emit({
        type: 'orders:changed',
        orderIds: ['1000000000001-01'],
        all: false,
        source: 'feed',
      });
    }
    await vi.advanceTimersByTimeAsync(150);
    expect(desk.callsTo('orders:counts')).toHaveLength(1);
    expect(desk.callsTo('orders:list')).toHaveLength(1);
    expect(desk.callsTo('orders:get')).toHaveLength(1);
    expect(useDesk.getState().counts?.ready).toBe(3);

    desk.emit({ type: 'sync:status-changed', status: syncStatus({ online: false, pending: 2 }) });
    expect(useDesk.getState().sync).toMatchObject({ online: false, pending: 2 });

    desk.emit({
      type: 'catch-up:progressed',
      reason: 'outage',
      phase: 'fetching',
      done: 5,
      total: 10,
    });
    expect(useDesk.getState().catchUp).toMatchObject({ done: 5, total: 10 });

    desk.emit({ type: 'operator:changed', operator: { name: 'Bia', since: 1, hasPin: false } });
    expect(useDesk.getState().operator?.name).toBe('Bia');

    desk.emit({
      type: 'print:job-changed',
      job: {
        id: 'j1',
        seq: 1,
        orderId: 'A',
        invoiceNumber: 'NF-1',
        kind: 'thermal',
        variant: 'output',
        locale: 'en',
        trigger: 'manual',
        reprintOf: null,
        state: 'failed',
        reason: 'printer not found',
        reasonCode: 'printer-not-found',
        provisional: false,
        spoolerJob: null,
        printer: null,
        copies: 1,
        pdfPath: null,
        htmlPath: null,
        createdAt: 1,
        updatedAt: 1,
      },
    });
    expect(useDesk.getState().toasts.at(-1)?.text).toContain('is not on this computer any more');

    // Notifications only when the user asked for them.
    const arrived = {
      type: 'orders:ready-arrived' as const,
      orders: [
        { orderId: 'N-01', sequence: '42', customerName: 'Rui', value: 990, currency: 'BRL' },
      ],
    };
    desk.emit(arrived);
    expect(notes).toHaveLength(0);
    useDesk.setState((s) => ({ prefs: { ...s.prefs, notifyNewOrders: true } }));
    desk.emit(arrived);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.title).toBe('New order ready for handling');
    expect(notes[0]?.body).toContain('#42');

    off();
    expect(desk.listenerCount('orders:changed')).toBe(0);
  });
});
