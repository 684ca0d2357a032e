import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionCheck, DeskFailure } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';

/**
 * The frame every action dialog shares: the order it is for, why the order does not allow the
 * action now (the desk's check, before anything is typed), the refusal if the desk refused it,
 * and Cancel (Esc) / confirm (Enter).
 */
export function ActionDialog({
  title,
  lead,
  check,
  failure,
  busy,
  submitLabel,
  onSubmit,
  children,
  testId,
  size = 'medium',
  submitTone = 'primary',
}: {
  title: string;
  lead?: ReactNode;
  check: ActionCheck;
  failure: DeskFailure | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
  children?: ReactNode;
  testId: string;
  size?: 'small' | 'medium' | 'large';
  submitTone?: 'primary' | 'danger';
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const closeDialog = useDesk((s) => s.closeDialog);
  const blocked = !check.allowed;

  return (
    <Dialog
      title={title}
      lead={lead}
      onClose={closeDialog}
      onSubmit={() => {
        if (!blocked && !busy) onSubmit();
      }}
      size={size}
      testId={testId}
      closeLabel={t('common.close')}
      footer={
        <>
          <button type="button" className="button" onClick={closeDialog}>
            {t('common.cancel')}
            <kbd>Esc</kbd>
          </button>
          <button
            type="submit"
            className={`button button--${submitTone}`}
            disabled={blocked || busy}
            data-testid="dialog-submit"
          >
            {busy ? t('common.saving') : submitLabel}
            <kbd>Enter</kbd>
          </button>
        </>
      }
    >
      {blocked && (
        <Notice tone="warn" testId="dialog-blocked" live>
          {failureText(t, fmt.locale, {
            code: (check.code ?? 'INTERNAL') as DeskFailure['code'],
            message: check.message ?? '',
          })}
        </Notice>
      )}
      {!blocked && children}
      {failure && (
        <Notice tone="bad" testId="dialog-refusal" live title={t('actions.refused')}>
          {failureText(t, fmt.locale, failure)}
          {failure.fields && failure.fields.length > 0 && (
            <ul className="notice__fields">
              {failure.fields.map((f) => (
                <li key={f.path}>
                  <span className="mono">{f.path}</span>: {f.message}
                </li>
              ))}
            </ul>
          )}
        </Notice>
      )}
    </Dialog>
  );
}
