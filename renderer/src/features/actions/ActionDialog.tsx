import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ActionCheck, DeskFailure } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import { ScanInterrupt } from '../scan/ScanInterrupt';

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
  confirm = 'enter',
  focusSubmit = false,
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
  /**
   * How the action is confirmed from the keyboard. What cannot be undone takes Ctrl+Enter: a plain
   * Enter (the end of a typed sentence, a scanner's burst) never does it.
   */
  confirm?: 'enter' | 'ctrl-enter';
  /** Start with the focus on the confirm button (everything is already filled in). */
  focusSubmit?: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const closeDialog = useDesk((s) => s.closeDialog);
  const blocked = !check.allowed;
  const scanWaiting = useDesk((s) => s.scannedInDialog !== null);
  const deliberate = confirm === 'ctrl-enter';
  const [askCtrl, setAskCtrl] = useState(false);
  const go = () => {
    if (!blocked && !busy && !scanWaiting) onSubmit();
  };

  useEffect(() => {
    if (!deliberate) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.defaultPrevented) return;
      // Not the form's own Enter as well: this key press is the confirmation.
      e.preventDefault();
      if (!blocked && !busy && !scanWaiting) onSubmit();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [deliberate, blocked, busy, scanWaiting, onSubmit]);

  return (
    <Dialog
      title={title}
      lead={lead}
      onClose={closeDialog}
      onSubmit={() => {
        // While a scan waits for "leave or stay", Enter answers that question, never this one.
        if (deliberate) setAskCtrl(true);
        else go();
      }}
      banner={<ScanInterrupt />}
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
            type={deliberate ? 'button' : 'submit'}
            className={`button button--${submitTone}`}
            disabled={blocked || busy}
            data-testid="dialog-submit"
            {...(focusSubmit ? { 'data-autofocus': true } : {})}
            aria-keyshortcuts={deliberate ? 'Control+Enter' : 'Enter'}
            onClick={
              deliberate
                ? (e) => {
                    // A click is deliberate; Enter or Space on the focused button is not enough.
                    if (e.detail === 0) setAskCtrl(true);
                    else go();
                  }
                : undefined
            }
          >
            {busy ? t('common.saving') : submitLabel}
            <kbd>{deliberate ? 'Ctrl+Enter' : 'Enter'}</kbd>
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
      {deliberate && askCtrl && !blocked && (
        <Notice tone="info" testId="dialog-ctrl-enter" live>
          {t('floor.confirm.ctrlEnter', { action: submitLabel })}
        </Notice>
      )}
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
