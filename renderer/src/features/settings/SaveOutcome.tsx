import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskFailure } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { Notice } from '../../ui/Notice';

/** What a settings form's last save came to (`useSave`): the refusal, or "saved". */
export function SaveOutcome({ failure, saved }: { failure: DeskFailure | null; saved: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (failure) {
    return (
      <Notice tone="bad" live>
        {failureText(t, fmt.locale, failure)}
      </Notice>
    );
  }
  return saved ? <Notice tone="ok">{t('settings.saved')}</Notice> : null;
}

/** A settings form's buttons: any of its own first, then Save (busy while it goes). */
export function SaveButtons({
  busy,
  label,
  children,
}: {
  busy: boolean;
  label?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="form__buttons">
      {children}
      <button type="submit" className="button button--primary" disabled={busy}>
        {busy ? t('common.saving') : (label ?? t('settings.save'))}
      </button>
    </div>
  );
}
