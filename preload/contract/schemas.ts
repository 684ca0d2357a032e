import { z } from 'zod';
import type { Channel } from './channels';
import { printContract, PrintJobChanged } from './print';

/**
 * THE IPC contract: one request and one response schema per channel. Main validates every
 * payload and every response with these at run time, over both transports (Electron IPC and the
 * browser host); the renderer only sees the types derived from them.
 */

/** A request without parameters: nothing, or an empty object (what a JSON client may send). */
const NoPayload = z.strictObject({}).optional();

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

export const contract = {
  'app:info': { request: NoPayload, response: AppInfo },
  'app:ping': { request: PingRequest, response: PingResponse },
  ...printContract,
} as const satisfies Record<Channel, { request: z.ZodType; response: z.ZodType }>;

export const AppInfoChanged = z.strictObject({
  type: z.literal('app:info-changed'),
  info: AppInfo,
});

/** Everything main pushes to the window, keyed on `type`. */
export const DeskEvent = z.discriminatedUnion('type', [AppInfoChanged, PrintJobChanged]);
export type DeskEvent = z.output<typeof DeskEvent>;

/** A zod failure as one line a person can act on: `field: problem; field: problem`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'payload';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
