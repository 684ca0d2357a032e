import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { StatusBadge } from '../../ui/StatusBadge';
import { registerScanInput } from './scan-focus';

/** Suggestions wait for a pause in typing; a scanner's burst ends with Enter long before. */
const SUGGEST_DELAY_MS = 180;

/**
 * The scan box: always ready for a keyboard-wedge scanner (fast keystrokes ending in Enter) or a
 * person typing an order id, sequence, invoice number, EAN or customer. Enter opens the order
 * when the text is unambiguous (or the highlighted suggestion); Esc clears, and on an empty box
 * backs out of the open order.
 */
export function ScanBox() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const scan = useDesk((s) => s.scan);
  const focusTick = useDesk((s) => s.scanFocusTick);
  const dialogOpen = useDesk((s) => s.dialog !== null);
  const actions = useDesk(
    useShallow((s) => ({
      setText: s.setScanText,
      suggest: s.suggest,
      submit: s.submitScan,
      move: s.moveScanHighlight,
      escape: s.escapeScan,
      open: s.openOrder,
    })),
  );
  const ref = useRef<HTMLInputElement>(null);

  useEffect(() => {
    registerScanInput(ref.current);
    return () => registerScanInput(null);
  }, []);

  // Focus comes back after a dialog, a screen change or a finished action.
  useEffect(() => {
    if (dialogOpen) return;
    const el = ref.current;
    if (el && document.activeElement !== el) el.focus({ preventScroll: true });
  }, [focusTick, dialogOpen]);

  useEffect(() => {
    const text = scan.text.trim();
    if (text.length < 2) return;
    const timer = setTimeout(() => void actions.suggest(), SUGGEST_DELAY_MS);
    return () => clearTimeout(timer);
  }, [scan.text, actions]);

  // After "nothing found", keep the text selected so the next scan replaces it.
  useEffect(() => {
    if (scan.status === 'none' || scan.status === 'error') ref.current?.select();
  }, [scan.status]);

  const showHits =
    (scan.status === 'suggesting' || scan.status === 'several') &&
    scan.hits.length > 0 &&
    scan.text.trim() !== '';
  const activeId = showHits && scan.highlighted >= 0 ? `scan-hit-${scan.highlighted}` : undefined;

  let message: string | null = null;
  let tone: 'ok' | 'bad' | 'info' = 'info';
  if (scan.status === 'opened' || scan.opened) {
    message = t('scan.opened', { order: scan.opened ?? '' });
    tone = 'ok';
  } else if (scan.status === 'none') {
    message = t('scan.none', { text: scan.query });
    tone = 'bad';
  } else if (scan.status === 'several') {
    message = t('scan.several', { count: scan.hits.length });
  } else if (scan.status === 'searching') {
    message = t('scan.searching');
  } else if (scan.status === 'error') {
    message = failureText(t, fmt.locale, scan.error);
    tone = 'bad';
  }

  return (
    <div className="scan" role="search" data-testid="scan">
      <div className={`scan__field scan__field--${scan.status}`}>
        <Icon name="scan" className="scan__icon" />
        <label htmlFor="scan-input" className="visually-hidden">
          {t('scan.label')}
        </label>
        <input
          id="scan-input"
          ref={ref}
          className="scan__input"
          value={scan.text}
          placeholder={t('scan.placeholder')}
          autoComplete="off"
          autoCorrect="off"
          spellCheck={false}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showHits}
          aria-controls="scan-hits"
          aria-activedescendant={activeId}
          aria-describedby="scan-message"
          aria-keyshortcuts="F2"
          data-testid="scan-input"
          onChange={(e) => actions.setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void actions.submit();
            } else if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              actions.escape();
            } else if (e.key === 'ArrowDown' && scan.hits.length > 0) {
              e.preventDefault();
              actions.move(1);
            } else if (e.key === 'ArrowUp' && scan.hits.length > 0) {
              e.preventDefault();
              actions.move(-1);
            }
          }}
        />
        <kbd className="scan__kbd" aria-hidden="true">
          F2
        </kbd>
      </div>
      <p
        id="scan-message"
        className={`scan__message scan__message--${tone}`}
        aria-live="polite"
        data-testid="scan-message"
      >
        {message}
      </p>
      {showHits && (
        <ul id="scan-hits" className="scan__hits" role="listbox" aria-label={t('scan.hits')}>
          {scan.hits.map((hit, i) => (
            <li
              key={hit.orderId}
              id={`scan-hit-${i}`}
              role="option"
              aria-selected={i === scan.highlighted}
              className={`scan__hit ${i === scan.highlighted ? 'scan__hit--active' : ''}`}
              onMouseDown={(e) => {
                // Keep the focus in the box: the click opens the order, the box stays ready.
                e.preventDefault();
                actions.setText('');
                void actions.open(hit.orderId);
              }}
            >
              <span className="scan__hit-main">
                <strong className="num">{hit.sequence ? `#${hit.sequence}` : hit.orderId}</strong>
                <span className="scan__hit-customer">{hit.customerName ?? '—'}</span>
              </span>
              <span className="scan__hit-meta">
                <span className="scan__hit-match">{t(`scan.match.${hit.matchedBy}`)}</span>
                <StatusBadge status={hit.displayStatus} />
                <span className="num">{fmt.money(hit.value, hit.currency)}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
