import type { DialogKind } from '../../model';
import type { SliceCreator } from '../types';

export type Screen = 'queues' | 'order' | 'attention' | 'settings' | 'print' | 'drawer' | 'counter';

/** Units scanned at a pack check, by SKU: lines move when a change takes one out, SKUs do not. */
export type PackScans = Record<string, number>;

/** A line the pack check cannot complete, as it hands it to the change dialog. */
export interface ChangeIntent {
  /** The order item's index when the pack check was left. */
  index: number;
  sku: string;
  name: string;
  /** Units to take out: by default those of the line not scanned yet. */
  quantity: number;
}

export type PackCheckDialogState = { kind: 'pack-check'; orderId: string; scans?: PackScans };

export type DialogState =
  /** `packed`: the invoice dialog after a pack check, item index → units scanned. */
  | { kind: DialogKind; orderId: string; packed?: Record<number, number> }
  /** Scan each unit's EAN before the invoice; `scans` resumes a check that was left. */
  | PackCheckDialogState
  /**
   * The change dialog opened from the pack check for a missing or damaged line: it starts with
   * that line's units to take out, and closing it (applied or not) goes back to the pack check
   * with what was already scanned.
   */
  | { kind: 'change'; orderId: string; fromPack: { intent: ChangeIntent; scans: PackScans } }
  /** Needs attention: change what an action sends, or give it up with a reason. */
  | { kind: 'attention-edit' | 'attention-discard'; actionId: string };

export type ToastTone = 'ok' | 'info' | 'warn' | 'bad';

export interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
  /** An action's confirmation: once it reached VTEX, `syncedText` replaces "waiting to sync". */
  action?: { actionId: string; syncedText: string; at: number };
  /** A link that gets the worker past the problem (e.g. open the slip to print it). */
  link?: ToastLink;
}

export interface ToastLink {
  label: string;
  /** Opened in a new tab. */
  href: string;
}

export interface UiSlice {
  screen: Screen;
  dialog: DialogState | null;
  toasts: Toast[];
  /** The screens' "now" for ages and relative times; a ticker moves it (tests set it). */
  now: number;
  /** Grows each time the scan box should take the focus back. */
  scanFocusTick: number;
  go(screen: Screen): void;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  showToast(tone: ToastTone, text: string, action?: Toast['action'], link?: ToastLink): void;
  dismissToast(id: number): void;
  setNow(ms: number): void;
  focusScan(): void;
}

/** Older confirmations make way: a pile of them would hide the screen they confirm. */
const MAX_TOASTS = 3;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => {
  let nextToast = 1;
  return {
    screen: 'queues',
    dialog: null,
    toasts: [],
    now: Date.now(),
    scanFocusTick: 0,

    go(screen) {
      set((s) => ({
        screen,
        dialog: null,
        scannedInDialog: null,
        // "Opened #…" confirms a scan on the screen it opened; elsewhere it is old news.
        scan: s.scan.opened ? { ...s.scan, opened: null, status: 'idle' } : s.scan,
      }));
      if (screen === 'attention') void get().loadAttention();
      if (screen === 'settings') void get().loadSettings();
      if (screen === 'print') void get().loadPrintJobs();
      if (screen === 'drawer' || screen === 'counter') {
        void get().loadDrawer();
        void get().loadDrawerHistory();
      }
      get().focusScan();
    },
    openDialog(dialog) {
      set({ dialog, scannedInDialog: null });
    },
    closeDialog() {
      const d = get().dialog;
      if (d && 'fromPack' in d) {
        set({
          dialog: { kind: 'pack-check', orderId: d.orderId, scans: d.fromPack.scans },
          scannedInDialog: null,
        });
        return;
      }
      set({ dialog: null, scannedInDialog: null });
      get().focusScan();
    },
    showToast(tone, text, action, link) {
      const toast: Toast = {
        id: nextToast++,
        tone,
        text,
        ...(action ? { action } : {}),
        ...(link ? { link } : {}),
      };
      set((s) => ({ toasts: [...s.toasts, toast].slice(-MAX_TOASTS) }));
    },
    dismissToast(id) {
      set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
    },
    setNow(ms) {
      set({ now: ms });
    },
    focusScan() {
      set((s) => ({ scanFocusTick: s.scanFocusTick + 1 }));
    },
  };
};
