import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskFailure, OrderDetail } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { ask } from '../../store/desk-port';
import { feedback } from '../../store/feedback-port';
import { setDialogScanHandler } from '../../store/scan-port';
import type { PackScans } from '../../store/slices/ui';
import { Dialog } from '../../ui/Dialog';
import { Notice } from '../../ui/Notice';
import {
  packAll,
  packCountsOf,
  packScan,
  packScansOf,
  packUnits,
  type PackCounts,
  type PackEvent,
  type PackLine,
} from './pack';
import { SupervisorFields } from '../../ui/SupervisorFields';

/** Alt+M: to the first line not complete, to say its item is missing or damaged. */
const MISSING_SHORTCUT = 'KeyM';

interface LogEntry {
  at: number;
  event: PackEvent;
}

/**
 * Scan-to-verify before the sale invoice: each scan of an item's EAN ticks one unit; a code of no
 * item in this order, or one unit too many, flashes red, beeps low and goes in the log. Enter on
 * an empty scan field opens the invoice with exactly what was scanned. A supervisor (another
 * person's name and PIN) can count everything as checked. A line that cannot be completed (the
 * item is not on the shelf, or damaged) leaves for the change dialog with that line's units to
 * take out; the check comes back with the order as changed and the units already scanned (`scans`).
 */
