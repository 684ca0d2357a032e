import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { failureText, statusText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import type { DeskFailure } from '../../../../preload/contract';

/**
 * Needs attention: actions VTEX refused or that conflict with what happened there, oldest first,
 * each with VTEX's reason and the three ways out: send again, change and send, or give up.
 */
export function AttentionScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const attention = useDesk((s) => s.attention);
  const openOrder = useDesk((s) => s.openOrder);
  const openDialog = useDesk((s) => s.openDialog);
  const retry = useDesk((s) => s.retryAction);
  const showToast = useDesk((s) => s.showToast);
  const items = attention.data?.items ?? [];

  const doRetry = async (actionId: string, verb: string) => {
    const result = await retry(actionId);
    if (result.ok) showToast('info', t('attention.retriedToast', { verb }));
    else showToast('bad', failureText(t, fmt.locale, result.error));
  };

  return (
    <section className="attention" aria-labelledby="attention-title" data-testid="attention-screen">
      <header className="queue__header">
        <div className="queue__title-row">
          <h2 id="attention-title" className="queue__title">
            {t('queues.attention')}
          </h2>
          <span className="queue__count num">
            {t('attention.count', { count: attention.data?.total ?? 0 })}
          </span>
        </div>
        <p className="muted">{t('attention.explain')}</p>
      </header>
      {attention.status === 'error' && (
        <Notice tone="bad" live>
          {failureText(t, fmt.locale, attention.error)}
        </Notice>
      )}
      {attention.status === 'ready' && items.length === 0 ? (
        <div className="empty" data-testid="attention-empty">
          <Icon name="check" className="empty__icon" />
          <p className="empty__title">{t('attention.empty')}</p>
        </div>
      ) : (
        <ul className="attention__list">
          {items.map((a) => {
            const verb = t(`verbs.${a.verb}`);
            return (
              <li
                key={a.actionId}
                className="attention-item"
                data-testid="attention-item"
                data-order-id={a.orderId}
              >
                <div className="attention-item__head">
                  <button
                    type="button"
                    className="link-button attention-item__order"
                    onClick={() => void openOrder(a.orderId)}
                  >
                    {a.sequence ? `#${a.sequence}` : a.orderId}
                  </button>
                  <span>{a.customerName ?? '—'}</span>
                  <span className="tag">{verb}</span>
                  {a.orderStatus && (
                    <span className="muted">
                      {t('attention.atVtex', { status: statusText(t, a.orderStatus) })}
                    </span>
                  )}
                  <span className="attention-item__when muted">
                    {fmt.relative(a.attentionAt ?? a.updatedAt)}
                  </span>
                </div>
                <p
                  className="attention-item__reason"
                  data-testid="attention-reason"
                  // The technical details stay at hand for whoever supports the desk.
                  title={
                    a.error?.status
                      ? `VTEX ${a.error.status}${a.error.vtexCode ? ` · ${a.error.vtexCode}` : ''}`
                      : undefined
                  }
                >
                  <Icon name="alert" />
                  <span>
                    {a.error
                      ? failureText(t, fmt.locale, {
                          code: a.error.code as DeskFailure['code'],
                          message: a.error.message,
                        })
                      : t('codes.VTEX_REJECTED')}
                  </span>
                </p>
                <p className="muted attention-item__meta">
                  {t('localActions.by', { operator: a.operator, station: a.station })} ·{' '}
                  {fmt.dateTime(a.createdAt)}
                  {a.attempts > 0 && <> · {t('attention.attempts', { count: a.attempts })}</>}
                </p>
                <div className="attention-item__buttons">
                  {/* Sending again the same thing VTEX refused cannot succeed: no button then. */}
                  {a.canRetry && (
                    <button
                      type="button"
                      className="button"
                      onClick={() => void doRetry(a.actionId, verb)}
                    >
                      <Icon name="sync" />
                      {t('attention.retry')}
                    </button>
                  )}
                  <button
                    type="button"
                    className="button"
                    disabled={!a.canEdit}
                    onClick={() => openDialog({ kind: 'attention-edit', actionId: a.actionId })}
                  >
                    {t('attention.edit')}
                  </button>
                  <button
                    type="button"
                    className="button button--danger-quiet"
                    disabled={!a.canDiscard}
                    onClick={() => openDialog({ kind: 'attention-discard', actionId: a.actionId })}
                  >
                    {t('attention.discard')}
                  </button>
                  <button
                    type="button"
                    className="button button--ghost"
                    onClick={() => void openOrder(a.orderId)}
                  >
                    {t('attention.openOrder')}
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
