import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChangeView, DeskFailure, OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { ask } from '../../store/desk-port';
import { Card } from '../../ui/Card';
import { Notice } from '../../ui/Notice';

/** What a change's state reads as; a failed one waits for a person. */
function stateOf(c: ChangeView): string {
  if (c.failed) return 'failed';
  return c.status ?? 'waiting-acknowledgement';
}

/** The reason without the desk's marker (which only finds the change again). */
function plainReason(reason: string | null): string {
  return (reason ?? '').replace(/\s*\[desk:[^\]]+\]\s*$/, '');
}

/**
 * The order's changes of items at VTEX, newest first (online only), with a way out for one that
 * failed: retry it, or cancel it with a reason. Shown while the order can change or has changes.
 */
export function ChangesCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const showToast = useDesk((s) => s.showToast);
  const reloadOrder = useDesk((s) => s.reloadOrder);
  const orderId = detail.row.orderId;
  const [changes, setChanges] = useState<ChangeView[] | null>(null);
  const [error, setError] = useState<DeskFailure | null>(null);
  const [canceling, setCanceling] = useState<string | null>(null);
  const [why, setWhy] = useState('');
  const [busy, setBusy] = useState(false);
  // Any local change of the order (an action sent, VTEX applied it) may change the list.
  const version = `${detail.cachedAt}:${detail.actions.map((a) => a.state).join(',')}`;

  const load = useCallback(async () => {
    const r = await ask('changes:list', { orderId });
    if (r.ok) {
      setChanges(r.data.changes);
      setError(null);
    } else setError(r.error);
  }, [orderId]);

  const hasChangeActions = detail.actions.some((a) => a.kind === 'change');
  // Orders that cannot change and never did are not asked about at VTEX.
  const relevant =
    detail.checks.change.allowed || hasChangeActions || Boolean(detail.vtex.changesAttachment);

  useEffect(() => {
    if (relevant) void load();
  }, [load, version, relevant]);

  if (!relevant) return null;

  const run = async (what: () => Promise<{ ok: boolean; error?: DeskFailure }>, done: string) => {
    setBusy(true);
    const r = await what();
    setBusy(false);
    if (!r.ok && r.error) {
      showToast('bad', failureText(t, fmt.locale, r.error));
      return;
    }
    showToast('ok', done);
    setCanceling(null);
    setWhy('');
    void reloadOrder();
    void load();
  };

  return (
    <Card title={t('changes.title')} testId="changes-card">
      {error && (
        <Notice tone={error.code === 'OFFLINE' ? 'warn' : 'bad'}>
          {error.code === 'OFFLINE' ? t('changes.offline') : failureText(t, fmt.locale, error)}{' '}
          <button type="button" className="link-button" onClick={() => void load()}>
            {t('common.tryAgain')}
          </button>
        </Notice>
      )}
      {changes && changes.length === 0 && <p className="muted">{t('changes.none')}</p>}
      {changes && changes.length > 0 && (
        <ul className="changes" data-testid="changes-list">
          {changes.map((c) => {
            const state = stateOf(c);
            const value = c.totalChangeValue ?? 0;
            return (
              <li
                key={c.requestId}
                className="changes__item"
                data-testid="change-entry"
                data-state={state}
              >
                <p>
                  <strong>{t(`changes.state.${state}`, { defaultValue: state })}</strong>
                  {' · '}
                  {plainReason(c.reason)}
                  {' · '}
                  {value < 0
                    ? t('changes.refund', { amount: fmt.money(-value, detail.row.currency) })
                    : value > 0
                      ? t('changes.charge', { amount: fmt.money(value, detail.row.currency) })
                      : t('changes.even')}
                  {c.date && <span className="muted"> · {fmt.dateTime(c.date)}</span>}
                </p>
                {c.failed && c.lastError && <p className="muted">{c.lastError}</p>}
                {c.failed && canceling !== c.requestId && (
                  <p className="changes__actions">
                    <button
                      type="button"
                      className="button button--primary"
                      disabled={busy}
                      data-testid="change-retry"
                      onClick={() =>
                        void run(
                          () => ask('changes:retry', { orderId, requestId: c.requestId }),
                          t('changes.retried'),
                        )
                      }
                    >
                      {t('changes.retry')}
                    </button>
                    <button
                      type="button"
                      className="button button--danger-quiet"
                      disabled={busy}
                      data-testid="change-cancel"
                      onClick={() => setCanceling(c.requestId)}
                    >
                      {t('changes.cancel')}
                    </button>
                  </p>
                )}
                {canceling === c.requestId && (
                  <form
                    className="changes__actions"
                    onSubmit={(e) => {
                      e.preventDefault();
                      if (!why.trim()) return;
                      void run(
                        () =>
                          ask('changes:cancel', {
                            orderId,
                            requestId: c.requestId,
                            reason: why.trim(),
                          }),
                        t('changes.canceled'),
                      );
                    }}
                  >
                    <input
                      className="input"
                      value={why}
                      maxLength={300}
                      aria-label={t('changes.cancelWhy')}
                      placeholder={t('changes.cancelWhy')}
                      autoFocus
                      data-testid="change-cancel-reason"
                      onChange={(e) => setWhy(e.target.value)}
                    />
                    <button type="submit" className="button" disabled={busy || !why.trim()}>
                      {t('changes.cancelConfirm')}
                    </button>
                  </form>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
