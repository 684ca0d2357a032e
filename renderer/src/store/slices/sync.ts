import type {
  ActionView,
  CatchUpProgress,
  DeskFailure,
  SyncStatus,
} from '../../../../preload/contract';
import { ask } from '../desk-port';
import type { Remote, SliceCreator } from '../types';

export interface PendingActions {
  actions: ActionView[];
  total: number;
}

export interface SyncSlice {
  sync: SyncStatus | null;
  syncError: DeskFailure | null;
  /** The running catch-up, from the status or the faster progress events. */
  catchUp: CatchUpProgress | null;
  pending: Remote<PendingActions>;
  loadSyncStatus(): Promise<void>;
  setSyncStatus(status: SyncStatus): void;
  setCatchUp(progress: CatchUpProgress): void;
  loadPending(): Promise<void>;
  /** "Sync now": a manual catch-up and a send of what waits. */
  syncNow(): Promise<boolean>;
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => ({
  sync: null,
  syncError: null,
  catchUp: null,
  pending: { status: 'idle', data: null, error: null },

  async loadSyncStatus() {
    const result = await ask('sync:status');
    if (result.ok) get().setSyncStatus(result.data);
    else set({ syncError: result.error });
  },
  setSyncStatus(status) {
    set({ sync: status, syncError: null, catchUp: status.catchUp });
  },
  setCatchUp(progress) {
    set({ catchUp: progress.phase === 'done' ? null : progress });
  },
  async loadPending() {
    set((s) => ({ pending: { ...s.pending, status: 'loading' } }));
    const result = await ask('actions:pending', { limit: 100 });
    set({
      pending: result.ok
        ? { status: 'ready', data: result.data, error: null }
        : { status: 'error', data: null, error: result.error },
    });
  },
  async syncNow() {
    const result = await ask('sync:refresh');
    void get().loadSyncStatus();
    return result.ok && result.data.started;
  },
});
