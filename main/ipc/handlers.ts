import type { AppInfo, Channel, ParsedRequestOf, ResponseOf } from '../../preload/contract';
import type { PrintQueue } from '../core/print/queue';
import { printHandlers } from './print-handlers';

/**
 * The plain-Node side of the contract: one function per channel, given an already validated
 * payload. No electron import here, so the Electron window and the browser host serve the very
 * same handlers.
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

/** The `app:*` channels. Each feature adds its own map; createHandlers merges them. */
export function appHandlers(deps: AppHandlerDeps): Pick<Handlers, 'app:info' | 'app:ping'> {
  return {
    'app:info': () => deps.info(),
    'app:ping': ({ nonce }) => ({ nonce, at: deps.now() }),
  };
}

export interface HandlerDeps extends AppHandlerDeps {
  /** The print queue (issue 6); absent or null while the host has no desk core. */
  print?: () => PrintQueue | null;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return { ...appHandlers(deps), ...printHandlers(deps.print ?? (() => null)) };
}
