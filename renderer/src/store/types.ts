import type { StateCreator } from 'zustand';
import type { DeskFailure } from '../../../preload/contract';
import type { AppSlice } from './slices/app';
import type { AttentionSlice } from './slices/attention';
import type { DrawerSlice } from './slices/drawer';
import type { OperatorSlice } from './slices/operator';
import type { OrderSlice } from './slices/order';
import type { PrintSlice } from './slices/print';
import type { QueuesSlice } from './slices/queues';
import type { ScanSlice } from './slices/scan';
import type { SettingsSlice } from './slices/settings';
import type { SyncSlice } from './slices/sync';
import type { UiSlice } from './slices/ui';

/** The whole renderer state: one store made of slices (zustand's slices pattern). */
export type DeskState = AppSlice &
  QueuesSlice &
  OrderSlice &
  SyncSlice &
  AttentionSlice &
  SettingsSlice &
  OperatorSlice &
  PrintSlice &
  ScanSlice &
  UiSlice &
  DrawerSlice;

export type SliceCreator<S> = StateCreator<DeskState, [], [], S>;

/** Something fetched from the desk: not asked yet, on its way, here, or failed with a reason. */
export interface Remote<T> {
  status: 'idle' | 'loading' | 'ready' | 'error';
  data: T | null;
  error: DeskFailure | null;
}

export function idle<T>(): Remote<T> {
  return { status: 'idle', data: null, error: null };
}
