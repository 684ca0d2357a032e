import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Icon } from '../../ui/Icon';
import { slipUrl } from '../print/slip-links';
import { usePrintSlip } from '../print/use-print-slip';

/** The invoices (sales and returns) with their tracking, and a slip to print for each. */
export function InvoicesCard({ detail }: { detail: OrderDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const browser = useDesk((s) => s.info?.host === 'browser');
  const sheetSize = useDesk((s) => s.settings.data?.printing.sheetSize ?? 'A4');
  const slips = usePrintSlip();
  const [printing, setPrinting] = useState<string | null>(null);
  const currency = detail.row.currency;
  const itemName = (index: number) =>
    detail.items.find((i) => i.index === index)?.name ?? `#${index}`;

  const print = async (invoiceNumber: string, kind: 'thermal' | 'sheet') => {
    setPrinting(`${kind}:${invoiceNumber}`);
    try {
      await slips.print({ orderId: detail.row.orderId, invoiceNumber, kind });
    } finally {
      setPrinting(null);
    }
  };

  return (
    <Card title={t('order.invoices.title')} testId="invoices-card">
      {detail.invoices.length === 0 ? (
        <p className="muted">{t('order.invoices.none')}</p>
      ) : (
        <ul className="invoices">
          {detail.invoices.map((inv) => (
            <li
              key={`${inv.type}-${inv.invoiceNumber}`}
              className={`invoice ${inv.pending ? 'invoice--pending' : ''}`}
              data-testid="invoice"
              data-invoice={inv.invoiceNumber}
            >
              <div className="invoice__head">
                <span className={`tag tag--${inv.type === 'Output' ? 'sale' : 'return'}`}>
                  {inv.type === 'Output' ? t('order.invoices.sale') : t('order.invoices.return')}
                </span>
                <strong className="mono">{inv.invoiceNumber}</strong>
                {inv.pending && (
                  <span className="sync-pill sync-pill--pending">{t('sync.waiting')}</span>
                )}
                <span className="invoice__value num">{fmt.money(inv.value, currency)}</span>
              </div>
              <div className="invoice__meta">
                <span>{fmt.dateTime(inv.issuanceDate)}</span>
                <span>
                  {inv.items.map((i) => `${i.quantity}× ${itemName(i.itemIndex)}`).join(', ')}
                </span>
              </div>
              <div className="invoice__tracking" data-testid="invoice-tracking">
                <Icon name="truck" />
                {inv.trackingNumber ? (
                  <span>
                    {inv.courier && <strong>{inv.courier} · </strong>}
                    {inv.trackingUrl && /^https?:\/\//.test(inv.trackingUrl) ? (
                      <a href={inv.trackingUrl} target="_blank" rel="noreferrer" className="mono">
                        {inv.trackingNumber}
                      </a>
                    ) : (
                      <span className="mono">{inv.trackingNumber}</span>
                    )}
                    {inv.delivered && (
                      <span className="tag tag--ok">{t('order.invoices.delivered')}</span>
                    )}
                  </span>
                ) : (
                  <span className="muted">{t('order.invoices.noTracking')}</span>
                )}
              </div>
              {inv.pending && (
                <div className="invoice__print" data-testid="invoice-print">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void print(inv.invoiceNumber, 'thermal')}
                    disabled={printing === `thermal:${inv.invoiceNumber}`}
                    data-testid="print-provisional"
                    title={t('printFlow.provisionalHint')}
                  >
                    <Icon name="printer" />
                    {t('printFlow.printProvisional')}
                  </button>
                </div>
              )}
              {!inv.pending && (
                <div className="invoice__print" data-testid="invoice-print">
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void print(inv.invoiceNumber, 'thermal')}
                    disabled={printing === `thermal:${inv.invoiceNumber}`}
                    data-testid="print-thermal"
                  >
                    <Icon name="printer" />
                    {t('order.invoices.print')}
                  </button>
                  <button
                    type="button"
                    className="button button--small"
                    onClick={() => void print(inv.invoiceNumber, 'sheet')}
                    disabled={printing === `sheet:${inv.invoiceNumber}`}
                    data-testid="print-sheet"
                  >
                    <Icon name="printer" />
                    {t('printFlow.printSheet', { size: sheetSize })}
                  </button>
                  {browser && (
                    <a
                      className="button button--small button--ghost"
                      href={slipUrl(
                        {
                          orderId: detail.row.orderId,
                          invoiceNumber: inv.invoiceNumber,
                          kind: 'thermal',
                        },
                        'pdf',
                      )}
                      target="_blank"
                      rel="noopener noreferrer"
                      data-testid="open-slip-pdf"
                    >
                      {t('printFlow.openPdf')}
                    </a>
                  )}
                  {!inv.pending && slips.opensInBrowser && (
                    <span className="muted invoice__print-hint">
                      {t('printFlow.noPrinterHint')}
                    </span>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
