import type {
  DrawerDetail,
  DrawerNow,
  DrawerView,
  PrintJob,
  RequestOf,
} from '../../../../preload/contract';
import { ask, type Outcome } from '../desk-port';
import type { Remote, SliceCreator } from '../types';

export interface DrawerSlice {
  /** The open drawer with its lines, and the last closed one. */
  drawer: Remote<DrawerNow>;
  /** The station's drawers, newest first (the drawer screen's history). */
  drawerHistory: Remote<{ drawers: DrawerView[]; next: number | null }>;
  loadDrawerHistory(more?: boolean): Promise<void>;
  /** The drawer just closed on this screen: its count and difference stay shown. */
  justClosed: DrawerDetail | null;
  /** The close form is showing: asked for on the drawer screen, or by "End shift". */
  drawerClosing: null | 'close' | 'end-shift';
  loadDrawer(): Promise<void>;
  openDrawer(openingFloat: number): Promise<Outcome<DrawerDetail>>;
  moveCash(req: RequestOf<'drawer:move'>): Promise<Outcome<DrawerDetail>>;
  closeDrawer(req: RequestOf<'drawer:close'>): Promise<Outcome<DrawerDetail>>;
  printReport(drawerId: string, kind: 'thermal' | 'sheet'): Promise<Outcome<PrintJob>>;
  setDrawerClosing(closing: null | 'close' | 'end-shift'): void;
  /**
   * "End shift": with a drawer open, the drawer screen asks for its count first (the shift's
   * cash is accounted for before the operator leaves); otherwise the shift ends.
   */
  requestEndShift(): Promise<void>;
}

export const createDrawerSlice: SliceCreator<DrawerSlice> = (set, get) => {
  const settle = (result: Outcome<DrawerDetail>) => {
    if (result.ok) {
      void get().loadDrawer();
      void get().loadDrawerHistory();
    }
    return result;
  };
  return {
    drawer: { status: 'idle', data: null, error: null },
    justClosed: null,
    drawerClosing: null,
    drawerHistory: { status: 'idle', data: null, error: null },

    async loadDrawerHistory(more = false) {
      const before = more ? get().drawerHistory.data?.next : undefined;
      if (more && !before) return;
      set((s) => ({ drawerHistory: { ...s.drawerHistory, status: 'loading' } }));
      const result = await ask('drawer:list', { limit: 10, ...(before ? { before } : {}) });
      set((s) => ({
        drawerHistory: result.ok
          ? {
              status: 'ready',
              error: null,
              data: {
                drawers: more
                  ? [...(s.drawerHistory.data?.drawers ?? []), ...result.data.drawers]
                  : result.data.drawers,
                next: result.data.next,
              },
            }
          : { status: 'error', data: s.drawerHistory.data, error: result.error },
      }));
    },

    async loadDrawer() {
      set((s) => ({ drawer: { ...s.drawer, status: 'loading' } }));
      const result = await ask('drawer:get');
      set((s) => ({
        drawer: result.ok
          ? { status: 'ready', data: result.data, error: null }
          : { status: 'error', data: s.drawer.data, error: result.error },
      }));
    },
    async openDrawer(openingFloat) {
      const result = await ask('drawer:open', { openingFloat });
      if (result.ok) set({ justClosed: null });
      return settle(result);
    },
    async moveCash(req) {
      return settle(await ask('drawer:move', req));
    },
    async closeDrawer(req) {
      const result = await ask('drawer:close', req);
      if (result.ok) set({ justClosed: result.data, drawerClosing: null });
      return settle(result);
    },
    printReport(drawerId, kind) {
      return ask('drawer:print-report', { drawerId, kind });
    },
    setDrawerClosing(closing) {
      set({ drawerClosing: closing });
    },
    async requestEndShift() {
      await get().loadDrawer();
      if (get().drawer.data?.open) {
        get().go('drawer');
        set({ drawerClosing: 'end-shift' });
        return;
      }
      set({ justClosed: null });
      await get().endShift();
    },
  };
};
