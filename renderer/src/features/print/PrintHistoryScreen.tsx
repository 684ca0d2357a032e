import { useTranslation } from 'react-i18next';
import type { PrintJob } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { jobPdfUrl, printFailureText, slipUrl } from './slip-links';
import { usePrintSlip } from './use-print-slip';

/** Slips printed at this station, newest first, with why one failed and a reprint button. */
export function PrintHistoryScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const jobs = useDesk((s) => s.printJobs);
  const load = useDesk((s) => s.loadPrintJobs);
  const reprint = useDesk((s) => s.reprint);
  const openJobPdf = useDesk((s) => s.openJobPdf);
  const openOrder = useDesk((s) => s.openOrder);
  const showToast = useDesk((s) => s.showToast);
  const browser = useDesk((s) => s.info?.host === 'browser');
  const { opensInBrowser } = usePrintSlip();
  const list = jobs.data?.jobs ?? [];

  /** The desktop app opens the saved PDF in the system's viewer. */
  const openPdf = async (jobId: string) => {
    const result = await openJobPdf(jobId);
    if (!result.ok) showToast('bad', failureText(t, fmt.locale, result.error));
  };

  const again = async (job: PrintJob) => {
    if (opensInBrowser) {
      // No printer here: the slip opens in a tab with the browser's print dialog (in the click).
      window.open(slipUrl(job, 'print'), '_blank', 'noopener');
      showToast('info', t('printFlow.openedToPrint', { invoice: job.invoiceNumber }));
      return;
    }
    const result = await reprint(job.id);
    if (!result.ok) showToast('bad', failureText(t, fmt.locale, result.error));
    else if (result.data.state === 'printed') {
      showToast(
        'ok',
        t('printFlow.printedToast', {
          invoice: job.invoiceNumber,
          printer: result.data.printer ?? t('printFlow.theDefaultPrinter'),
        }),
      );
    }
  };

  return (
    <section className="print-history" aria-labelledby="print-title" data-testid="print-screen">
      <header className="queue__header">
        <div className="queue__title-row">
          <h2 id="print-title" className="queue__title">
            {t('print.title')}
          </h2>
        </div>
        <p className="muted">{t('print.explain')}</p>
      </header>
      {jobs.status === 'error' && (
        <Notice tone="bad" live>
          {failureText(t, fmt.locale, jobs.error)}
        </Notice>
      )}
      {jobs.status === 'ready' && list.length === 0 ? (
        <div className="empty">
          <Icon name="printer" className="empty__icon" />
          <p className="empty__title">{t('print.empty')}</p>
        </div>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('print.when')}</th>
                <th scope="col">
                  {t('print.order')} · {t('print.invoice')}
                </th>
                <th scope="col">{t('print.kind')}</th>
                <th scope="col">{t('print.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('print.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((job) => (
                <tr key={job.id}>
                  <td className="num">{fmt.dateTime(job.createdAt)}</td>
                  <td>
                    {job.variant === 'shift-report' ? (
                      t('drawer.report.name', { number: job.invoiceNumber })
                    ) : (
                      <>
                        <button
                          type="button"
                          className="link-button mono"
                          onClick={() => void openOrder(job.orderId)}
                        >
                          {job.orderId}
                        </button>
                        <div className="mono">{job.invoiceNumber}</div>
                      </>
                    )}
                  </td>
                  <td>
                    {t(`print.kinds.${job.kind}`)}
                    {job.variant === 'return' && ` · ${t('order.invoices.return')}`}
                    {job.trigger === 'reprint' && ` · ${t('print.reprinted')}`}
                    {job.provisional && (
                      <div>
                        <span className="tag tag--warn" title={t('printFlow.provisionalHint')}>
                          {t('printFlow.provisional')}
                        </span>
                      </div>
                    )}
                  </td>
                  <td data-testid="print-job-state">
                    <span className={`state-tag state-tag--print-${job.state}`}>
                      {t(`print.states.${job.state}`)}
                    </span>
                    {job.state === 'failed' && (
                      <div className="print-reason" data-testid="print-job-reason">
                        {printFailureText(t, job)}
                      </div>
                    )}
                    {job.printer && (
                      <div className="print-printer muted" title={t('print.printer')}>
                        <Icon name="printer" />
                        <span>{job.printer}</span>
                        {job.spoolerJob && (
                          <span className="mono">
                            #{job.spoolerJob.slice(job.printer.length + 1) || job.spoolerJob}
                          </span>
                        )}
                      </div>
                    )}
                  </td>
                  <td>
                    <div className="print-actions">
                      {browser && (
                        <a
                          className="button button--small"
                          href={
                            job.pdfPath
                              ? jobPdfUrl(job)
                              : slipUrl({ ...job, kind: job.kind }, 'pdf')
                          }
                          target="_blank"
                          rel="noopener noreferrer"
                          data-testid="print-open-pdf"
                        >
                          <Icon name="invoice" />
                          {t('printFlow.openPdf')}
                        </a>
                      )}
                      {!browser && job.pdfPath && (
                        <button
                          type="button"
                          className="button button--small"
                          onClick={() => void openPdf(job.id)}
                          data-testid="print-open-pdf"
                        >
                          <Icon name="invoice" />
                          {t('printFlow.openPdf')}
                        </button>
                      )}
                      <button
                        type="button"
                        className="button button--small"
                        onClick={() => void again(job)}
                      >
                        <Icon name="printer" />
                        {t('print.reprint')}
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {jobs.data?.next && (
            <button type="button" className="button" onClick={() => void load(true)}>
              {t('print.more')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