export function PackCheckDialog({
  detail,
  scans: resumed,
}: {
  detail: OrderDetail;
  /** Units scanned before the check was left for a change, by SKU. */
  scans?: PackScans;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const closeDialog = useDesk((s) => s.closeDialog);
  const openDialog = useDesk((s) => s.openDialog);
  const verifyPin = useDesk((s) => s.verifyPin);
  const order = detail.row.sequence ? `#${detail.row.sequence}` : detail.row.orderId;
  const check = detail.checks.invoice;

  const lines: PackLine[] = useMemo(
    () =>
      detail.items
        .filter((i) => i.remainingToInvoice > 0)
        .map((i) => ({
          index: i.index,
          sku: i.id,
          name: i.name,
          ean: i.ean,
          refId: i.refId,
          expected: i.remainingToInvoice,
        })),
    [detail.items],
  );

  // Kept by SKU: the lines are the order's as it is now, and a change moves them.
  const [scans, setScans] = useState<PackScans>(resumed ?? {});
  const counts: PackCounts = useMemo(() => packCountsOf(lines, scans), [lines, scans]);
  const [code, setCode] = useState('');
  const [log, setLog] = useState<LogEntry[]>([]);
  const [last, setLast] = useState<PackEvent | null>(null);
  const [flashes, setFlashes] = useState(0);
  const [nothing, setNothing] = useState(false);
  const [override, setOverride] = useState(false);
  const [supervisor, setSupervisor] = useState('');
  const [pin, setPin] = useState('');
  const [overrideFailure, setOverrideFailure] = useState<DeskFailure | null>(null);
  const [approvedBy, setApprovedBy] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);
  const linesRef = useRef<HTMLTableSectionElement>(null);
  const countsRef = useRef(counts);
  countsRef.current = counts;

  const units = packUnits(lines, counts);

  // Kept on the station too, so the order's timeline still shows it after this dialog closes.
  // The check goes on if the desk cannot keep it: the dialog's own log still shows it.
  const keep = (e: PackEvent) => {
    const orderId = detail.row.orderId;
    if (e.kind === 'wrong') {
      void ask('pack:record', { orderId, kind: 'wrong', code: e.code.slice(0, 200) });
    }
    if (e.kind === 'too-many') {
      void ask('pack:record', {
        orderId,
        kind: 'too-many',
        code: e.code.slice(0, 200),
        itemName: e.name.slice(0, 200),
        expected: e.expected,
      });
    }
  };

  const scan = (text: string) => {
    const scanned = text.trim();
    if (scanned === '') return;
    const result = packScan(lines, countsRef.current, scanned);
    countsRef.current = result.counts;
    setScans(packScansOf(lines, result.counts));
    setLast(result.event);
    setNothing(false);
    setCode('');
    if (result.event.kind === 'ok') {
      feedback().beep('success');
    } else {
      feedback().beep('failure');
      setFlashes((n) => n + 1);
      setLog((l) => [{ at: Date.now(), event: result.event }, ...l]);
      keep(result.event);
    }
  };

  // A burst that lands outside the scan field (the PIN field, a button) is a scan here too.
  const scanFromAnywhere = useRef(scan);
  scanFromAnywhere.current = scan;
  useEffect(() => {
    setDialogScanHandler((c) => {
      scanFromAnywhere.current(c);
      scanRef.current?.focus();
    });
    return () => setDialogScanHandler(null);
  }, []);

  const approve = async () => {
    setOverrideFailure(null);
    const result = await verifyPin(supervisor, pin);
    setPin('');
    if (!result.ok) {
      setOverrideFailure(result.error);
      return;
    }
    const all = packAll(lines);
    countsRef.current = all;
    setScans(packScansOf(lines, all));
    setApprovedBy(result.data.name);
    void ask('pack:record', {
      orderId: detail.row.orderId,
      kind: 'override',
      supervisor: result.data.name,
    });
    setOverride(false);
    scanRef.current?.focus();
  };

  const reportMissing = (l: PackLine) => {
    const scanned = Math.min(countsRef.current[l.index] ?? 0, l.expected);
    openDialog({
      kind: 'change',
      orderId: detail.row.orderId,
      fromPack: {
        // A unit found damaged after its scan is taken out too: at least one.
        intent: {
          index: l.index,
          sku: l.sku,
          name: l.name,
          quantity: Math.max(1, l.expected - scanned),
        },
        scans: packScansOf(lines, countsRef.current),
      },
    });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== MISSING_SHORTCUT) return;
      e.preventDefault();
      const buttons = [
        ...(linesRef.current?.querySelectorAll<HTMLButtonElement>('[data-testid="pack-missing"]') ??
          []),
      ];
      (buttons.find((b) => b.dataset.done !== 'true') ?? buttons[0])?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const toInvoice = () => {
    if (override) {
      void approve();
      return;
    }
    if (code.trim() !== '') {
      scan(code);
      return;
    }
    if (units.scanned === 0) {
      setNothing(true);
      return;
    }
    openDialog({ kind: 'invoice', orderId: detail.row.orderId, packed: countsRef.current });
  };

  const eventText = (e: PackEvent): string => {
    if (e.kind === 'wrong') return t('floor.pack.wrong', { code: e.code });
    if (e.kind === 'too-many') return t('floor.pack.tooMany', { name: e.name, count: e.expected });
    return t('floor.pack.ok', { name: e.name, scanned: e.count, count: e.expected });
  };

  return (
    <Dialog
      title={t('floor.pack.title', { order })}
      lead={t('floor.pack.lead')}
      onClose={closeDialog}
      onSubmit={toInvoice}
      size="large"
      testId="dialog-pack-check"
      closeLabel={t('common.close')}
      footer={
        <>
          <button type="button" className="button" onClick={closeDialog}>
            {t('common.cancel')}
            <kbd>Esc</kbd>
          </button>
          {!override && !approvedBy && (
            <button
              type="button"
              className="button"
              data-testid="pack-override"
              onClick={() => setOverride(true)}
            >
              {t('floor.pack.override')}
            </button>
          )}
          <button
            type="submit"
            className="button button--primary"
            disabled={!check.allowed}
            data-testid="pack-invoice"
          >
            {units.complete
              ? t('floor.pack.invoiceAll')
              : t('floor.pack.invoicePart', { count: units.scanned })}
            <kbd>Enter</kbd>
          </button>
        </>
      }
    >
      {!check.allowed ? (
        <Notice tone="warn" testId="dialog-blocked" live>
          {failureText(t, fmt.locale, {
            code: (check.code ?? 'INTERNAL') as DeskFailure['code'],
            message: check.message ?? '',
          })}
        </Notice>
      ) : (
        <>
          <div
            className={`pack ${last && last.kind !== 'ok' ? 'pack--bad' : ''}`}
            data-testid="pack"
            data-state={last?.kind ?? 'idle'}
            data-flashes={flashes}
          >
            {/* A new element per problem restarts the flash, without touching the field. */}
            {flashes > 0 && last?.kind !== 'ok' && (
              <span key={flashes} className="pack__flash" aria-hidden="true" />
            )}
            <label className="field__label" htmlFor="pack-scan">
              {t('floor.pack.scanLabel')}
            </label>
            <input
              id="pack-scan"
              ref={scanRef}
              className="input input--large mono"
              value={code}
              autoComplete="off"
              spellCheck={false}
              data-scan-target
              data-autofocus
              data-testid="pack-scan"
              onChange={(e) => setCode(e.target.value)}
            />
            <p
              className={`pack__last pack__last--${last?.kind ?? 'idle'}`}
              role="status"
              aria-live="polite"
              data-testid="pack-last"
            >
              {last
                ? eventText(last)
                : t('floor.pack.progress', { scanned: units.scanned, count: units.expected })}
            </p>
          </div>
          {resumed && (
            <Notice tone="info" testId="pack-resumed">
              {t('floor.pack.resumed')}
            </Notice>
          )}
          {approvedBy && (
            <Notice tone="ok" testId="pack-approved">
              {t('floor.pack.approvedBy', { name: approvedBy })}
            </Notice>
          )}
          <table className="pack__lines" data-testid="pack-lines">
            <thead>
              <tr>
                <th scope="col">{t('floor.pack.item')}</th>
                <th scope="col">EAN</th>
                <th scope="col" className="num">
                  {t('floor.pack.scanned')}
                </th>
                <th scope="col" className="pack__problem">
                  {t('floor.pack.notFound')} <kbd>Alt+M</kbd>
                </th>
              </tr>
            </thead>
            <tbody ref={linesRef}>
              {lines.map((l) => {
                const n = counts[l.index] ?? 0;
                return (
                  <tr
                    key={l.index}
                    className={n >= l.expected ? 'pack__line pack__line--done' : 'pack__line'}
                    data-testid="pack-line"
                    data-index={l.index}
                    data-scanned={n}
                  >
                    <td>{l.name}</td>
                    <td className="mono">{l.ean ?? '—'}</td>
                    <td className="num">
                      {n} / {l.expected}
                    </td>
                    <td className="pack__problem">
                      <button
                        type="button"
                        className={`button button--small${n >= l.expected ? ' button--ghost' : ''}`}
                        data-testid="pack-missing"
                        data-index={l.index}
                        data-done={n >= l.expected}
                        aria-label={t('floor.pack.missingOf', { name: l.name })}
                        onClick={() => reportMissing(l)}
                      >
                        {t('floor.pack.missingButton')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="picker__total" data-testid="pack-progress">
            {t('floor.pack.progress', { scanned: units.scanned, count: units.expected })}
          </p>
          {nothing && (
            <p className="field__error" role="alert">
              {t('floor.pack.nothing')}
            </p>
          )}
          {override && (
            <fieldset className="pack__override" data-testid="pack-override-form">
              <legend>{t('floor.pack.overrideTitle')}</legend>
              <div className="form-grid">
                <SupervisorFields
                  labels={{ name: t('floor.pack.supervisor'), pin: t('floor.pack.pin') }}
                  name={supervisor}
                  pin={pin}
                  onName={setSupervisor}
                  onPin={setPin}
                  testIds={{ name: 'pack-supervisor', pin: 'pack-pin' }}
                />
              </div>
              {overrideFailure && (
                <p className="field__error" role="alert" data-testid="pack-override-error">
                  {failureText(t, fmt.locale, overrideFailure)}
                </p>
              )}
              <button
                type="button"
                className="button"
                data-testid="pack-approve"
                onClick={() => void approve()}
              >
                {t('floor.pack.approve')}
              </button>
            </fieldset>
          )}
          {log.some((e) => e.event.kind !== 'ok') && (
            <section aria-labelledby="pack-log-title" className="pack__log">
              <h3 id="pack-log-title" className="pack__log-title">
                {t('floor.pack.log')}
              </h3>
              <ol data-testid="pack-log">
                {log
                  .filter((e) => e.event.kind !== 'ok')
                  .map((e, i) => (
                    <li key={`${e.at}-${i}`}>
                      <span className="num">{fmt.time(e.at)}</span> {eventText(e.event)}
                    </li>
                  ))}
              </ol>
            </section>
          )}
        </>
      )}
    </Dialog>
  );
}
