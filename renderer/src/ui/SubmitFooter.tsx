import { useTranslation } from 'react-i18next';

/** A dialog's usual footer: Cancel (Esc) and the primary action (Enter), busy while it saves. */
export function SubmitFooter({
  onCancel,
  busy,
  label,
}: {
  onCancel: () => void;
  busy: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="button" onClick={onCancel}>
        {t('common.cancel')}
        <kbd>Esc</kbd>
      </button>
      <button
        type="submit"
        className="button button--primary"
        disabled={busy}
        data-testid="dialog-submit"
      >
        {busy ? t('common.saving') : label}
        <kbd>Enter</kbd>
      </button>
    </>
  );
}
