import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { slipUrl, type SlipRef } from './slip-links';

/**
 * "Print" that always ends on paper or in front of the worker: to the station's printer when it
 * has one; in the browser host without any printer (no spooler, none set up), the slip opens in a
 * new tab with the browser's print dialog — opened in the click itself, so no popup blocker
 * stops it. A print that fails says why and offers the slip to print from the browser.
 */
export function usePrintSlip(): {
  print(ref: SlipRef): Promise<void>;
  /** The browser host has no printer: Print opens the slip in a tab. */
  opensInBrowser: boolean;
} {
  const { t } = useTranslation();
  const fmt = useFormat();
  const host = useDesk((s) => s.info?.host);
  const printers = useDesk((s) => s.printers);
  const loadPrinters = useDesk((s) => s.loadPrinters);
  const printSlip = useDesk((s) => s.printSlip);
  const showToast = useDesk((s) => s.showToast);

  useEffect(() => {
    if (printers.status === 'idle') void loadPrinters();
  }, [printers.status, loadPrinters]);

  const browser = host === 'browser';
  const opensInBrowser =
    browser && printers.status !== 'loading' && (printers.data?.length ?? 0) === 0;

  return {
    opensInBrowser,
    async print(ref) {
      if (opensInBrowser) {
        window.open(slipUrl(ref, 'print'), '_blank', 'noopener');
        showToast('info', t('printFlow.openedToPrint', { invoice: ref.invoiceNumber }));
        return;
      }
      const result = await printSlip({
        orderId: ref.orderId,
        invoiceNumber: ref.invoiceNumber,
        kind: ref.kind,
      });
      const rescue = browser
        ? { label: t('printFlow.openToPrint'), href: slipUrl(ref, 'print') }
        : undefined;
      if (!result.ok) {
        showToast('bad', failureText(t, fmt.locale, result.error), undefined, rescue);
        return;
      }
      const job = result.data;
      // A failed job is announced by its own event (with the reason and the same rescue link).
      if (job.state === 'printed') {
        showToast(
          'ok',
          t('printFlow.printedToast', {
            invoice: job.invoiceNumber,
            printer: job.printer ?? t('printFlow.theDefaultPrinter'),
          }),
        );
      } else if (job.state === 'queued') {
        showToast('info', t('print.queuedToast', { invoice: job.invoiceNumber }));
      }
    },
  };
}
