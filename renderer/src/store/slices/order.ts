import type {
  ActionQueued,
  ConversationResponse,
  CustomerOrdersResponse,
  OrderDetail,
  PaymentTransactionView,
  PayloadArgs,
} from '../../../../preload/contract';
import { ask, type Outcome } from '../desk-port';
import { idle, type Remote, type SliceCreator } from '../types';

export type ActionChannel =
  | 'actions:start-handling'
  | 'actions:record-payment'
  | 'actions:invoice'
  | 'actions:tracking'
  | 'actions:cancel'
  | 'actions:note'
  | 'actions:change';

/** The views of an order that only VTEX can answer (they fail with OFFLINE when it cannot). */
export type OrderExtra = 'conversation' | 'transaction' | 'customerOrders';

export interface OrderExtras {
  conversation: Remote<ConversationResponse>;
  transaction: Remote<PaymentTransactionView>;
  customerOrders: Remote<CustomerOrdersResponse>;
}

export interface OrderView extends Remote<OrderDetail> {
  /** The order on screen (set at once, before its detail arrives). */
  id: string | null;
  extras: OrderExtras;
}

export interface OrderSlice {
  order: OrderView;
  /** Shows the order's detail (the scan box and the lists call this). */
  openOrder(orderId: string): Promise<void>;
  closeOrder(): void;
  /** Fetches the open order again (after an action or a pushed change). */
  reloadOrder(): Promise<void>;
  loadExtra(extra: OrderExtra): Promise<void>;
  /** Queues an action; the answer is the refusal to show in the dialog, or what was queued. */
  act<C extends ActionChannel>(
    channel: C,
    ...payload: PayloadArgs<C>
  ): Promise<Outcome<ActionQueued>>;
}

const noExtras = (): OrderExtras => ({
  conversation: idle(),
  transaction: idle(),
  customerOrders: idle(),
});

const CHANNEL_OF_EXTRA = {
  conversation: 'orders:conversation',
  transaction: 'orders:payment-transaction',
  customerOrders: 'orders:customer-orders',
} as const;

export const createOrderSlice: SliceCreator<OrderSlice> = (set, get) => {
  let latest = 0;

  async function fetchDetail(orderId: string, quiet: boolean): Promise<void> {
    const seq = ++latest;
    if (!quiet) set((s) => ({ order: { ...s.order, status: 'loading', error: null } }));
    const result = await ask('orders:get', { orderId });
    if (seq !== latest || get().order.id !== orderId) return;
    if (result.ok) {
      set((s) => ({ order: { ...s.order, status: 'ready', data: result.data, error: null } }));
    } else {
      set((s) => ({ order: { ...s.order, status: 'error', error: result.error } }));
    }
  }

  return {
    order: { id: null, ...idle<OrderDetail>(), extras: noExtras() },

    async openOrder(orderId) {
      const same = get().order.id === orderId;
      set((s) => ({
        order: same ? s.order : { id: orderId, ...idle<OrderDetail>(), extras: noExtras() },
        screen: 'order',
        dialog: null,
      }));
      await fetchDetail(orderId, same && get().order.data !== null);
    },
    closeOrder() {
      latest++;
      set((s) => ({
        order: { id: null, ...idle<OrderDetail>(), extras: noExtras() },
        screen: s.queue === 'attention' ? 'attention' : 'queues',
        dialog: null,
        // The "Opened #…" line under the scan box leaves with the order it confirmed.
        scan: s.scan.opened ? { ...s.scan, opened: null, status: 'idle' } : s.scan,
      }));
    },
    async reloadOrder() {
      const id = get().order.id;
      if (id) await fetchDetail(id, true);
    },
    async loadExtra(extra) {
      const orderId = get().order.id;
      if (!orderId) return;
      set((s) => ({
        order: {
          ...s.order,
          extras: { ...s.order.extras, [extra]: { status: 'loading', data: null, error: null } },
        },
      }));
      const result = await ask(CHANNEL_OF_EXTRA[extra], { orderId });
      if (get().order.id !== orderId) return;
      set((s) => ({
        order: {
          ...s.order,
          extras: {
            ...s.order.extras,
            [extra]: result.ok
              ? { status: 'ready', data: result.data, error: null }
              : { status: 'error', data: null, error: result.error },
          },
        },
      }));
    },
    async act(channel, ...payload) {
      const result = (await ask(channel, ...payload)) as Outcome<ActionQueued>;
      if (result.ok) {
        // The pushed `orders:changed` follows too; reloading here keeps the screen right even
        // when the event socket is down.
        void get().reloadOrder();
        void get().refreshCounts();
        void get().reloadList({ keep: true });
        void get().loadSyncStatus();
      }
      return result;
    },
  };
};
