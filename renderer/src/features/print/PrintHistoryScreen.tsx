import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';

/** Slips printed at this station, newest first, with why one failed and a reprint button. */
export function PrintHistoryScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const jobs = useDesk((s) => s.printJobs);
  const load = useDesk((s) => s.loadPrintJobs);
  const reprint = useDesk((s) => s.reprint);
  const openOrder = useDesk((s) => s.openOrder);
  const showToast = useDesk((s) => s.showToast);
  const list = jobs.data?.jobs ?? [];

  const again = async (jobId: string, invoice: string) => {
    const result = await reprint(jobId);
    if (result.ok) showToast('info', t('print.queuedToast', { invoice }));
    else showToast('bad', failureText(t, fmt.locale, result.error));
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
                <th scope="col">{t('print.order')}</th>
                <th scope="col">{t('print.invoice')}</th>
                <th scope="col">{t('print.kind')}</th>
                <th scope="col">{t('print.state')}</th>
                <th scope="col">{t('print.printer')}</th>
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
                      <button
                        type="button"
                        className="link-button mono"
                        onClick={() => void openOrder(job.orderId)}
                      >
                        {job.orderId}
                      </button>
                    )}
                  </td>
                  <td className="mono">
                    {job.variant === 'shift-report' ? '—' : job.invoiceNumber}
                  </td>
                  <td>
                    {t(`print.kinds.${job.kind}`)}
                    {job.variant === 'return' && ` · ${t('order.invoices.return')}`}
                    {job.trigger === 'reprint' && ` · ${t('print.reprinted')}`}
                  </td>
                  <td>
                    <span className={`state-tag state-tag--print-${job.state}`}>
                      {t(`print.states.${job.state}`)}
                    </span>
                    {job.reason && <div className="muted">{job.reason}</div>}
                  </td>
                  <td>{job.printer ?? '—'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--small"
                      onClick={() => void again(job.id, job.invoiceNumber)}
                    >
                      <Icon name="printer" />
                      {t('print.reprint')}
                    </button>
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
