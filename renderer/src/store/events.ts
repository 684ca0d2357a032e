import type { TFunction } from 'i18next';
import type { DeskApi, DeskEventOf } from '../../../preload/contract';
import { printFailureText, slipUrl } from '../features/print/slip-links';
import { formatMoney } from '../format/money';
import { feedback } from './feedback-port';
import type { DeskStore } from './index';

export interface EventOptions {
  /** The screens' language, for the desktop notification's text. */
  t: TFunction;
  /**
   * Pushed order changes arrive in bursts (a catch-up, a sync round); the list and counts are
   * fetched again at most once per this many ms.
   */
  coalesceMs?: number;
}

/**
 * THE module that maps pushed events into the store: every DeskEvent type the renderer cares
 * about has one branch here, and nothing else subscribes to the desk's events. Returns the
 * function that unsubscribes everything.
 */
export function connectEvents(api: DeskApi, store: DeskStore, opts: EventOptions): () => void {
  const coalesceMs = opts.coalesceMs ?? 250;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let wantList = false;
  let wantOrder = false;

  const flush = () => {
    timer = undefined;
    const s = store.getState();
    void s.refreshCounts();
    if (wantList) void s.reloadList({ keep: true });
    if (wantOrder) void s.reloadOrder();
    if (s.screen === 'attention') void s.loadAttention();
    wantList = false;
    wantOrder = false;
  };
  const schedule = (list: boolean, order: boolean) => {
    wantList ||= list;
    wantOrder ||= order;
    timer ??= setTimeout(flush, coalesceMs);
  };

  const touchesOpenOrder = (orderIds: readonly string[], all: boolean) => {
    const open = store.getState().order.id;
    return open !== null && (all || orderIds.includes(open));
  };

  const onOrdersChanged = (e: DeskEventOf<'orders:changed'>) => {
    schedule(true, touchesOpenOrder(e.orderIds, e.all || e.source === 'connection'));
  };

  const onReady = (e: DeskEventOf<'orders:ready-arrived'>) => {
    const s = store.getState();
    if (!s.prefs.notifyNewOrders || e.orders.length === 0) return;
    const first = e.orders[0];
    if (!first) return;
    const locale = s.prefs.locale;
    const title = opts.t('notify.title', { count: e.orders.length });
    const body =
      e.orders.length === 1
        ? opts.t('notify.one', {
            order: first.sequence ? `#${first.sequence}` : first.orderId,
            customer: first.customerName ?? '—',
            value: formatMoney(first.value, first.currency, locale),
          })
        : opts.t('notify.many', { count: e.orders.length });
    feedback().notify(title, body, () => void store.getState().openOrder(first.orderId));
  };

  const offs = [
    api.on('app:info-changed', (e) => {
      const before = store.getState().info;
      store.getState().setInfo(e.info);
      // Demo mode left (or entered): a different source of orders, so everything is refetched.
      if (before && before.mode !== e.info.mode) {
        const s = store.getState();
        void s.loadSettings();
        void s.loadSyncStatus();
        schedule(true, true);
      }
    }),
    api.on('orders:changed', onOrdersChanged),
    api.on('sync:status-changed', (e) => store.getState().setSyncStatus(e.status)),
    api.on('attention:changed', (e) => {
      void store.getState().loadSyncStatus();
      schedule(store.getState().queue === 'attention', touchesOpenOrder(e.orderIds, false));
      if (store.getState().screen === 'attention') void store.getState().loadAttention();
    }),
    api.on('catch-up:progressed', (e) => {
      store.getState().setCatchUp(e);
      if (e.phase === 'done') schedule(true, store.getState().order.id !== null);
    }),
    api.on('orders:ready-arrived', onReady),
    api.on('operator:changed', (e) => store.getState().setOperator(e.operator)),
    api.on('print:job-changed', (e) => {
      store.getState().upsertPrintJob(e.job);
      if (e.job.state === 'failed') {
        // Never a dead end: in the browser the slip can always be opened and printed from there.
        const browser = store.getState().info?.host === 'browser';
        const report = e.job.variant === 'shift-report';
        const reason = printFailureText(opts.t, e.job);
        store
          .getState()
          .showToast(
            'bad',
            report
              ? opts.t('drawer.report.failed', { number: e.job.invoiceNumber, reason })
              : opts.t('print.failedToast', { invoice: e.job.invoiceNumber, reason }),
            undefined,
            browser && !report
              ? { label: opts.t('printFlow.openToPrint'), href: slipUrl(e.job, 'print') }
              : undefined,
          );
      }
    }),
  ];

  return () => {
    clearTimeout(timer);
    for (const off of offs) off();
  };
}

/** Everything a fresh window (or one whose link just came back) asks for once. */
export async function loadEverything(store: DeskStore): Promise<void> {
  const s = store.getState();
  await Promise.all([
    s.loadInfo(),
    s.loadOperator(),
    s.refreshCounts(),
    s.reloadList({ keep: true }),
    s.loadSyncStatus(),
    s.order.id ? s.reloadOrder() : Promise.resolve(),
    s.screen === 'attention' ? s.loadAttention() : Promise.resolve(),
  ]);
}
