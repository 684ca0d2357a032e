import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { statusText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { StatusBadge, SyncPill } from '../../ui/StatusBadge';

/**
 * Who the order is and where it stands. When local actions wait, both states are written out:
 * what this desk shows and what VTEX still has, so nobody mistakes one for the other.
 */
export function OrderHeader({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const closeOrder = useDesk((s) => s.closeOrder);
  const { row, vtex } = detail;
  // What the worker did, not VTEX's writes: a start-handling's companion note is part of it.
  const own = detail.actions.filter((a) => a.parentId === null);
  const waiting = own.filter((a) => a.state === 'queued' || a.state === 'sending');
  const inAttention = own.filter((a) => a.state === 'attention');
  // VTEX may show a partially invoiced order as payment-approved until the rest is invoiced:
  // say plainly that part of it is invoiced and part is still to go.
  const partiallyInvoiced =
    detail.invoices.some((i) => i.type === 'Output') &&
    detail.items.some((i) => i.remainingToInvoice > 0);

  return (
    <header className="order-head" data-testid="order-header">
      <div className="order-head__top">
        <button type="button" className="button button--ghost" onClick={closeOrder}>
          <Icon name="back" />
          {t('order.back')}
          <kbd>Esc</kbd>
        </button>
        <div className="order-head__ident">
          <h2 className="order-head__seq num" data-testid="order-title">
            {row.sequence ? `#${row.sequence}` : row.orderId}
          </h2>
          <span className="order-head__id mono">{row.orderId}</span>
        </div>
        <div className="order-head__status" data-testid="order-status">
          <StatusBadge status={row.displayStatus} large />
          {partiallyInvoiced && (
            <span className="badge badge--partial" data-testid="order-partially-invoiced">
              {t('order.partiallyInvoiced')}
            </span>
          )}
          <SyncPill state={row.syncState} />
        </div>
        <div className="order-head__total">
          <span className="order-head__total-label">{t('order.total')}</span>
          <strong className="num">{fmt.money(row.value, row.currency)}</strong>
        </div>
      </div>
      <dl className="order-head__dates">
        <div>
          <dt>{t('order.created')}</dt>
          <dd>{fmt.dateTime(vtex.creationDate)}</dd>
        </div>
        <div>
          <dt>{t('order.authorized')}</dt>
          <dd>{fmt.dateTime(vtex.authorizedDate)}</dd>
        </div>
        <div>
          <dt>{t('order.invoicedAt')}</dt>
          <dd>{fmt.dateTime(vtex.invoicedDate)}</dd>
        </div>
        <div>
          <dt>{t('order.lastChange')}</dt>
          <dd>{fmt.dateTime(row.lastChange)}</dd>
        </div>
        <div>
          <dt>{t('order.cachedAt')}</dt>
          <dd>{fmt.relative(detail.cachedAt)}</dd>
        </div>
      </dl>
      {waiting.length > 0 && (
        <Notice tone="pending" testId="order-waiting" title={t('order.waitingTitle')}>
          {t('order.waitingText', {
            count: waiting.length,
            desk: statusText(t, row.displayStatus),
            vtex: statusText(t, row.status),
          })}
        </Notice>
      )}
      {inAttention.length > 0 && (
        <Notice tone="bad" testId="order-attention" title={t('order.attentionTitle')}>
          {inAttention.map((a) => (
            <span key={a.actionId} className="order-head__reason">
              {t(`verbs.${a.verb}`)}: {a.error?.message ?? t('codes.VTEX_REJECTED')}
            </span>
          ))}
        </Notice>
      )}
      {vtex.status === 'canceled' && (vtex.cancelReason || vtex.cancellationData?.Reason) && (
        <Notice tone="warn">
          {t('order.cancelReason', { reason: vtex.cancelReason ?? vtex.cancellationData?.Reason })}
        </Notice>
      )}
    </header>
  );
}
