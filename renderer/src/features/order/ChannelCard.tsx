import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import type { ReactNode } from 'react';
import { Card, Facts } from '../../ui/Card';

/** Where the order was sold: own store or marketplace, sales channel, sellers, and how it is paid. */
export function ChannelCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const v = detail.vtex;
  const sellers = (v.sellers ?? []).map((s) => s.name ?? s.id).join(', ');
  const paidWith = [
    ...new Set(detail.payments.map((p) => p.paymentSystemName ?? p.group).filter(Boolean)),
  ].join(', ');
  const marketplace = detail.row.marketplace;
  return (
    <Card title={t('order.channel.title')} testId="channel-card">
      <Facts
        rows={[
          [
            t('order.channel.origin'),
            marketplace
              ? t('order.channel.marketplace', { name: marketplace })
              : t('order.ownStore'),
          ],
          [t('order.channel.salesChannel'), v.salesChannel ?? '—'],
          ...(v.marketplaceOrderId
            ? ([
                [
                  t('order.channel.marketplaceOrder'),
                  <span className="mono" key="m">
                    {v.marketplaceOrderId}
                  </span>,
                ],
              ] as [string, ReactNode][])
            : []),
          [t('order.channel.sellers'), sellers || '—'],
          [t('order.channel.paidWith'), paidWith || '—'],
          [
            t('order.channel.transaction'),
            <span className="mono break" key="t">
              {v.paymentData?.transactions[0]?.transactionId ?? '—'}
            </span>,
          ],
        ]}
      />
    </Card>
  );
}
