import type { ActionChanged, AttentionItem } from '../../../../preload/contract';
import { ask, type Outcome } from '../desk-port';
import type { Remote, SliceCreator } from '../types';

export interface AttentionSlice {
  attention: Remote<{ items: AttentionItem[]; total: number }>;
  loadAttention(): Promise<void>;
  retryAction(actionId: string): Promise<Outcome<ActionChanged>>;
  editAction(actionId: string, data: Record<string, unknown>): Promise<Outcome<ActionChanged>>;
  discardAction(actionId: string, reason: string): Promise<Outcome<ActionChanged>>;
}

export const createAttentionSlice: SliceCreator<AttentionSlice> = (set, get) => {
  /** After any decision: the list, the order on screen, the counts and the sync bar move. */
  const after = <T>(result: Outcome<T>): Outcome<T> => {
    if (result.ok) {
      void get().loadAttention();
      void get().reloadOrder();
      void get().refreshCounts();
      void get().loadSyncStatus();
    }
    return result;
  };

  return {
    attention: { status: 'idle', data: null, error: null },
    async loadAttention() {
      set((s) => ({ attention: { ...s.attention, status: 'loading' } }));
      const result = await ask('attention:list', { limit: 200 });
      set((s) => ({
        attention: result.ok
          ? { status: 'ready', data: result.data, error: null }
          : { status: 'error', data: s.attention.data, error: result.error },
      }));
    },
    async retryAction(actionId) {
      return after(await ask('attention:retry', { actionId }));
    },
    async editAction(actionId, data) {
      return after(await ask('attention:edit', { actionId, data }));
    },
    async discardAction(actionId, reason) {
      return after(await ask('attention:discard', { actionId, reason }));
    },
  };
};
