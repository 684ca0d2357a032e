import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useDesk } from '../../store';
import type { Toast } from '../../store/slices/ui';
import { Icon } from '../../ui/Icon';

const LIFETIME_MS: Record<Toast['tone'], number> = { ok: 5000, info: 5000, warn: 9000, bad: 12000 };

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  const dismiss = useDesk((s) => s.dismissToast);
  // Reached VTEX: the open order lists it as done, or (elsewhere) a sync status computed after it
  // says nothing waits any more.
  const synced = useDesk((s) => {
    const action = toast.action;
    if (!action) return false;
    const state = s.order.data?.actions.find((a) => a.actionId === action.actionId)?.state;
    if (state !== undefined) return state === 'done';
    return !!s.sync && s.sync.pending === 0 && s.sync.at > action.at;
  });
  useEffect(() => {
    const timer = setTimeout(() => dismiss(toast.id), LIFETIME_MS[toast.tone]);
    return () => clearTimeout(timer);
  }, [toast, dismiss]);
  return (
    <li className={`toast toast--${toast.tone}`} data-testid="toast">
      <Icon name={toast.tone === 'ok' ? 'check' : toast.tone === 'info' ? 'clock' : 'alert'} />
      <span className="toast__text">
        {synced && toast.action ? toast.action.syncedText : toast.text}
      </span>
      {toast.link && (
        <a
          className="button button--small toast__action"
          href={toast.link.href}
          target="_blank"
          rel="noopener noreferrer"
          onClick={() => dismiss(toast.id)}
        >
          {toast.link.label}
        </a>
      )}
      <button
        type="button"
        className="icon-button icon-button--small"
        onClick={() => dismiss(toast.id)}
        aria-label={t('common.dismiss')}
      >
        <Icon name="close" />
      </button>
    </li>
  );
}

/** Confirmations and warnings that come and go (an action queued, a print that failed). */
export function Toasts() {
  const toasts = useDesk((s) => s.toasts);
  return (
    <ol className="toasts" aria-live="polite">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </ol>
  );
}
