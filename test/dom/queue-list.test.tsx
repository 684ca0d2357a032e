import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ListOrdersRequest } from '../../preload/contract';
import { QueueScreen } from '../../renderer/src/features/queues/QueueScreen';
import { QueueNav } from '../../renderer/src/features/shell/QueueNav';
import { useDesk } from '../../renderer/src/store';
import { rows } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

const TOTAL = 100_000;
const VIEW_HEIGHT = 640;

/** 100,000 orders behind a keyset: any page is made on demand, nothing is held. */
function hugeQueue() {
  return (req: ListOrdersRequest) => {
    const start = req.cursor ? Number(req.cursor) : 0;
    const limit = req.limit ?? 50;
    const n = Math.max(0, Math.min(limit, TOTAL - start));
    return {
      rows: rows(n, start),
      nextCursor: start + n < TOTAL ? String(start + n) : null,
      truncated: false,
    };
  };
}

describe('queue list', () => {
  const spies: { mockRestore(): void }[] = [];
  beforeEach(() => {
    // happy-dom lays nothing out: give the list (every element, in fact) a real window size.
    spies.push(
      vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(VIEW_HEIGHT),
      vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(1000),
    );
  });
  afterEach(() => {
    for (const spy of spies.splice(0)) spy.mockRestore();
  });

  it('renders only the rows in view of 100,000 and pages in more while scrolling', async () => {
    const { desk } = setup({
      'orders:list': hugeQueue(),
      'orders:counts': () => ({
        ready: TOTAL,
        handling: 0,
        'awaiting-payment': 0,
        invoiced: 0,
        canceled: 0,
        attention: 0,
        all: TOTAL,
      }),
    });
    await act(async () => {
      await useDesk.getState().refreshCounts();
      await useDesk.getState().selectQueue('ready');
    });
    renderUi(<QueueScreen />);
    expect(screen.getByTestId('queue-count').textContent).toBe('100,000 orders');
    const rendered = screen.getAllByTestId('order-row');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(40);
    expect(desk.callsTo('orders:list')).toHaveLength(1);

    // Scroll to the end of what is loaded: the next page is asked for with the cursor.
    const list = screen.getByTestId('order-list');
    await act(async () => {
      list.scrollTop = 80 * 64;
      fireEvent.scroll(list);
    });
    await vi.waitFor(() => expect(useDesk.getState().list.rows.length).toBeGreaterThan(40));
    expect((desk.callsTo('orders:list') as ListOrdersRequest[])[1]?.cursor).toBe('40');
    expect(screen.getAllByTestId('order-row').length).toBeLessThan(40);
  });

  it('filters through the desk on each keystroke and says when nothing matches', async () => {
    const { desk } = setup({
      'orders:list': (req) =>
        req.filter === 'zz' ? { rows: [], nextCursor: null, truncated: false } : hugeQueue()(req),
    });
    await act(() => useDesk.getState().selectQueue('ready'));
    renderUi(<QueueScreen />);
    await userEvent.setup().type(screen.getByTestId('queue-filter'), 'zz');
    await screen.findByText('No order in this queue matches “zz”.');
    expect((desk.callsTo('orders:list') as ListOrdersRequest[]).map((c) => c.filter ?? '')).toEqual(
      ['', 'z', 'zz'],
    );
  });

  it('sorts by a column header, toggling the direction', async () => {
    const { desk } = setup({ 'orders:list': hugeQueue() });
    await act(() => useDesk.getState().selectQueue('ready'));
    renderUi(<QueueScreen />);
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Sort by Total' }));
    await user.click(screen.getByRole('button', { name: 'Sort by Total' }));
    expect((desk.callsTo('orders:list') as ListOrdersRequest[]).map((c) => c.sort)).toEqual([
      'creation_desc',
      'value_desc',
      'value_asc',
    ]);
  });

  it('the queue tabs show live counts and Alt-less clicks switch queues', async () => {
    const { desk } = setup({
      'orders:list': hugeQueue(),
      'orders:counts': () => ({
        ready: 12,
        handling: 3,
        'awaiting-payment': 1,
        invoiced: 0,
        canceled: 2,
        attention: 1,
        all: 19,
      }),
    });
    await act(() => useDesk.getState().refreshCounts());
    renderUi(<QueueNav />);
    expect(screen.getByTestId('count-ready').textContent).toBe('12');
    expect(screen.getByTestId('count-attention').className).toContain('nav__count--alert');
    await userEvent.setup().click(screen.getByTestId('queue-handling'));
    expect(useDesk.getState().queue).toBe('handling');
    expect((desk.callsTo('orders:list') as ListOrdersRequest[]).at(-1)?.queue).toBe('handling');
    expect(screen.getByTestId('queue-handling').getAttribute('aria-current')).toBe('page');
  });

  it('a filter’s header says how many it shows of the queue, and End goes to the queue’s end', async () => {
    const QUEUE = 450;
    const counts = {
      ready: QUEUE,
      handling: 0,
      'awaiting-payment': 0,
      invoiced: 0,
      canceled: 0,
      attention: 0,
      all: QUEUE,
    };
    const { desk } = setup({
      'orders:list': (req) => {
        const start = req.cursor ? Number(req.cursor) : 0;
        const size = req.filter ? 6 : QUEUE;
        const n = Math.max(0, Math.min(req.limit ?? 50, size - start));
        return {
          rows: rows(n, start),
          nextCursor: start + n < size ? String(start + n) : null,
          truncated: false,
        };
      },
      'orders:counts': () => counts,
    });
    await act(async () => {
      await useDesk.getState().refreshCounts();
      await useDesk.getState().selectQueue('ready');
    });
    renderUi(<QueueScreen />);
    // End on the first row: past the loaded page, to the last order of the queue.
    const first = screen.getAllByTestId('order-row')[0] as HTMLElement;
    first.focus();
    fireEvent.keyDown(first, { key: 'End' });
    await vi.waitFor(() => expect(useDesk.getState().list.rows).toHaveLength(QUEUE));
    expect((desk.callsTo('orders:list') as ListOrdersRequest[]).length).toBeGreaterThan(2);

    await userEvent.setup().type(screen.getByTestId('queue-filter'), 'ana');
    await vi.waitFor(() => expect(screen.getByTestId('queue-count').textContent).toBe('6 of 450'));
  });
});
