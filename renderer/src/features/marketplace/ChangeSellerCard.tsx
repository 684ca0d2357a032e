import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskFailure, OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { ask } from '../../store/desk-port';
import { Card } from '../../ui/Card';
import { Notice } from '../../ui/Notice';
import { SupervisorFields } from '../../ui/SupervisorFields';

const DAY_MS = 86_400_000;

/**
 * A marketplace order whose seller canceled waits in VTEX's window to change seller. Shows when
 * the window ends (from VTEX's setting and the order's last change) and lets a supervisor move it
 * to another seller, with the reason. VTEX decides: outside the window it refuses, in words.
 */
export function ChangeSellerCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const showToast = useDesk((s) => s.showToast);
  const reloadOrder = useDesk((s) => s.reloadOrder);
  const [days, setDays] = useState<number | null>(null);
  const [seller, setSeller] = useState('');
  const [reason, setReason] = useState('');
  const [supervisor, setSupervisor] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const waiting = detail.vtex.status === 'window-to-change-seller';

  useEffect(() => {
    if (!waiting) return;
    void ask('marketplace:seller-window').then((r) => {
      if (r.ok) setDays(r.data.days);
      else setFailure(r.error);
    });
  }, [waiting]);

  if (!waiting) return null;
  const since = Date.parse(detail.vtex.lastChange ?? '');
  const until = days !== null && Number.isFinite(since) ? since + days * DAY_MS : null;
  const ready = seller.trim() && reason.trim() && supervisor.trim() && pin;

  const submit = async () => {
    if (!ready || busy) return;
    setBusy(true);
    setFailure(null);
    const r = await ask('marketplace:change-seller', {
      orderId: detail.row.orderId,
      newSellerId: seller.trim(),
      reason: reason.trim(),
      supervisor: supervisor.trim(),
      pin,
    });
    setBusy(false);
    setPin('');
    if (!r.ok) {
      setFailure(r.error);
      return;
    }
    showToast('ok', t('marketplace.change.done', { seller: r.data.newSellerId }));
    void reloadOrder();
  };

  return (
    <Card title={t('marketplace.change.title')} testId="change-seller-card">
      <p data-testid="seller-window-until">
        {until !== null
          ? t('marketplace.change.until', {
              date: fmt.dateTime(new Date(until).toISOString()),
              count: days ?? 0,
            })
          : t('marketplace.change.lead')}
      </p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <label className="field">
          <span className="field__label">{t('marketplace.change.seller')}</span>
          <input
            className="input"
            value={seller}
            maxLength={80}
            data-testid="new-seller"
            onChange={(e) => setSeller(e.target.value)}
          />
        </label>
        <label className="field">
          <span className="field__label">{t('marketplace.change.reason')}</span>
          <input
            className="input"
            value={reason}
            maxLength={400}
            data-testid="seller-reason"
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <SupervisorFields
          labels={{ name: t('marketplace.change.supervisor'), pin: t('marketplace.change.pin') }}
          name={supervisor}
          pin={pin}
          onName={setSupervisor}
          onPin={setPin}
          testIds={{ name: 'supervisor-name', pin: 'supervisor-pin' }}
        />
        <button
          type="submit"
          className="button button--primary"
          disabled={!ready || busy}
          data-testid="change-seller-submit"
        >
          {busy ? t('common.saving') : t('marketplace.change.submit')}
        </button>
      </form>
      {failure && (
        <Notice
          tone={failure.code === 'OFFLINE' ? 'warn' : 'bad'}
          testId="change-seller-refusal"
          live
        >
          {failure.code === 'OFFLINE'
            ? t('marketplace.offline')
            : failureText(t, fmt.locale, failure)}
        </Notice>
      )}
    </Card>
  );
}
