import { useTranslation } from 'react-i18next';
import type { DrawerView } from '../../../../preload/contract';
import { currentToken } from '../../bridge/token';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';

/**
 * The shift report: on the slip printer, on the A4 printer (both through the print queue, so
 * they are in Print history with their saved PDF), and in the browser host the A4 PDF itself.
 */
export function ReportButtons({ drawer, compact }: { drawer: DrawerView; compact?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const printReport = useDesk((s) => s.printReport);
  const showToast = useDesk((s) => s.showToast);
  const browser = useDesk((s) => s.info?.host === 'browser');

  const print = async (kind: 'thermal' | 'sheet') => {
    const result = await printReport(drawer.id, kind);
    if (!result.ok) showToast('bad', failureText(t, fmt.locale, result.error));
    else if (result.data.state === 'printed')
      showToast('ok', t('drawer.report.queued', { number: drawer.number }));
  };
  const reportHref = (kind: 'thermal' | 'sheet', format: 'pdf' | 'html') =>
    `/reports/drawers/${encodeURIComponent(drawer.id)}?kind=${kind}&format=${format}${format === 'html' ? '&print=1' : ''}&locale=${encodeURIComponent(fmt.locale)}&token=${encodeURIComponent(browser ? currentToken() : '')}`;

  return (
    <>
      <button
        type="button"
        className={`button ${compact ? 'button--small' : ''}`}
        data-testid="drawer-report-thermal"
        onClick={() => void print('thermal')}
      >
        <Icon name="printer" />
        {t('drawer.report.thermal')}
      </button>
      <button
        type="button"
        className={`button ${compact ? 'button--small' : ''}`}
        data-testid="drawer-report-sheet"
        onClick={() => void print('sheet')}
      >
        <Icon name="printer" />
        {t('drawer.report.sheet')}
      </button>
      {browser && (
        // A browser prints only through its own dialog: the 80 mm report opens ready to print.
        <a
          className={`button ${compact ? 'button--small' : ''}`}
          href={reportHref('thermal', 'html')}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="drawer-report-page"
        >
          <Icon name="printer" />
          {t('drawer.report.page')}
        </a>
      )}
      {browser && (
        <a
          className={`button ${compact ? 'button--small' : ''}`}
          href={reportHref('sheet', 'pdf')}
          target="_blank"
          rel="noopener noreferrer"
          data-testid="drawer-report-pdf"
        >
          <Icon name="invoice" />
          {t('drawer.report.pdf')}
        </a>
      )}
    </>
  );
}
