import { useEffect } from 'react';
import { QUEUES } from '../../model';
import { useDesk } from '../../store';
import { isEditable, scanInput } from '../scan/scan-focus';
import { screenScanInput } from '../../store/scan-port';

/**
 * The page-wide keys. F2 (or Ctrl+K) goes to the scan box; Alt+1…7 switch queues; F4 opens a
 * new counter sale; Esc backs out.
 * A printable key typed while the focus is on something that does not take text (a button, the
 * page) goes to the scan box: a scanner's burst must never be lost because someone clicked a row.
 */
export function useGlobalKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const s = useDesk.getState();
      if (e.defaultPrevented) return;
      if (e.key === 'F2' || ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k')) {
        e.preventDefault();
        scanInput()?.focus();
        scanInput()?.select();
        return;
      }
      if (s.dialog) return;
      if (e.key === 'F4' && !e.altKey && !e.ctrlKey && !e.metaKey) {
        // A new counter sale, from anywhere (F4 is the usual "new sale" key of a till).
        e.preventDefault();
        s.go('counter');
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey && /^Digit[1-7]$/.test(e.code)) {
        const queue = QUEUES[Number(e.code.slice(5)) - 1];
        if (queue) {
          e.preventDefault();
          void s.selectQueue(queue);
          s.go(queue === 'attention' ? 'attention' : 'queues');
        }
        return;
      }
      if (e.key === 'Escape' && !isEditable(e.target)) {
        e.preventDefault();
        s.escapeScan();
        return;
      }
      const printable =
        e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey;
      const input = scanInput();
      const own = screenScanInput();
      if (printable && own && !isEditable(e.target)) {
        // The counter sale's scan field takes what is typed on its screen.
        e.preventDefault();
        own.focus();
        own.value += e.key;
        own.dispatchEvent(new Event('input', { bubbles: true }));
        return;
      }
      if (printable && input && !isEditable(e.target) && s.screen !== 'settings') {
        e.preventDefault();
        input.focus();
        s.setScanText(s.scan.text + e.key);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
