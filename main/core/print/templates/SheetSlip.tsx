// @jsxRuntime automatic
// @jsxImportSource react
import { Destination } from './Destination';
import { Fact } from './Fact';
import { InlineSvg } from './InlineSvg';
import { InvoiceKey } from './InvoiceKey';
import { Payments } from './Payments';
import { ProvisionalMark } from './ProvisionalMark';
import { Totals } from './Totals';
import type { SlipViewProps } from './types';

/** The A4/Letter slip: the same content as the receipt, laid out as a document with an item table. */
export function SheetSlip({ model: m, t, fmt, barcodeSvg, qrSvg, provisional }: SlipViewProps) {
  const hasShipping = Boolean(m.courier || m.trackingNumber || m.shippingMethod);
  return (
    <main className="slip sheet">
      {provisional ? <ProvisionalMark t={t} /> : null}
      <header className="head">
        <div className="store">
          {m.store.name ? <div className="store-name wrap">{m.store.name}</div> : null}
          {m.store.addressLines.map((l, i) => (
            <div key={i} className="store-line wrap">
              {l}
            </div>
          ))}
          {m.store.taxId ? (
            <div className="store-line">
              {t.taxId} {m.store.taxId}
            </div>
          ) : null}
        </div>
        <div className="doc">
          <h1 className="title">{t.title[m.variant]}</h1>
          <InlineSvg svg={barcodeSvg} className="barcode" label={`${t.order} ${m.orderId}`} />
          <div className="order-id">
            {t.order} {m.orderId}
          </div>
          {m.sequence ? (
            <div>
              {t.sequence} {m.sequence}
            </div>
          ) : null}
        </div>
      </header>

      <section className="boxes">
        <div className="box">
          <h2>{t.invoice}</h2>
          <dl className="facts">
            <Fact label={t.invoice} value={m.invoiceNumber} />
            <Fact label={t.series} value={m.series} />
            <Fact label={t.issued} value={m.issuanceDate ? fmt.dateTime(m.issuanceDate) : null} />
          </dl>
          <InvoiceKey label={t.invoiceKey} value={m.invoiceKey} perLine={6} />
        </div>
        <div className="box">
          <h2>{t.customer}</h2>
          {m.customer?.name ? <div className="strong wrap">{m.customer.name}</div> : null}
          <dl className="facts">
            <Fact label={t.document} value={m.customer?.document} />
            <Fact label={t.phone} value={m.customer?.phone} />
          </dl>
        </div>
        <div className="box">
          <Destination model={m} t={t} />
        </div>
      </section>

      <table className="items">
        <caption className="block-title">
          {m.variant === 'return' ? t.returnedItems : t.items} ·{' '}
          {t.unitsInLines(m.units, m.lines.length)}
        </caption>
        <thead>
          <tr>
            <th className="qty num">{t.qty}</th>
            <th>{t.item}</th>
            <th className="sku">{t.sku}</th>
            <th className="money num">{t.unitPrice}</th>
            <th className="money num">{t.lineTotal}</th>
          </tr>
        </thead>
        <tbody>
          {m.lines.map((l, i) => (
            <tr key={i}>
              <td className="qty num">{fmt.number(l.quantity)}</td>
              <td className="wrap">{l.name}</td>
              <td className="sku wrap">
                {l.sku}
                {l.ean ? <div className="sku-ean">EAN {l.ean}</div> : null}
              </td>
              <td className="money num">{fmt.money(l.unitPrice)}</td>
              <td className="money num strong">{fmt.money(l.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section className="bottom">
        <div className="stack">
          {m.payments.length > 0 ? (
            <div className="box">
              <Payments model={m} t={t} fmt={fmt} />
            </div>
          ) : null}
          {hasShipping ? (
            <div className="box">
              <div className="block-title">{t.shippingMethod}</div>
              <dl className="facts">
                <Fact label={t.service} value={m.shippingMethod} />
                <Fact label={t.courier} value={m.courier} />
                <Fact label={t.tracking} value={m.trackingNumber} />
                <Fact label={t.volumes} value={m.volumes != null ? fmt.number(m.volumes) : null} />
              </dl>
            </div>
          ) : null}
        </div>
        <div className="box">
          <Totals model={m} t={t} fmt={fmt} />
        </div>
      </section>

      {qrSvg && m.invoiceUrl ? (
        <section className="qr-block">
          <InlineSvg svg={qrSvg} className="qr" label={t.scanInvoice} />
          <div>
            <div className="strong">{t.scanInvoice}</div>
            <div className="url wrap">{m.invoiceUrl}</div>
          </div>
        </section>
      ) : null}
      {provisional ? <ProvisionalMark t={t} /> : null}
    </main>
  );
}
