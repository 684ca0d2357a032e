import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';

/** Every action taken on this order at this desk, and whether it has reached VTEX. */
export function LocalActions({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const openDialog = useDesk((s) => s.openDialog);
  const retry = useDesk((s) => s.retryAction);
  const visible = detail.actions.filter((a) => a.parentId === null);
  if (visible.length === 0) return <p className="muted">{t('localActions.none')}</p>;
  return (
    <ul className="local-actions" data-testid="local-actions">
      {[...visible].reverse().map((a) => (
        <li
          key={a.actionId}
          className={`local-action local-action--${a.state}`}
          data-state={a.state}
        >
          <div className="local-action__head">
            <strong>{t(`verbs.${a.verb}`)}</strong>
            {a.invoiceNumber && <span className="mono">{a.invoiceNumber}</span>}
            <span className={`state-tag state-tag--${a.state}`}>{t(`actionState.${a.state}`)}</span>
          </div>
          <p className="local-action__meta">
            {t('localActions.by', { operator: a.operator, station: a.station })} ·{' '}
            {fmt.dateTime(a.createdAt)}
            {a.doneAt && <> · {t('localActions.reached', { time: fmt.time(a.doneAt) })}</>}
          </p>
          {a.state === 'attention' && a.error && (
            <p className="local-action__error">
              {failureText(t, fmt.locale, {
                code: a.error.code as 'VTEX_REJECTED',
                message: a.error.message,
              })}
              {a.error.status !== null && (
                <span className="muted">
                  {' '}
                  (VTEX {a.error.status}
                  {a.error.vtexCode ? ` · ${a.error.vtexCode}` : ''})
                </span>
              )}
            </p>
          )}
          {a.state === 'discarded' && a.discardReason && (
            <p className="muted">
              {t('localActions.discardedBecause', { reason: a.discardReason })}
            </p>
          )}
          {a.state === 'attention' && (
            <div className="local-action__buttons">
              {a.canRetry && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => void retry(a.actionId)}
                >
                  {t('attention.retry')}
                </button>
              )}
              {a.canEdit && (
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => openDialog({ kind: 'attention-edit', actionId: a.actionId })}
                >
                  {t('attention.edit')}
                </button>
              )}
              {a.canDiscard && (
                <button
                  type="button"
                  className="button button--small button--danger-quiet"
                  onClick={() => openDialog({ kind: 'attention-discard', actionId: a.actionId })}
                >
                  {t('attention.discard')}
                </button>
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
