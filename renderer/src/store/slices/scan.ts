import type { DeskFailure, SearchHit } from '../../../../preload/contract';
import { ask } from '../desk-port';
import { feedback } from '../feedback-port';
import { dialogScanHandler, screenScanHandler } from '../scan-port';
import type { SliceCreator } from '../types';

export type ScanStatus =
  /** Nothing asked (or the box was cleared). */
  | 'idle'
  /** Suggestions for the text being typed. */
  | 'suggesting'
  /** Enter was pressed; the answer is on its way. */
  | 'searching'
  /** An order was opened. */
  | 'opened'
  /** Nothing matches `query`. */
  | 'none'
  /** Several orders match: pick one (arrows + Enter). */
  | 'several'
  | 'error';

export interface ScanState {
  text: string;
  status: ScanStatus;
  /** The text the hits and the status answer. */
  query: string;
  hits: SearchHit[];
  /** The hit Enter opens (arrows move it); -1 when none is chosen. */
  highlighted: number;
  error: DeskFailure | null;
  /** What was opened last: "#502341" (for the confirmation under the box). */
  opened: string | null;
}

export interface ScanSlice {
  scan: ScanState;
  /**
   * A scanner's burst that arrived while a dialog was open: never taken as the dialog's Enter,
   * kept here until the worker says whether to leave the dialog for it.
   */
  scannedInDialog: string | null;
  /** A burst from anywhere but the scan box: looked up, or held while a dialog is open. */
  receiveScan(text: string): void;
  /** Leave the open dialog and look up what was scanned in it. */
  leaveDialogForScan(): void;
  /** Stay in the dialog; the scan is dropped. */
  stayInDialog(): void;
  setScanText(text: string): void;
  /** Search-as-you-type for the list under the box (the component debounces). */
  suggest(): Promise<void>;
  /** Enter: open the highlighted hit, or search the text and open it when it is unambiguous. */
  submitScan(): Promise<void>;
  moveScanHighlight(delta: number): void;
  /** Esc: clear the box; when it is already empty, back out of the open order. */
  escapeScan(): void;
}

const initialScan: ScanState = {
  text: '',
  status: 'idle',
  query: '',
  hits: [],
  highlighted: -1,
  error: null,
  opened: null,
};

export const createScanSlice: SliceCreator<ScanSlice> = (set, get) => {
  let latest = 0;
  /**
   * Whether the text changed since the last Enter. Suggestions are for typing: once Enter was
   * pressed on a text, its answer ("Nothing found", "17 orders match") must not be replaced by a
   * search-as-you-type answer that was scheduled before it.
   */
  let typedSinceEnter = false;

  const open = (hit: SearchHit) => {
    feedback().beep('success');
    set({
      scan: { ...initialScan, opened: hit.sequence ? `#${hit.sequence}` : hit.orderId },
    });
    void get().openOrder(hit.orderId);
  };

  return {
    scan: initialScan,
    scannedInDialog: null,

    receiveScan(text) {
      const code = text.trim();
      if (code === '') return;
      if (get().dialog) {
        const inDialog = dialogScanHandler();
        if (inDialog) return inDialog(code);
        feedback().beep('failure');
        set({ scannedInDialog: code });
        return;
      }
      const onScreen = screenScanHandler();
      if (onScreen) return onScreen(code);
      get().setScanText(code);
      get().focusScan();
      void get().submitScan();
    },

    leaveDialogForScan() {
      const code = get().scannedInDialog;
      // Leaves every dialog, also the pack check a change dialog would go back to: the scan is
      // looked up on the screen behind them.
      set({ dialog: null, scannedInDialog: null });
      if (code) get().receiveScan(code);
      else get().focusScan();
    },

    stayInDialog() {
      set({ scannedInDialog: null });
    },

    setScanText(text) {
      typedSinceEnter = true;
      set((s) => ({
        scan: {
          ...s.scan,
          text,
          // A new text makes old hits and messages stale; they stay visible only while the
          // text still starts with what they answered (typing on narrows them).
          ...(text.trim() === '' ? { status: 'idle', hits: [], highlighted: -1, query: '' } : {}),
          opened: null,
        },
      }));
    },

    async suggest() {
      const text = get().scan.text.trim();
      if (text.length < 2 || !typedSinceEnter) return;
      const seq = ++latest;
      const result = await ask('orders:search', { text, limit: 8 });
      if (seq !== latest || !typedSinceEnter || get().scan.text.trim() !== text) return;
      if (!result.ok) return;
      set((s) => ({
        scan: {
          ...s.scan,
          status: result.data.hits.length ? 'suggesting' : 'idle',
          query: text,
          hits: result.data.hits,
          highlighted: -1,
          error: null,
        },
      }));
    },

    async submitScan() {
      const { scan } = get();
      const text = scan.text.trim();
      typedSinceEnter = false;
      const chosen = scan.hits[scan.highlighted];
      if (chosen && scan.query === text) return open(chosen);
      if (text === '') return;
      const seq = ++latest;
      set((s) => ({ scan: { ...s.scan, status: 'searching', error: null } }));
      const result = await ask('orders:search', { text, limit: 20 });
      if (seq !== latest) return;
      if (!result.ok) {
        feedback().beep('failure');
        set((s) => ({ scan: { ...s.scan, status: 'error', query: text, error: result.error } }));
        return;
      }
      const { hits, exact } = result.data;
      const first = hits[0];
      if (first && (exact || hits.length === 1)) return open(first);
      if (!first) {
        feedback().beep('failure');
        // The text stays selected in the box, so the next scan simply replaces it.
        set((s) => ({
          scan: { ...s.scan, status: 'none', query: text, hits: [], highlighted: -1 },
        }));
        return;
      }
      set((s) => ({ scan: { ...s.scan, status: 'several', query: text, hits, highlighted: 0 } }));
    },

    moveScanHighlight(delta) {
      set((s) => {
        const n = s.scan.hits.length;
        if (n === 0) return {};
        const next = (s.scan.highlighted + delta + n) % n;
        return { scan: { ...s.scan, highlighted: next < 0 ? n - 1 : next } };
      });
    },

    escapeScan() {
      const { scan, dialog, screen } = get();
      if (dialog) return get().closeDialog();
      if (scan.text !== '' || scan.hits.length > 0 || scan.status !== 'idle') {
        latest++;
        set({ scan: initialScan });
        return;
      }
      if (screen === 'order') get().closeOrder();
      else if (screen === 'settings' || screen === 'print') get().go('queues');
    },
  };
};
