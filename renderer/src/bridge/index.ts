import type {
  Channel,
  DeskApi,
  DeskErrorCode,
  HostKind,
  PayloadArgs,
  ResponseOf,
} from '../../../preload/contract';
import { createHttpDesk } from './http-desk';
import { takeToken } from './token';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    desk?: DeskApi;
  }
}

export interface DeskBridge {
  api: DeskApi;
  transport: HostKind;
}

/**
 * The only renderer code that knows about transports: Electron's window.desk when the preload
 * put it there, otherwise the same DeskApi over HTTP and WebSocket to the browser host that
 * served this page.
 */
export function connectDesk(): DeskBridge {
  if (window.desk) return { api: window.desk, transport: 'electron' };
  return {
    api: createHttpDesk({ origin: window.location.origin, token: takeToken() }),
    transport: 'browser',
  };
}

export class DeskCallError extends Error {
  constructor(
    readonly code: DeskErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeskCallError';
  }
}

/** invoke() for code that wants the answer or an exception carrying the stable code. */
export async function call<C extends Channel>(
  api: DeskApi,
  channel: C,
  ...payload: PayloadArgs<C>
): Promise<ResponseOf<C>> {
  const result = await api.invoke(channel, ...payload);
  if (!result.ok) throw new DeskCallError(result.error.code, result.error.message);
  return result.data;
}
