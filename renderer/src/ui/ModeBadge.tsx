import { useTranslation } from 'react-i18next';
import type { AppMode } from '../../../preload/contract';

/**
 * Where orders come from. Demo mode says so loudly: nothing done in it reaches a real store.
 */
export function ModeBadge({
  mode,
  connection,
}: {
  mode: AppMode;
  connection?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <span className="mode">
      <span
        className={`badge badge--${mode}`}
        data-testid="mode-badge"
        title={mode === 'demo' ? t('mode.demoHint') : connection}
      >
        {mode === 'demo' ? t('mode.demo') : t('mode.account')}
      </span>
      {mode === 'account' && connection && (
        <span className="mode__connection" data-testid="mode-connection">
          {connection}
        </span>
      )}
    </span>
  );
}
