import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionView, DeskFailure } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Dialog } from '../../ui/Dialog';
import { Field } from '../../ui/Field';
import { ScanInterrupt } from '../scan/ScanInterrupt';
import { Notice } from '../../ui/Notice';

/** The fields a person may change on each kind of refused action. */
const EDITABLE: Partial<Record<ActionView['verb'], string[]>> = {
  cancel: ['reason'],
  note: ['message'],
  invoice: ['invoiceNumber'],
  tracking: ['trackingNumber', 'courier', 'trackingUrl'],
};

function useDecision() {
  const closeDialog = useDesk((s) => s.closeDialog);
  const showToast = useDesk((s) => s.showToast);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const run = async (
    send: () => Promise<{ ok: true } | { ok: false; error: DeskFailure }>,
    done: string,
  ) => {
    setBusy(true);
    setFailure(null);
    const result = await send();
    setBusy(false);
    if (!result.ok) return setFailure(result.error);
    closeDialog();
    showToast('ok', done);
  };
  return { busy, failure, run, closeDialog };
}

function Why({ action }: { action: ActionView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Notice tone="bad" title={t('attention.vtexSaid')}>
      {action.error
        ? failureText(t, fmt.locale, {
            code: action.error.code as DeskFailure['code'],
            message: action.error.message,
          })
        : t('codes.VTEX_REJECTED')}
    </Notice>
  );
}

function Footer({ busy, submit, danger }: { busy: boolean; submit: string; danger?: boolean }) {
  const { t } = useTranslation();
  const closeDialog = useDesk((s) => s.closeDialog);
  return (
    <>
      <button type="button" className="button" onClick={closeDialog}>
        {t('common.cancel')}
        <kbd>Esc</kbd>
      </button>
      <button
        type="submit"
        className={`button ${danger ? 'button--danger' : 'button--primary'}`}
        disabled={busy}
        data-testid="dialog-submit"
      >
        {busy ? t('common.saving') : submit}
        <kbd>Enter</kbd>
      </button>
    </>
  );
}

/** Change what a refused action sends (the same action, sent again once saved). */
export function AttentionEditDialog({ action }: { action: ActionView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const edit = useDesk((s) => s.editAction);
  const { busy, failure, run, closeDialog } = useDecision();
  const fields = EDITABLE[action.verb] ?? [];
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      fields.map((f) => [f, typeof action.data[f] === 'string' ? (action.data[f] as string) : '']),
    ),
  );

  const save = () => {
    const { orderId: _orderId, ...rest } = action.data;
    const changed: Record<string, unknown> = { ...rest };
    for (const f of fields) {
      const v = values[f]?.trim() ?? '';
      if (v === '') delete changed[f];
      else changed[f] = v;
    }
    void run(
      () => edit(action.actionId, changed),
      t('attention.editedToast', { verb: t(`verbs.${action.verb}`) }),
    );
  };

  return (
    <Dialog
      title={t('attention.editTitle', { verb: t(`verbs.${action.verb}`) })}
      onClose={closeDialog}
      onSubmit={save}
      closeLabel={t('common.close')}
      banner={<ScanInterrupt />}
      testId="dialog-attention-edit"
      footer={<Footer busy={busy} submit={t('attention.saveAndSend')} />}
    >
      <Why action={action} />
      {fields.length === 0 ? (
        <p className="muted">{t('attention.nothingToEdit')}</p>
      ) : (
        fields.map((f) => (
          <Field key={f} label={t(`attention.fields.${f}` as 'attention.fields.reason')}>
            {({ id }) => (
              <input
                id={id}
                className="input"
                value={values[f] ?? ''}
                onChange={(e) => setValues({ ...values, [f]: e.target.value })}
                data-testid={`edit-${f}`}
              />
            )}
          </Field>
        ))
      )}
      {failure && (
        <Notice tone="bad" live testId="dialog-refusal">
          {failureText(t, fmt.locale, failure)}
        </Notice>
      )}
    </Dialog>
  );
}

/** Give up a refused action; the reason is kept with it. */
export function AttentionDiscardDialog({ action }: { action: ActionView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const discard = useDesk((s) => s.discardAction);
  const { busy, failure, run, closeDialog } = useDecision();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const missing = reason.trim() === '';

  const save = () => {
    setTried(true);
    if (missing) return;
    void run(
      () => discard(action.actionId, reason.trim()),
      t('attention.discardedToast', { verb: t(`verbs.${action.verb}`) }),
    );
  };

  return (
    <Dialog
      title={t('attention.discardTitle', { verb: t(`verbs.${action.verb}`) })}
      onClose={closeDialog}
      onSubmit={save}
      closeLabel={t('common.close')}
      banner={<ScanInterrupt />}
      testId="dialog-attention-discard"
      footer={<Footer busy={busy} submit={t('attention.discard')} danger />}
    >
      <Why action={action} />
      <p>{t('attention.discardExplain')}</p>
      <Field
        label={t('attention.discardReason')}
        error={tried && missing ? t('attention.reasonMissing') : null}
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="input"
            value={reason}
            aria-describedby={describedBy}
            aria-invalid={invalid}
            data-testid="discard-reason"
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      {failure && (
        <Notice tone="bad" live testId="dialog-refusal">
          {failureText(t, fmt.locale, failure)}
        </Notice>
      )}
    </Dialog>
  );
}
