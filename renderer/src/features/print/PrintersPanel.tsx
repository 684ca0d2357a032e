import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResponseOf } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { printFailureText } from './slip-links';

type TestResult = ResponseOf<'print:test-page'>;

/**
 * The printers this computer has (from the OS spooler, or Electron), each with its state, and a
 * test page for the receipt and the sheet printer as chosen in the form (saved or not), so a
 * wrong choice shows before the first real slip.
 */
export function PrintersPanel({
  thermalPrinter,
  sheetPrinter,
}: {
  thermalPrinter: string;
  sheetPrinter: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const printers = useDesk((s) => s.printers);
  const loadPrinters = useDesk((s) => s.loadPrinters);
  const testPage = useDesk((s) => s.testPage);
  const browser = useDesk((s) => s.info?.host === 'browser');
  const [busy, setBusy] = useState<'thermal' | 'sheet' | null>(null);
  const [result, setResult] = useState<
    { kind: 'thermal' | 'sheet'; ok: true; data: TestResult } | { ok: false; text: string } | null
  >(null);
  const list = printers.data ?? [];

  const test = async (kind: 'thermal' | 'sheet') => {
    setBusy(kind);
    setResult(null);
    const printer = kind === 'thermal' ? thermalPrinter : sheetPrinter;
    const r = await testPage({ printer, kind });
    setBusy(null);
    setResult(
      r.ok
        ? { kind, ok: true, data: r.data }
        : { ok: false, text: failureText(t, fmt.locale, r.error) },
    );
  };

  return (
    <section className="printers" aria-labelledby="printers-title" data-testid="printers-panel">
      <div className="printers__head">
        <h3 id="printers-title" className="printers__title">
          {t('printFlow.printersTitle')}
        </h3>
        <button
          type="button"
          className="button button--small button--ghost"
          onClick={() => void loadPrinters()}
          disabled={printers.status === 'loading'}
        >
          <Icon name="sync" />
          {t('printFlow.refresh')}
        </button>
      </div>
      {printers.status === 'loading' && list.length === 0 ? (
        <p className="muted">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <Notice tone="info" testId="no-printers">
          {browser ? t('printFlow.noPrintersBrowser') : t('printFlow.noPrinters')}
        </Notice>
      ) : (
        <ul className="printers__list" data-testid="printers-list">
          {list.map((p) => (
            <li key={p.name} className="printers__item" data-printer={p.name}>
              <Icon name="printer" />
              <span className="printers__name">{p.displayName || p.name}</span>
              {p.displayName && p.displayName !== p.name && (
                <span className="muted mono">{p.name}</span>
              )}
              {p.isDefault && <span className="tag">{t('settings.printing.default')}</span>}
              {p.description && <span className="muted">{p.description}</span>}
            </li>
          ))}
        </ul>
      )}
      {list.length > 0 && (
        <div className="printers__tests">
          {(['thermal', 'sheet'] as const).map((kind) => (
            <button
              key={kind}
              type="button"
              className="button button--small"
              onClick={() => void test(kind)}
              disabled={busy !== null}
              data-testid={`test-page-${kind}`}
            >
              <Icon name="printer" />
              {busy === kind
                ? t('printFlow.testing')
                : t(kind === 'thermal' ? 'printFlow.testThermal' : 'printFlow.testSheet')}
            </button>
          ))}
        </div>
      )}
      {result && (
        <div data-testid="test-page-result">
          {!result.ok ? (
            <Notice tone="bad" live>
              {result.text}
            </Notice>
          ) : result.data.ok ? (
            <Notice tone="ok" live>
              {t('printFlow.testSent', {
                printer: result.data.printer || t('printFlow.theDefaultPrinter'),
                job: result.data.spoolerJob ?? '—',
              })}
            </Notice>
          ) : (
            <Notice tone="bad" live>
              {printFailureText(t, {
                reasonCode: result.data.reasonCode,
                reason: result.data.reason,
                printer: result.data.printer || null,
              })}
            </Notice>
          )}
        </div>
      )}
    </section>
  );
}
