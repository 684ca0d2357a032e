import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { Card } from '../../ui/Card';

const KNOWN = ['Items', 'Discounts', 'Shipping', 'Tax'] as const;

/** VTEX's totals (items, discounts, shipping, tax) and the order's value. */
export function TotalsCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const currency = detail.row.currency;
  const invoiced = detail.invoices
    .filter((i) => i.type === 'Output')
    .reduce((sum, i) => sum + i.value, 0);
  const returned = detail.invoices
    .filter((i) => i.type === 'Input')
    .reduce((sum, i) => sum + i.value, 0);
  return (
    <Card title={t('order.totals.title')} testId="totals-card">
      <dl className="totals">
        {detail.vtex.totals.map((total) => (
          <div key={total.id} className="totals__row">
            <dt>
              {(KNOWN as readonly string[]).includes(total.id)
                ? t(`order.totals.${total.id as (typeof KNOWN)[number]}`)
                : (total.name ?? total.id)}
            </dt>
            <dd className="num">{fmt.money(total.value, currency)}</dd>
          </div>
        ))}
        <div className="totals__row totals__row--grand">
          <dt>{t('order.total')}</dt>
          <dd className="num">{fmt.money(detail.row.value, currency)}</dd>
        </div>
        {invoiced > 0 && (
          <div className="totals__row">
            <dt>{t('order.totals.invoiced')}</dt>
            <dd className="num">{fmt.money(invoiced, currency)}</dd>
          </div>
        )}
        {returned > 0 && (
          <div className="totals__row">
            <dt>{t('order.totals.returned')}</dt>
            <dd className="num">{fmt.money(returned, currency)}</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}
