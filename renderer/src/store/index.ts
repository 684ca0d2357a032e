import { create } from 'zustand';
import { createAppSlice } from './slices/app';
import { createAttentionSlice } from './slices/attention';
import { createDrawerSlice } from './slices/drawer';
import { createOperatorSlice } from './slices/operator';
import { createOrderSlice } from './slices/order';
import { createPrintSlice } from './slices/print';
import { createQueuesSlice } from './slices/queues';
import { createScanSlice } from './slices/scan';
import { createSettingsSlice } from './slices/settings';
import { createSyncSlice } from './slices/sync';
import { createUiSlice } from './slices/ui';
import type { DeskState } from './types';

/**
 * THE renderer store. Components read it with narrow selectors (`useDesk((s) => s.counts)`, or
 * `useShallow` for derived objects) so a pushed change re-renders only what shows it. Tests reset
 * it with `useDesk.setState(useDesk.getInitialState(), true)`.
 */
export const useDesk = create<DeskState>()((...a) => ({
  ...createAppSlice(...a),
  ...createQueuesSlice(...a),
  ...createOrderSlice(...a),
  ...createSyncSlice(...a),
  ...createAttentionSlice(...a),
  ...createSettingsSlice(...a),
  ...createOperatorSlice(...a),
  ...createPrintSlice(...a),
  ...createScanSlice(...a),
  ...createUiSlice(...a),
  ...createDrawerSlice(...a),
}));

export type DeskStore = typeof useDesk;
export type { DeskState, Remote } from './types';
export { setDeskApi, type Outcome } from './desk-port';
export { setFeedback, type Feedback, type BeepKind } from './feedback-port';
