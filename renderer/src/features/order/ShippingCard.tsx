import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { Card, Facts } from '../../ui/Card';
import { Icon } from '../../ui/Icon';

type Address = NonNullable<NonNullable<OrderDetail['vtex']['shippingData']>['address']>;

function addressLines(a: Address | null | undefined): string[] {
  if (!a) return [];
  const street = [a.street, a.number].filter(Boolean).join(', ');
  return [
    [street, a.complement].filter(Boolean).join(' — '),
    a.neighborhood ?? '',
    [a.city, a.state].filter(Boolean).join(' / '),
    [a.postalCode, a.country].filter(Boolean).join(' · '),
  ].filter((l) => l.trim() !== '');
}

/** Where it goes: the address, the delivery option (SLA) and the pickup point if any. */
export function ShippingCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const shipping = detail.vtex.shippingData;
  const logistics = shipping?.logisticsInfo ?? [];
  const first = logistics[0];
  const pickup = logistics.find(
    (l) => l.selectedDeliveryChannel === 'pickup-in-point' || l.pickupStoreInfo?.isPickupStore,
  )?.pickupStoreInfo;
  const slas = [...new Set(logistics.map((l) => l.selectedSla).filter(Boolean))].join(', ');
  const couriers = [
    ...new Set(
      logistics.flatMap((l) => (l.deliveryIds ?? []).map((d) => d.courierName)).filter(Boolean),
    ),
  ].join(', ');
  const estimate = first?.shippingEstimateDate
    ? fmt.dateTime(first.shippingEstimateDate)
    : first?.shippingEstimate;
  const address = pickup?.address ?? shipping?.address;
  return (
    <Card title={t('order.shipping.title')} testId="shipping-card">
      {pickup ? (
        <p className="shipping__mode shipping__mode--pickup">
          <Icon name="store" />
          {t('order.shipping.pickupAt', { place: pickup.friendlyName ?? '—' })}
        </p>
      ) : (
        <p className="shipping__mode">
          <Icon name="truck" />
          {t('order.shipping.delivery')}
        </p>
      )}
      <address className="shipping__address">
        {shipping?.address?.receiverName && <strong>{shipping.address.receiverName}</strong>}
        {addressLines(address).map((line) => (
          <span key={line}>{line}</span>
        ))}
      </address>
      <Facts
        rows={[
          [t('order.shipping.sla'), slas || '—'],
          [t('order.shipping.courier'), couriers || '—'],
          [t('order.shipping.estimate'), estimate ?? '—'],
          [
            t('order.shipping.price'),
            first?.price !== undefined && first.price !== null
              ? fmt.money(
                  logistics.reduce((n, l) => n + (l.price ?? 0), 0),
                  detail.row.currency,
                )
              : '—',
          ],
        ]}
      />
    </Card>
  );
}
