import type { AppInfo, DeskFailure } from '../../../../preload/contract';
import { ask } from '../desk-port';
import type { SliceCreator } from '../types';

export interface AppSlice {
  /** Name, version, demo or account, host, station: what the header shows. */
  info: AppInfo | null;
  infoError: DeskFailure | null;
  loadInfo(): Promise<void>;
  setInfo(info: AppInfo): void;
}

export const createAppSlice: SliceCreator<AppSlice> = (set) => ({
  info: null,
  infoError: null,
  async loadInfo() {
    const result = await ask('app:info');
    if (result.ok) set({ info: result.data, infoError: null });
    else set({ infoError: result.error });
  },
  setInfo(info) {
    set({ info, infoError: null });
  },
});
