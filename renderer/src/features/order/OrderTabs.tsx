import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { LocalActions } from './LocalActions';
import { ConversationView, CustomerOrdersView, TransactionView } from './OnlineViews';
import { Timeline } from './Timeline';

const TABS = ['timeline', 'actions', 'conversation', 'transaction', 'customer'] as const;
type Tab = (typeof TABS)[number];

/** The order's history and the views only VTEX can answer, one at a time. */
export function OrderTabs({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>('timeline');
  const waiting = detail.actions.filter(
    (a) =>
      a.parentId === null &&
      (a.state === 'queued' || a.state === 'sending' || a.state === 'attention'),
  ).length;

  const onKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : null;
    if (next === null) return;
    e.preventDefault();
    const target = TABS[(next + TABS.length) % TABS.length] ?? 'timeline';
    setTab(target);
    document.getElementById(`order-tab-${target}`)?.focus();
  };

  return (
    <section className="card order-tabs" aria-label={t('tabs.label')}>
      <div className="tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onKey}>
        {TABS.map((id) => (
          <button
            key={id}
            id={`order-tab-${id}`}
            type="button"
            role="tab"
            className="tabs__tab"
            aria-selected={tab === id}
            aria-controls={`order-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => setTab(id)}
            data-testid={`tab-${id}`}
          >
            {t(`tabs.${id}`)}
            {id === 'actions' && waiting > 0 && <span className="tabs__count">{waiting}</span>}
          </button>
        ))}
      </div>
      <div
        id={`order-panel-${tab}`}
        role="tabpanel"
        aria-labelledby={`order-tab-${tab}`}
        className="tabs__panel"
        tabIndex={0}
      >
        {tab === 'timeline' && <Timeline detail={detail} />}
        {tab === 'actions' && <LocalActions detail={detail} />}
        {tab === 'conversation' && <ConversationView />}
        {tab === 'transaction' && <TransactionView />}
        {tab === 'customer' && <CustomerOrdersView />}
      </div>
    </section>
  );
}
