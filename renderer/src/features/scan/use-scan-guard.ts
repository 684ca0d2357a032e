import { useEffect } from 'react';
import { useDesk } from '../../store';
import { createBurstDetector, type BurstOptions } from './burst';
import { isEditable, scanInput } from './scan-focus';

type TextField = HTMLInputElement | HTMLTextAreaElement;

function textField(target: EventTarget | null): TextField | null {
  if (!isEditable(target)) return null;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement
    ? target
    : null;
}

/** Puts a field back as it was, through the setter React listens to (its state follows). */
function restoreField(field: TextField, value: string): void {
  if (field.value === value) return;
  const proto =
    field instanceof HTMLTextAreaElement
      ? HTMLTextAreaElement.prototype
      : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event('input', { bubbles: true }));
}

/** Elements that take scans themselves (the scan box, the pack check's scan field). */
export function takesScans(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  return target === scanInput() || target.closest('[data-scan-target]') !== null;
}

/**
 * The whole page listens for a scanner's burst before anything else sees the keys (capture on
 * window). A burst ending in Enter/Tab aimed anywhere but a scan field never reaches its target:
 * a dialog's default button is not pressed, a form is not submitted, focus does not move. The
 * characters it typed into a field are taken out again, and the scan goes to the store, which
 * looks it up or, with a dialog open, asks whether to leave the dialog for it.
 */
export function useScanGuard(options?: BurstOptions): void {
  useEffect(() => {
    const detector = createBurstDetector(options);
    let snapshot: { field: TextField; value: string } | null = null;

    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) {
        detector.reset();
        return;
      }
      const verdict = detector.push(e.key, e.timeStamp || performance.now());
      if (verdict.kind === 'char') {
        // The first key of a run: what the field held before, in case the run is a scan.
        if ([...detector.pending()].length === 1) {
          const field = textField(e.target);
          snapshot = field ? { field, value: field.value } : null;
        }
        return;
      }
      if (verdict.kind !== 'burst') return;
      const before = snapshot;
      snapshot = null;
      if (takesScans(e.target)) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      if (before && before.field === e.target) restoreField(before.field, before.value);
      useDesk.getState().receiveScan(verdict.text);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [options]);
}
