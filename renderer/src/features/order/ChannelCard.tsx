import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import type { ReactNode } from 'react';
import { Card, Facts } from '../../ui/Card';

/**
 * How the customer paid at the marketplace (Mercado Libre and other connectors): VTEX keeps it in
 * `invoiceData.userPaymentInfo.paymentMethods` (the Orders API guide writes `paymentMethod`), and
 * native connectors in `customData.customApps[].fields.marketplacePaymentMethod`.
 */
export function marketplacePayment(doc: OrderDetail['vtex']): string | null {
  const info = (doc.invoiceData as { userPaymentInfo?: Record<string, unknown> } | null | undefined)
    ?.userPaymentInfo;
  const listed = [info?.paymentMethods, info?.paymentMethod]
    .flatMap((v) => (Array.isArray(v) ? v : []))
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const apps = (doc.customData as { customApps?: { fields?: Record<string, unknown> }[] } | null)
    ?.customApps;
  const fromApps = (apps ?? [])
    .map((a) => a.fields?.marketplacePaymentMethod)
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  const all = [...new Set([...listed, ...fromApps])];
  return all.length > 0 ? all.join(', ') : null;
}

/** Where the order was sold: own store or marketplace, sales channel, sellers, and how it is paid. */
export function ChannelCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const v = detail.vtex;
  const sellers = (v.sellers ?? []).map((s) => s.name ?? s.id).join(', ');
  const paidWith = [
    ...new Set(detail.payments.map((p) => p.paymentSystemName ?? p.group).filter(Boolean)),
  ].join(', ');
  const marketplace = detail.row.marketplace;
  const mkPayment = marketplacePayment(v);
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
          ...(marketplace && mkPayment
            ? ([[t('order.channel.marketplacePayment'), mkPayment]] as [string, ReactNode][])
            : []),
          ...(marketplace && v.affiliateId
            ? ([
                [
                  t('order.channel.affiliate'),
                  <span className="mono" key="a">
                    {v.affiliateId}
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
