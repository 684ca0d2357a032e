import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { ChangesCard } from '../change/ChangesCard';
import { ChangeSellerCard } from '../marketplace/ChangeSellerCard';
import { ActionBar } from './ActionBar';
import { ChannelCard } from './ChannelCard';
import { CustomerCard } from './CustomerCard';
import { InvoicesCard } from './InvoicesCard';
import { ItemsCard } from './ItemsCard';
import { OrderHeader } from './OrderHeader';
import { OrderTabs } from './OrderTabs';
import { PaymentsCard } from './PaymentsCard';
import { ShippingCard } from './ShippingCard';
import { TotalsCard } from './TotalsCard';

/** One order, everything about it, and the actions it allows. */
export function OrderScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const order = useDesk((s) => s.order);
  const closeOrder = useDesk((s) => s.closeOrder);
  const reload = useDesk((s) => s.reloadOrder);
  const detail = order.data;

  if (!detail) {
    return (
      <section
        className="order order--empty"
        aria-busy={order.status === 'loading'}
        data-testid="order-screen"
      >
        <button type="button" className="button button--ghost" onClick={closeOrder}>
          <Icon name="back" />
          {t('order.back')}
        </button>
        {order.status === 'error' ? (
          <Notice tone="bad" live>
            {failureText(t, fmt.locale, order.error)}{' '}
            <button type="button" className="link-button" onClick={() => void reload()}>
              {t('common.tryAgain')}
            </button>
          </Notice>
        ) : (
          <p className="muted" role="status">
            {t('order.loading', { order: order.id ?? '' })}
          </p>
        )}
      </section>
    );
  }

  return (
    <section
      className="order"
      aria-label={t('order.label', { order: detail.row.sequence ?? detail.row.orderId })}
      data-testid="order-screen"
      data-order-id={detail.row.orderId}
    >
      <OrderHeader detail={detail} />
      <ActionBar detail={detail} />
      <div className="order__grid">
        <div className="order__main">
          <ItemsCard detail={detail} />
          <ChangesCard detail={detail} />
          <div className="order__pair">
            <InvoicesCard detail={detail} />
            <PaymentsCard detail={detail} />
          </div>
          <OrderTabs detail={detail} />
        </div>
        <aside className="order__side">
          <TotalsCard detail={detail} />
          <CustomerCard detail={detail} />
          <ShippingCard detail={detail} />
          <ChannelCard detail={detail} />
          <ChangeSellerCard detail={detail} />
        </aside>
      </div>
    </section>
  );
}
