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

/** The 80 mm receipt that goes into the box: one narrow column, read top to bottom. */
export function ThermalSlip({ model: m, t, fmt, barcodeSvg, qrSvg, provisional }: SlipViewProps) {
  return (
    <main className="slip thermal">
      {provisional ? <ProvisionalMark t={t} /> : null}
      <header>
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
      </header>
      <div className="rule" />
      <h1 className="title">{t.title[m.variant]}</h1>
      <div className="order-id">
        {t.order} {m.orderId}
      </div>
      <InlineSvg svg={barcodeSvg} className="barcode" label={`${t.order} ${m.orderId}`} />
      <dl className="facts">
        <Fact label={t.sequence} value={m.sequence} />
        <Fact label={t.invoice} value={m.invoiceNumber} />
        <Fact label={t.series} value={m.series} />
        <Fact label={t.issued} value={m.issuanceDate ? fmt.dateTime(m.issuanceDate) : null} />
      </dl>
      <InvoiceKey label={t.invoiceKey} value={m.invoiceKey} perLine={6} />
      {m.customer ? (
        <>
          <div className="rule" />
          <div className="block-title">{t.customer}</div>
          {m.customer.name ? <div className="strong wrap">{m.customer.name}</div> : null}
          <dl className="facts">
            <Fact label={t.document} value={m.customer.document} />
            <Fact label={t.phone} value={m.customer.phone} />
          </dl>
        </>
      ) : null}
      {m.destination ? (
        <>
          <div className="rule" />
          <Destination model={m} t={t} />
        </>
      ) : null}
      <div className="rule" />
      <div className="block-title">
        {m.variant === 'return' ? t.returnedItems : t.items} ·{' '}
        {t.unitsInLines(m.units, m.lines.length)}
      </div>
      {m.lines.map((l, i) => (
        <div key={i} className="line">
          <div className="line-name wrap">{l.name}</div>
          <div className="line-meta">
            <span className="wrap">
              {t.sku} {l.sku}
            </span>
            <span className="num">
              {fmt.number(l.quantity)} × {fmt.money(l.unitPrice)}
            </span>
            <span className="num strong">{fmt.money(l.total)}</span>
          </div>
        </div>
      ))}
      <div className="rule" />
      <Totals model={m} t={t} fmt={fmt} />
      {m.payments.length > 0 ? (
        <>
          <div className="rule" />
          <Payments model={m} t={t} fmt={fmt} />
        </>
      ) : null}
      {m.courier || m.trackingNumber || m.shippingMethod ? (
        <>
          <div className="rule" />
          <dl className="facts">
            <Fact label={t.service} value={m.shippingMethod} />
            <Fact label={t.courier} value={m.courier} />
            <Fact label={t.tracking} value={m.trackingNumber} />
            <Fact label={t.volumes} value={m.volumes != null ? fmt.number(m.volumes) : null} />
          </dl>
        </>
      ) : null}
      {qrSvg && m.invoiceUrl ? (
        <>
          <div className="rule" />
          <div className="center strong">{t.scanInvoice}</div>
          <InlineSvg svg={qrSvg} className="qr" label={t.scanInvoice} />
          <div className="url wrap">{m.invoiceUrl}</div>
        </>
      ) : null}
      {m.variant === 'output' ? <div className="thanks">{t.thanks}</div> : null}
      {provisional ? <ProvisionalMark t={t} /> : null}
    </main>
  );
}
