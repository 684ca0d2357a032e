import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerOrdersResponse, DeskFailure } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText, statusText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { ask } from '../../store/desk-port';
import type { OrderExtra } from '../../store/slices/order';
import type { Remote } from '../../store/types';
import { looksLikeHtml, sanitizeMessageHtml } from './message-html';
import { Notice } from '../../ui/Notice';

/** Fetches an online-only view when its tab opens, and says plainly when VTEX is out of reach. */
function useExtra<E extends OrderExtra>(extra: E) {
  const remote = useDesk((s) => s.order.extras[extra]);
  const load = useDesk((s) => s.loadExtra);
  const orderId = useDesk((s) => s.order.id);
  useEffect(() => {
    void load(extra);
  }, [extra, load, orderId]);
  return { remote, reload: () => void load(extra) };
}

function Status<T>({ remote, reload }: { remote: Remote<T>; reload: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (remote.status === 'loading' || remote.status === 'idle') {
    return (
      <p className="muted" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (remote.status === 'error') {
    const offline = (remote.error as DeskFailure | null)?.code === 'OFFLINE';
    return (
      <Notice tone={offline ? 'warn' : 'bad'}>
        {offline ? t('online.offline') : failureText(t, fmt.locale, remote.error)}{' '}
        <button type="button" className="link-button" onClick={reload}>
          {t('common.tryAgain')}
        </button>
      </Notice>
    );
  }
  return null;
}

export function ConversationView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { remote, reload } = useExtra('conversation');
  if (remote.status !== 'ready' || !remote.data) return <Status remote={remote} reload={reload} />;
  const messages = remote.data.messages;
  if (messages.length === 0) return <p className="muted">{t('online.noMessages')}</p>;
  return (
    <ul className="messages" data-testid="conversation">
      {messages.map((m) => (
        <li key={m.id} className="message">
          <p className="message__head">
            <strong>{m.subject ?? t('online.noSubject')}</strong>
            <span className="muted"> · {fmt.dateTime(m.date)}</span>
          </p>
          <p className="message__who muted">
            {m.from ?? '—'} → {m.to ?? '—'}
          </p>
          {m.body &&
            (looksLikeHtml(m.body) ? (
              <div
                className="message__body message__body--html"
                data-testid="message-html"
                // Sanitized: formatting only, no scripts, styles, images or handlers.
                dangerouslySetInnerHTML={{ __html: sanitizeMessageHtml(m.body) }}
              />
            ) : (
              <p className="message__body">{m.body}</p>
            ))}
        </li>
      ))}
    </ul>
  );
}

export function TransactionView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const currency = useDesk((s) => s.order.data?.row.currency ?? null);
  const { remote, reload } = useExtra('transaction');
  if (remote.status !== 'ready' || !remote.data) return <Status remote={remote} reload={reload} />;
  const tx = remote.data;
  return (
    <div data-testid="transaction">
      <dl className="facts">
        <div className="facts__row">
          <dt>{t('online.txStatus')}</dt>
          <dd>{tx.status ?? '—'}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('online.txId')}</dt>
          <dd className="mono break">{tx.transactionId ?? '—'}</dd>
        </div>
        <div className="facts__row">
          <dt>{t('online.merchant')}</dt>
          <dd>{tx.merchantName ?? '—'}</dd>
        </div>
      </dl>
      <ul className="payments">
        {tx.payments.map((p) => (
          <li key={p.id} className="payment">
            <div className="payment__main">
              <strong>{p.paymentSystemName ?? p.group ?? '—'}</strong>
              {p.lastDigits && <span className="mono">•••• {p.lastDigits}</span>}
              <span className="payment__value num">{fmt.money(p.value, currency)}</span>
            </div>
            <div className="payment__state muted">
              {p.tid && <span>TID {p.tid}</span>}
              {p.installments && p.installments > 1 && (
                <span>{t('order.payments.installments', { count: p.installments })}</span>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function CustomerOrdersView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openOrder = useDesk((s) => s.openOrder);
  const currentId = useDesk((s) => s.order.id);
  const currency = useDesk((s) => s.order.data?.row.currency ?? null);
  const { remote, reload } = useExtra('customerOrders');
  // Later pages, asked for with "More orders"; the first page is the slice's.
  const [more, setMore] = useState<{ key: string; pages: CustomerOrdersResponse[] }>({
    key: '',
    pages: [],
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<DeskFailure | null>(null);
  if (remote.status !== 'ready' || !remote.data) return <Status remote={remote} reload={reload} />;
  const first = remote.data;
  const key = `${currentId ?? ''}:${first.page}:${first.orders.length}`;
  const later = more.key === key ? more.pages : [];
  const last = later.at(-1) ?? first;
  const { source, email } = first;
  const seen = new Set<string>();
  const others = [first, ...later]
    .flatMap((p) => p.orders)
    .filter((o) => o.orderId !== currentId && !seen.has(o.orderId) && seen.add(o.orderId));
  const loadMore = async () => {
    if (!currentId) return;
    setLoadingMore(true);
    setMoreError(null);
    const r = await ask('orders:customer-orders', { orderId: currentId, page: last.page + 1 });
    setLoadingMore(false);
    if (r.ok) setMore({ key, pages: [...later, r.data] });
    else setMoreError(r.error);
  };
  return (
    <div data-testid="customer-orders">
      {source === 'cache' && <Notice tone="warn">{t('online.fromCache')}</Notice>}
      {email && <p className="muted">{t('online.byEmail', { email })}</p>}
      {others.length === 0 ? (
        <p className="muted">{t('online.noOtherOrders')}</p>
      ) : (
        <ul className="mini-orders">
          {others.map((o) => (
            <li key={o.orderId}>
              <button
                type="button"
                className="mini-order"
                disabled={!o.cached}
                onClick={() => void openOrder(o.orderId)}
              >
                <span className="mono">{o.orderId}</span>
                <span>{statusText(t, o.status)}</span>
                <span className="muted">{fmt.date(o.creationDate)}</span>
                <span className="num">{o.value === null ? '—' : fmt.money(o.value, currency)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {source === 'vtex' && last.page < last.pages && (
        <button
          type="button"
          className="button"
          disabled={loadingMore}
          data-testid="customer-orders-more"
          onClick={() => void loadMore()}
        >
          {loadingMore
            ? t('common.loading')
            : t('online.moreOrders', { page: last.page, pages: last.pages })}
        </button>
      )}
      {moreError && (
        <Notice tone={moreError.code === 'OFFLINE' ? 'warn' : 'bad'}>
          {moreError.code === 'OFFLINE'
            ? t('online.offline')
            : failureText(t, fmt.locale, moreError)}
        </Notice>
      )}
    </div>
  );
}
