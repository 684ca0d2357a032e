import { useTranslation } from 'react-i18next';
import type { SyncState } from '../../../preload/contract';
import { statusText, statusTone } from '../i18n/messages';

/** VTEX's status as a coloured badge that always carries its words. */
export function StatusBadge({ status, large }: { status: string; large?: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      className={`status status--${statusTone(status)}${large ? ' status--large' : ''}`}
      data-status={status}
    >
      {statusText(t, status)}
    </span>
  );
}

/**
 * Whether what is shown has reached VTEX: nothing when it has, "Waiting to sync" while local
 * actions wait, "Needs attention" when VTEX refused one. Never ambiguous: it is a word, not a dot.
 */
export function SyncPill({ state }: { state: SyncState }) {
  const { t } = useTranslation();
  if (state === 'synced') return null;
  return (
    <span className={`sync-pill sync-pill--${state}`} data-testid="sync-pill" data-state={state}>
      {state === 'pending' ? t('sync.waiting') : t('sync.attention')}
    </span>
  );
}
