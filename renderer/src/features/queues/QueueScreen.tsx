import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { OrderSort } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { ORDER_SORTS } from '../../model';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { OrderList } from './OrderList';

type SortColumn = 'creation' | 'value' | 'last_change';

function SortHeader({ column, label }: { column: SortColumn; label: string }) {
  const { t } = useTranslation();
  const sort = useDesk((s) => s.sort);
  const setSort = useDesk((s) => s.setSort);
  const active = sort.startsWith(column);
  const desc = sort.endsWith('_desc');
  const next: OrderSort = active && desc ? `${column}_asc` : `${column}_desc`;
  return (
    <button
      type="button"
      className={`list-head__sort ${active ? 'list-head__sort--active' : ''}`}
      onClick={() => void setSort(next)}
      aria-label={t('list.sortBy', { column: label })}
      aria-pressed={active}
    >
      {label}
      <span aria-hidden="true" className="list-head__arrow">
        {active ? (desc ? '↓' : '↑') : '↕'}
      </span>
    </button>
  );
}

/** A queue: its name and count, a filter box, the sort, and the virtualized list. */
export function QueueScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { queue, filter, sort, counts, list } = useDesk(
    useShallow((s) => ({
      queue: s.queue,
      filter: s.filter,
      sort: s.sort,
      counts: s.counts,
      list: s.list,
    })),
  );
  const setFilter = useDesk((s) => s.setFilter);
  const setSort = useDesk((s) => s.setSort);
  const reload = useDesk((s) => s.reloadList);
  const count = counts?.[queue];
  const empty = list.status === 'ready' && list.rows.length === 0;

  return (
    <section className="queue" aria-labelledby="queue-title" data-testid="queue-screen">
      <header className="queue__header">
        <div className="queue__title-row">
          <h2 id="queue-title" className="queue__title">
            {t(`queues.${queue}`)}
          </h2>
          <span className="queue__count num" data-testid="queue-count">
            {count === undefined
              ? ''
              : filter.trim() !== '' && list.status === 'ready'
                ? // What the filter shows, of the whole queue ("6 of 45"); "50+" while more pages wait.
                  t('floor.filtered', {
                    shown: `${fmt.count(list.rows.length)}${list.nextCursor ? '+' : ''}`,
                    count,
                    formatted: fmt.count(count),
                  })
                : t('list.count', { count, formatted: fmt.count(count) })}
          </span>
        </div>
        <div className="queue__tools">
          <div className="filter">
            <Icon name="search" className="filter__icon" />
            <label htmlFor="queue-filter" className="visually-hidden">
              {t('list.filterLabel')}
            </label>
            <input
              id="queue-filter"
              className="filter__input"
              type="search"
              value={filter}
              placeholder={t('list.filterPlaceholder')}
              autoComplete="off"
              spellCheck={false}
              data-testid="queue-filter"
              onChange={(e) => void setFilter(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Escape' && filter) {
                  e.preventDefault();
                  e.stopPropagation();
                  void setFilter('');
                }
              }}
            />
          </div>
          <label htmlFor="queue-sort" className="visually-hidden">
            {t('list.sortLabel')}
          </label>
          <select
            id="queue-sort"
            className="select"
            value={sort}
            data-testid="queue-sort"
            onChange={(e) => void setSort(e.target.value as OrderSort)}
          >
            {ORDER_SORTS.map((s) => (
              <option key={s} value={s}>
                {t(`list.sorts.${s}`)}
              </option>
            ))}
          </select>
        </div>
      </header>

      <div className="list-head">
        <span>{t('list.col.status')}</span>
        <span>{t('list.col.order')}</span>
        <span>{t('list.col.customer')}</span>
        <span>{t('list.col.items')}</span>
        <SortHeader column="creation" label={t('list.col.created')} />
        <SortHeader column="value" label={t('list.col.total')} />
      </div>

      {list.truncated && <Notice tone="info">{t('list.truncated')}</Notice>}
      {list.status === 'error' && (
        <Notice tone="bad" live>
          {failureText(t, fmt.locale, list.error)}{' '}
          <button type="button" className="link-button" onClick={() => void reload()}>
            {t('common.tryAgain')}
          </button>
        </Notice>
      )}
      {empty ? (
        <div className="empty" data-testid="queue-empty" data-key={list.key}>
          <Icon name="check" className="empty__icon" />
          <p className="empty__title">
            {filter.trim() ? t('list.noMatch', { text: filter.trim() }) : t(`list.empty.${queue}`)}
          </p>
        </div>
      ) : (
        <OrderList />
      )}
    </section>
  );
}
