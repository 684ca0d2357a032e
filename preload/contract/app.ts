import { z } from 'zod';

/** The `app:*` part of the contract: who and where the desk is. */

export const AppMode = z.enum(['demo', 'account']);
export type AppMode = z.output<typeof AppMode>;
export const HostKind = z.enum(['electron', 'browser']);
export type HostKind = z.output<typeof HostKind>;

export const AppInfo = z.strictObject({
  name: z.string().min(1),
  version: z.string().min(1),
  /** `demo`: no VTEX account is configured and the desk runs against the local sandbox. */
  mode: AppMode,
  host: HostKind,
  /**
   * What the header says about the connection: "Demo — local sandbox", or the account
   * ("mystore · vtexcommercestable") or address the desk talks to.
   */
  connection: z.string().optional(),
  /** The station's name (Settings), when set. */
  station: z.string().optional(),
});
export type AppInfo = z.output<typeof AppInfo>;

export const PingRequest = z.strictObject({
  /** Echoed back, so a caller can match the answer to its own request. */
  nonce: z.string().min(1).max(64),
});

export const PingResponse = z.strictObject({
  nonce: z.string().min(1).max(64),
  /** The host's clock (epoch ms) when it answered. */
  at: z.number().int().nonnegative(),
});

export const SetLocaleRequest = z.strictObject({ locale: z.enum(['pt-BR', 'es', 'en']) });
export const SetLocaleResponse = SetLocaleRequest;

export const appContract = {
  'app:info': { request: z.strictObject({}).optional(), response: AppInfo },
  'app:ping': { request: PingRequest, response: PingResponse },
  'app:set-locale': { request: SetLocaleRequest, response: SetLocaleResponse },
} as const;
