import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { Card } from '../../ui/Card';
import { CashRefundButton } from '../drawer/CashRefundButton';

/** How the order is paid, and which payments VTEX still waits to hear about. */
export function PaymentsCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const currency = detail.row.currency;
  return (
    <Card title={t('order.payments.title')} testId="payments-card">
      {detail.payments.length === 0 ? (
        <p className="muted">{t('order.payments.none')}</p>
      ) : (
        <ul className="payments">
          {detail.payments.map((p) => (
            <li key={p.id} className="payment" data-testid="payment">
              <div className="payment__main">
                <strong>{p.paymentSystemName ?? p.group ?? t('order.payments.unknown')}</strong>
                {p.installments && p.installments > 1 && (
                  <span className="muted">
                    {t('order.payments.installments', { count: p.installments })}
                  </span>
                )}
                <span className="payment__value num">{fmt.money(p.value, currency)}</span>
              </div>
              <div className="payment__state">
                {p.recordedLocally ? (
                  <span className="sync-pill sync-pill--pending">
                    {t('order.payments.recordedLocally')}
                  </span>
                ) : p.pendingNotification ? (
                  <span className="tag tag--warn">{t('order.payments.pending')}</span>
                ) : p.offline ? (
                  <span className="tag">{t('order.payments.offline')}</span>
                ) : (
                  <span className="tag tag--ok">{t('order.payments.byGateway')}</span>
                )}
                {p.dueDate && (
                  <span className="muted">
                    {t('order.payments.due', { date: fmt.date(p.dueDate) })}
                  </span>
                )}
              </div>
              {p.cash && (
                <p className="payment__cash" data-testid="payment-cash">
                  <strong>
                    {t('drawer.payment.cash', {
                      received: fmt.money(p.cash.received, currency),
                      change: fmt.money(p.cash.change, currency),
                    })}
                  </strong>
                  <span className="muted">
                    {p.cash.drawerNumber !== null &&
                      ` · ${t('drawer.payment.inDrawer', { number: p.cash.drawerNumber })}`}
                    {` · ${fmt.dateTime(p.cash.at)} · ${p.cash.operator}`}
                  </span>
                </p>
              )}
              {p.cash && (
                <div className="payment__refund">
                  <CashRefundButton detail={detail} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
