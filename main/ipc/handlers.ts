import type {
  AppInfo,
  Channel,
  ParsedRequestOf,
  ResponseOf,
  SupportFile,
} from '../../preload/contract';
import type { PrintQueue } from '../core/print/queue';
import { actionHandlers } from './action-handlers';
import { changeHandlers } from './change-handlers';
import { counterHandlers } from './counter-handlers';
import { marketplaceHandlers } from './marketplace-handlers';
import type { DeskServices } from './desk-services';
import { drawerHandlers } from './drawer-handlers';
import { packHandlers } from './pack-handlers';
import { IpcRefusal } from './errors';
import { orderHandlers } from './order-handlers';
import { printHandlers } from './print-handlers';
import { settingsHandlers } from './settings-handlers';

/**
 * The plain-Node side of the contract: one function per channel, given an already validated
 * payload. No electron import here, so the Electron window and the browser host serve the very
 * same handlers. Each feature has its own map; createHandlers merges them.
 */
export type Handler<C extends Channel> = (
  payload: ParsedRequestOf<C>,
) => ResponseOf<C> | Promise<ResponseOf<C>>;
export type Handlers = { [C in Channel]: Handler<C> };

export interface AppHandlerDeps {
  /** Read on every call: the mode changes once an account is configured. */
  info(): AppInfo;
  now(): number;
}

/** The `app:info` and `app:ping` channels (`app:set-locale` is a setting). */
export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app:info' | 'app:ping'> {
  return {
    'app:info': () => deps.info(),
    'app:ping': ({ nonce }) => ({ nonce, at: deps.now() }),
  };
}

/** The `sync:*` channels. */
export function syncHandlers(
  desk: () => DeskServices,
): Pick<Handlers, 'sync:status' | 'sync:refresh'> {
  return {
    'sync:status': () => desk().syncStatus(),
    'sync:refresh': () => ({ started: desk().refresh() }),
  };
}

export interface HandlerDeps extends AppHandlerDeps {
  /** The print queue (issue 6); absent or null while the host has no desk core. */
  print?: () => PrintQueue | null;
  /** Opens a saved PDF in the system's viewer (the desktop app); absent in the browser host. */
  openFile?: (path: string) => Promise<string>;
  /**
   * The desk behind the order, action, sync, settings and operator channels. Absent (a bare
   * host, some tests): those channels answer DESK_UNAVAILABLE instead of vanishing.
   */
  desk?: () => DeskServices | null;
  /** Builds the support file; absent: the channel answers DESK_UNAVAILABLE. */
  supportFile?: () => Promise<SupportFile>;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  const desk = (): DeskServices => {
    const d = deps.desk?.();
    if (!d) throw new IpcRefusal('DESK_UNAVAILABLE');
    return d;
  };
  return {
    ...appHandlers(deps),
    ...orderHandlers(desk),
    ...actionHandlers(desk),
    ...changeHandlers(desk),
    ...marketplaceHandlers(desk),
    ...counterHandlers(desk),
    ...syncHandlers(desk),
    ...settingsHandlers(desk),
    ...printHandlers(deps.print ?? (() => null), deps.openFile),
    ...drawerHandlers(desk, deps.print ?? (() => null)),
    ...packHandlers(desk),
    'support:export': () => {
      if (!deps.supportFile) throw new IpcRefusal('DESK_UNAVAILABLE');
      return deps.supportFile();
    },
  };
}
