import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useDesk } from '../../store';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { ActionDialog } from './ActionDialog';
import { CANCEL_REASONS, cancelReasonText, checkCancel, type CancelReason } from './forms';
import { useActionSubmit } from './use-action-submit';

/** Canceling, with the reason VTEX keeps. It cannot be undone, and says so. */
export function CancelDialog({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const act = useDesk((s) => s.act);
  const [reason, setReason] = useState<CancelReason | ''>('');
  const [details, setDetails] = useState('');
  const [tried, setTried] = useState(false);
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;
  const { busy, failure, submit } = useActionSubmit(
    () => t('actions.queued', { action: t('verbs.cancel'), order }),
    () => t('floor.synced', { action: t('verbs.cancel'), order }),
  );
  const problem = checkCancel(reason, details);

  const send = () => {
    setTried(true);
    if (problem || reason === '') return;
    const text = cancelReasonText(t(`actions.cancel.reasons.${reason}`), details);
    void submit(() => act('actions:cancel', { orderId: detail.row.orderId, reason: text }));
  };

  return (
    <ActionDialog
      title={t('actions.cancel.title', { order })}
      check={detail.checks.cancel}
      failure={failure}
      busy={busy}
      submitLabel={t('actions.cancel.submit')}
      submitTone="danger"
      confirm="ctrl-enter"
      testId="dialog-cancel"
      onSubmit={send}
    >
      <Notice tone="warn">{t('actions.cancel.warning')}</Notice>
      <fieldset className="choice">
        <legend>{t('actions.cancel.why')}</legend>
        {CANCEL_REASONS.map((r) => (
          <label key={r} className="choice__option">
            <input
              type="radio"
              name="reason"
              value={r}
              checked={reason === r}
              onChange={() => setReason(r)}
              data-testid={`reason-${r}`}
            />
            <span>{t(`actions.cancel.reasons.${r}`)}</span>
          </label>
        ))}
      </fieldset>
      {tried && problem === 'choose' && (
        <p className="field__error" role="alert">
          {t('actions.cancel.choose')}
        </p>
      )}
      <Field
        label={t('actions.cancel.details')}
        error={tried && problem === 'explain' ? t('actions.cancel.explain') : null}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="input"
            value={details}
            maxLength={400}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            data-testid="cancel-details"
            data-autofocus
            onChange={(e) => setDetails(e.target.value)}
          />
        )}
      </Field>
    </ActionDialog>
  );
}
