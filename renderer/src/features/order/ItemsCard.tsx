import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { Card } from '../../ui/Card';
import { ItemImage } from '../../ui/ItemImage';

/** What to pick: image, name, SKU, EAN, quantity, what is left to invoice, prices. */
export function ItemsCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const currency = detail.row.currency;
  const units = detail.items.reduce((n, i) => n + i.quantity, 0);
  return (
    <Card title={t('order.items.title', { count: units })} testId="items-card">
      <table className="table items">
        <thead>
          <tr>
            <th scope="col" className="items__img-col">
              <span className="visually-hidden">{t('order.items.image')}</span>
            </th>
            <th scope="col">{t('order.items.product')}</th>
            <th scope="col" className="num-col">
              {t('order.items.quantity')}
            </th>
            <th scope="col" className="num-col">
              {t('order.items.toInvoice')}
            </th>
            <th scope="col" className="num-col">
              {t('order.items.unitPrice')}
            </th>
            <th scope="col" className="num-col">
              {t('order.items.lineTotal')}
            </th>
          </tr>
        </thead>
        <tbody>
          {detail.items.map((item) => {
            const unit = item.sellingPrice ?? item.price;
            return (
              <tr key={item.index} data-testid="item-row">
                <td className="items__img-col">
                  <ItemImage src={item.imageUrl} />
                </td>
                <td>
                  <div className="items__name">{item.name}</div>
                  <div className="items__codes">
                    <span>
                      {t('order.items.sku')} <span className="mono">{item.id}</span>
                    </span>
                    {item.ean && (
                      <span>
                        {t('order.items.ean')} <span className="mono">{item.ean}</span>
                      </span>
                    )}
                    {item.refId && (
                      <span>
                        {t('order.items.ref')} <span className="mono">{item.refId}</span>
                      </span>
                    )}
                  </div>
                </td>
                <td className="num-col num items__qty">{item.quantity}</td>
                <td className="num-col num">
                  {item.remainingToInvoice === 0 ? (
                    <span className="muted">{t('order.items.allInvoiced')}</span>
                  ) : (
                    item.remainingToInvoice
                  )}
                </td>
                <td className="num-col num">
                  {item.listPrice !== null && item.listPrice > unit && (
                    <s className="muted items__list-price">{fmt.money(item.listPrice, currency)}</s>
                  )}
                  {fmt.money(unit, currency)}
                </td>
                <td className="num-col num">{fmt.money(unit * item.quantity, currency)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Card>
  );
}
