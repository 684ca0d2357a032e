// @jsxRuntime automatic
// @jsxImportSource react
import { Row } from './Row';
import type { SlipViewProps } from './types';

/**
 * The money block. A whole-order invoice shows the order's own discounts, shipping and tax; a
 * partial invoice shows its share of them as one line (VTEX does not split them per invoice) and
 * the order total beside it; a return shows what is refunded.
 */
export function Totals({ model: m, t, fmt }: Pick<SlipViewProps, 'model' | 't' | 'fmt'>) {
  const discounts = m.orderTotals ? -Math.abs(m.orderTotals.discounts) : 0;
  return (
    <div className="totals">
      <Row label={t.subtotal} value={fmt.money(m.subtotal)} />
      {m.orderTotals && discounts !== 0 ? (
        <Row label={t.discounts} value={fmt.money(discounts)} />
      ) : null}
      {m.orderTotals ? <Row label={t.shipping} value={fmt.money(m.orderTotals.shipping)} /> : null}
      {m.orderTotals && m.orderTotals.tax !== 0 ? (
        <Row label={t.tax} value={fmt.money(m.orderTotals.tax)} />
      ) : null}
      {!m.orderTotals && m.adjustments !== 0 ? (
        <Row label={t.adjustments} value={fmt.money(m.adjustments)} />
      ) : null}
      {m.variant === 'return' ? (
        <Row className="total" label={t.refund} value={fmt.money(m.refund ?? m.invoiceTotal)} />
      ) : (
        <Row className="total" label={t.invoiceTotal} value={fmt.money(m.invoiceTotal)} />
      )}
      {m.partial ? (
        <>
          <Row label={t.orderTotal} value={fmt.money(m.orderTotal)} />
          <p className="note">{t.partialInvoice}</p>
        </>
      ) : null}
    </div>
  );
}
