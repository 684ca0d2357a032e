import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { OrderRow } from '../../../../preload/contract';
import { useFormat, type Formatters } from '../../format/use-format';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { StatusBadge, SyncPill } from '../../ui/StatusBadge';

export const ROW_HEIGHT = 64;

/**
 * Marked once per page load when the first rows are on screen: the UI bench reads it as "cold
 * start to an interactive queue" (performance.getEntriesByName).
 */
export const QUEUE_READY_MARK = 'desk:queue-ready';
let readyMarked = false;
/** Ask for the next page while this many loaded rows are still below the window. */
const PREFETCH_ROWS = 15;
/** End reads the rest of the queue page by page, up to this many pages (20 000 orders). */
const MAX_PAGES_FOR_END = 200;

/** Resolves when the page being read (by the prefetch) has arrived. */
function listSettled(): Promise<void> {
  return new Promise((resolve) => {
    const stop = useDesk.subscribe((s) => {
      if (!s.list.loadingMore) {
        stop();
        resolve();
      }
    });
  });
}

function RowContent({ row, fmt }: { row: OrderRow; fmt: Formatters }) {
  const { t } = useTranslation();
  const channel = [row.marketplace, row.origin === 'Marketplace' ? null : row.salesChannel]
    .filter(Boolean)
    .join(' · ');
  return (
    <>
      <span className="row__status">
        <StatusBadge status={row.displayStatus} />
        <SyncPill state={row.syncState} />
      </span>
      <span className="row__order">
        <strong className="row__seq num">{row.sequence ? `#${row.sequence}` : '—'}</strong>
        <span className="row__id mono">{row.orderId}</span>
      </span>
      <span className="row__customer">
        <span className="row__name">{row.customerName ?? t('order.noCustomer')}</span>
        <span className="row__channel">
          {row.isPickup && (
            <span className="row__pickup">
              <Icon name="store" />
              {t('order.pickup')}
            </span>
          )}
          {channel || t('order.ownStore')}
        </span>
      </span>
      <span className="row__items num">{t('order.units', { count: row.itemsCount })}</span>
      <span className="row__date num">{fmt.listDate(row.creationDate)}</span>
      <span className="row__value num">{fmt.money(row.value, row.currency)}</span>
    </>
  );
}

/**
 * The queue's orders, virtualized: only the rows in view are in the page, and pages of rows come
 * from the desk (keyset paging) as the list scrolls towards the end of what is loaded, so a
 * queue of 100,000 cached orders scrolls as smoothly as one of ten. Up/Down move between rows,
 * Enter opens one.
 */
export function OrderList() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { rows, hasMore, loadingMore, version, listKey } = useDesk(
    useShallow((s) => ({
      rows: s.list.rows,
      hasMore: s.list.nextCursor !== null,
      loadingMore: s.list.loadingMore,
      version: s.list.version,
      listKey: s.list.key,
    })),
  );
  const total = useDesk((s) => (s.counts ? s.counts[s.queue] : null));
  const filtered = useDesk((s) => s.filter.trim() !== '');
  const loadMore = useDesk((s) => s.loadMore);
  const openOrder = useDesk((s) => s.openOrder);
  const scroller = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => rows[index]?.orderId ?? `more-${index}`,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - PREFETCH_ROWS) void loadMore();
  }, [hasMore, lastIndex, rows.length, loadMore]);

  useEffect(() => {
    if (readyMarked || rows.length === 0) return;
    readyMarked = true;
    performance.mark(QUEUE_READY_MARK);
  }, [rows.length]);

  // A new query (queue, filter, sort) starts at the top.
  const firstId = rows[0]?.orderId;
  useEffect(() => {
    scroller.current?.scrollTo?.({ top: 0 });
  }, [firstId]);

  const focusRow = useCallback(
    (index: number) => {
      const target = Math.max(0, Math.min(rows.length - 1, index));
      virtualizer.scrollToIndex(target, { align: 'auto' });
      // The row may have to be rendered first.
      requestAnimationFrame(() => {
        scroller.current?.querySelector<HTMLElement>(`[data-index="${target}"] button`)?.focus();
      });
    },
    [rows.length, virtualizer],
  );

  // The End key's loop outlives the render it started in: it focuses with the newest rows.
  const focusRowRef = useRef(focusRow);
  focusRowRef.current = focusRow;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const current = Number(
      (e.target as HTMLElement).closest<HTMLElement>('[data-index]')?.dataset.index ?? -1,
    );
    if (current < 0) return;
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 600) / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = {
      ArrowDown: current + 1,
      ArrowUp: current - 1,
      PageDown: current + page,
      PageUp: current - page,
      Home: 0,
      End: rows.length - 1,
    };
    if (e.key === 'End' && hasMore) {
      // The end of the queue, not of the page loaded so far: the rest is read first.
      e.preventDefault();
      void (async () => {
        for (let pages = 0; pages < MAX_PAGES_FOR_END; pages++) {
          const before = useDesk.getState().list;
          if (!before.nextCursor || before.status !== 'ready') break;
          if (before.loadingMore) await listSettled();
          else await loadMore();
          if (useDesk.getState().list.error) break;
        }
        // Once the new rows are on screen.
        requestAnimationFrame(() => focusRowRef.current(useDesk.getState().list.rows.length - 1));
      })();
      return;
    }
    const next = moves[e.key];
    if (next !== undefined) {
      e.preventDefault();
      focusRow(next);
    }
  };

  return (
    <div
      ref={scroller}
      className="order-list"
      data-testid="order-list"
      data-version={version}
      data-rows={rows.length}
      data-key={listKey}
      onKeyDown={onKeyDown}
      tabIndex={-1}
    >
      <ul
        className="order-list__inner"
        aria-label={t('list.label')}
        aria-busy={loadingMore}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {items.map((item) => {
          const row = rows[item.index];
          return (
            <li
              key={item.key}
              data-index={item.index}
              className="order-list__item"
              aria-setsize={total !== null && !filtered ? total : -1}
              aria-posinset={item.index + 1}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              {row ? (
                <button
                  type="button"
                  className={`row row--${row.syncState}`}
                  data-testid="order-row"
                  data-order-id={row.orderId}
                  tabIndex={item.index === (items[0]?.index ?? 0) ? 0 : -1}
                  onClick={() => void openOrder(row.orderId)}
                >
                  <RowContent row={row} fmt={fmt} />
                </button>
              ) : (
                <div className="row row--loading" role="status">
                  {t('list.loadingMore')}
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
