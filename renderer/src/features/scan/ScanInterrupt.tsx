import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../../store';
import { Notice } from '../../ui/Notice';

/**
 * Inside a dialog: a scan arrived while it was open. The dialog's own action was not taken; the
 * worker chooses between leaving for the scanned code (Enter, focused) and staying.
 */
export function ScanInterrupt() {
  const { t } = useTranslation();
  const code = useDesk((s) => s.scannedInDialog);
  const leave = useDesk((s) => s.leaveDialogForScan);
  const stay = useDesk((s) => s.stayInDialog);
  const leaveRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (code) leaveRef.current?.focus();
  }, [code]);

  if (!code) return null;
  return (
    <div className="scan-interrupt" data-testid="scan-interrupt">
      <Notice tone="warn" live title={t('floor.interrupt.title', { code })}>
        <p>{t('floor.interrupt.lead')}</p>
        <div className="scan-interrupt__buttons">
          <button
            ref={leaveRef}
            type="button"
            className="button button--primary"
            data-testid="scan-interrupt-leave"
            onClick={leave}
          >
            {t('floor.interrupt.leave')}
          </button>
          <button type="button" className="button" data-testid="scan-interrupt-stay" onClick={stay}>
            {t('floor.interrupt.stay')}
          </button>
        </div>
      </Notice>
    </div>
  );
}
