import { ipcMain, type BrowserWindow } from 'electron';
import { CHANNELS, EVENT_CHANNEL } from '../../preload/contract';
import type { DeskResult } from '../../preload/contract';
import { dispatch, type DispatchErrorSink } from './dispatch';
import type { DeskEventSource } from './events';
import type { Handlers } from './handlers';
import { isTrustedSender } from './sender';

export interface ElectronIpcOptions {
  window: BrowserWindow;
  handlers: Handlers;
  events: DeskEventSource;
  isOurPage(url: string): boolean;
  onError?: DispatchErrorSink;
}

/**
 * The Electron transport of the contract: one ipcMain handler per contract channel (nothing else
 * is listened to), each refusing foreign senders before validating the payload. Returns the
 * function that removes them again.
 */
export function registerElectronIpc(opts: ElectronIpcOptions): () => void {
  const { window, handlers, events } = opts;
  const policy = { webContentsId: window.webContents.id, isOurPage: opts.isOurPage };
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<DeskResult<unknown>> => {
      if (!isTrustedSender(event, policy)) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: `${channel} is only answered to the Order Desk window`,
          },
        };
      }
      return dispatch(handlers, channel, payload, opts.onError);
    });
  }
  const unsubscribe = events.subscribe((event) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, event);
  });
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
    unsubscribe();
  };
}
