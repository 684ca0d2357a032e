import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { OrderScreen } from '../../renderer/src/features/order/OrderScreen';
import { useDesk } from '../../renderer/src/store';
import { readLocation, rememberLocation, restoreLocation } from '../../renderer/src/store/location';
import { detail, row } from './helpers/fixtures';
import { renderUi, setup } from './helpers/render';

/** sessionStorage as the window keeps it across a reload of its page. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const ORDER = '1000000000042-01';
const handlers = {
  'orders:get': () => detail({ row: row({ orderId: ORDER, sequence: '500042' }) }),
};

describe('location across a reload', () => {
  it('opens the order that was open before the renderer was loaded again', async () => {
    const storage = memoryStorage();
    setup(handlers);
    const stop = rememberLocation(useDesk, storage);
    await useDesk.getState().selectQueue('handling');
    await useDesk.getState().openOrder(ORDER);
    stop();

    // The crashed page's store is gone: a new page starts from the initial state.
    const { desk } = setup(handlers);
    expect(useDesk.getState().screen).toBe('queues');
    restoreLocation(useDesk, storage);
    renderUi(<OrderScreen />);

    const shown = await screen.findByLabelText(/500042/);
    expect(shown.getAttribute('data-order-id')).toBe(ORDER);
    expect(useDesk.getState().screen).toBe('order');
    expect(useDesk.getState().queue).toBe('handling');
    expect(desk.callsTo('orders:get')).toEqual([{ orderId: ORDER }]);
  });

  it('comes back to the screen and queue when no order was open', async () => {
    const storage = memoryStorage();
    setup(handlers);
    const stop = rememberLocation(useDesk, storage);
    await useDesk.getState().openOrder(ORDER);
    useDesk.getState().closeOrder();
    await useDesk.getState().selectQueue('invoiced');
    useDesk.getState().go('print');
    stop();
    expect(readLocation(storage)).toEqual({ screen: 'print', queue: 'invoiced', orderId: null });

    const { desk } = setup();
    restoreLocation(useDesk, storage);
    await waitFor(() => expect(desk.callsTo('print:jobs')).toHaveLength(1));
    expect(useDesk.getState().screen).toBe('print');
    expect(useDesk.getState().queue).toBe('invoiced');
    expect(desk.callsTo('orders:get')).toEqual([]);
  });

  it('starts on the queues when the saved location is missing or not one it knows', () => {
    for (const saved of [
      null,
      'not json',
      '{"screen":"order","queue":"ready"}',
      '{"screen":"reports","queue":"ready","orderId":null}',
    ]) {
      const storage = memoryStorage();
      if (saved !== null) storage.setItem('order-desk.location', saved);
      const { desk } = setup(handlers);
      restoreLocation(useDesk, storage);
      expect(useDesk.getState().screen).toBe('queues');
      expect(desk.calls).toEqual([]);
    }
  });
});
