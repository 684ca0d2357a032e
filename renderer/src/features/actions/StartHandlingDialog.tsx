import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { statusText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { ActionDialog } from './ActionDialog';
import { useActionSubmit } from './use-action-submit';

export function StartHandlingDialog({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const act = useDesk((s) => s.act);
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;
  const { busy, failure, submit } = useActionSubmit(
    () => t('actions.queued', { action: t('verbs.start-handling'), order }),
    () => t('floor.synced', { action: t('verbs.start-handling'), order }),
  );
  const units = detail.items.reduce((n, i) => n + i.quantity, 0);
  return (
    <ActionDialog
      title={t('actions.start-handling.title', { order })}
      lead={t('actions.start-handling.lead')}
      check={detail.checks['start-handling']}
      failure={failure}
      busy={busy}
      submitLabel={t('actions.start-handling.submit')}
      testId="dialog-start-handling"
      size="small"
      onSubmit={() =>
        void submit(() => act('actions:start-handling', { orderId: detail.row.orderId }))
      }
    >
      <dl className="summary">
        <div>
          <dt>{t('order.customer.name')}</dt>
          <dd>{detail.row.customerName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('actions.toPick')}</dt>
          <dd className="num">{t('order.units', { count: units })}</dd>
        </div>
        <div>
          <dt>{t('actions.statusNow')}</dt>
          <dd>{statusText(t, detail.row.displayStatus)}</dd>
        </div>
      </dl>
    </ActionDialog>
  );
}
