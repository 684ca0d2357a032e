import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { Card, Facts } from '../../ui/Card';

export function CustomerCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const c = detail.vtex.clientProfileData;
  const name = [c?.firstName, c?.lastName].filter(Boolean).join(' ') || detail.row.customerName;
  return (
    <Card title={t('order.customer.title')} testId="customer-card">
      <Facts
        rows={[
          [t('order.customer.name'), name ?? '—'],
          ...(c?.isCorporate
            ? ([[t('order.customer.company'), c.corporateName ?? c.tradeName ?? '—']] as [
                string,
                string,
              ][])
            : []),
          [t('order.customer.email'), c?.email ? <span className="break">{c.email}</span> : '—'],
          [t('order.customer.phone'), c?.phone ?? c?.corporatePhone ?? '—'],
          [
            t('order.customer.document'),
            (c?.isCorporate ? c.corporateDocument : c?.document) ?? c?.document ?? '—',
          ],
        ]}
      />
    </Card>
  );
}
