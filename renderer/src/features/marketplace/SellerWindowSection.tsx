import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskFailure } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { ask } from '../../store/desk-port';
import { Card } from '../../ui/Card';
import { Notice } from '../../ui/Notice';

/**
 * For marketplaces: VTEX's window to change seller, read from the account (online only). It is
 * set in VTEX's admin; the desk shows it so a supervisor knows how long a canceled seller's order
 * can still move to another seller.
 */
export function SellerWindowSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [days, setDays] = useState<number | null>(null);
  const [error, setError] = useState<DeskFailure | null>(null);
  useEffect(() => {
    void ask('marketplace:seller-window').then((r) => {
      if (r.ok) setDays(r.data.days);
      else setError(r.error);
    });
  }, []);
  return (
    <Card title={t('marketplace.window.title')} testId="seller-window-section">
      <p className="muted">{t('marketplace.window.lead')}</p>
      {days !== null && (
        <p data-testid="seller-window-days">
          <strong>{t('marketplace.window.days', { count: days })}</strong>
        </p>
      )}
      {error && (
        <Notice tone={error.code === 'OFFLINE' ? 'warn' : 'bad'}>
          {error.code === 'OFFLINE' ? t('marketplace.offline') : failureText(t, fmt.locale, error)}
        </Notice>
      )}
    </Card>
  );
}
