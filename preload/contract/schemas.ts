import { z } from 'zod';
import { actionsContract } from './actions';
import { drawerContract } from './drawer';
import { packContract } from './pack';
import { changesContract } from './changes';
import { marketplaceContract } from './marketplace';
import { counterContract } from './counter';
import { AppInfo, appContract } from './app';
import type { Channel } from './channels';
import { ordersContract } from './orders';
import { printContract, PrintJobChanged } from './print';
import { settingsContract, OperatorView } from './settings';
import { CatchUpProgress, SyncStatus, syncContract } from './sync';
import { supportContract } from './support';

/**
 * THE IPC contract: one request and one response schema per channel. Main validates every
 * payload and every response with these at run time, over both transports (Electron IPC and the
 * browser host); the renderer only sees the types derived from them.
 */

export { AppInfo, AppMode, HostKind, PingRequest, PingResponse } from './app';

export const contract = {
  ...appContract,
  ...ordersContract,
  ...actionsContract,
  ...changesContract,
  ...marketplaceContract,
  ...counterContract,
  ...syncContract,
  ...settingsContract,
  ...printContract,
  ...drawerContract,
  ...packContract,
  ...supportContract,
} as const satisfies Record<Channel, { request: z.ZodType; response: z.ZodType }>;

// ---- pushed events --------------------------------------------------------------------------

export const AppInfoChanged = z.strictObject({
  type: z.literal('app:info-changed'),
  info: AppInfo,
});

export const OrdersChanged = z.strictObject({
  type: z.literal('orders:changed'),
  /** The orders to refresh (rows and an open detail). At most 1000; see `all`. */
  orderIds: z.array(z.string()).max(1000),
  /** Too many to list (a catch-up): refresh whatever is shown. */
  all: z.boolean(),
  source: z.enum(['feed', 'catch-up', 'local', 'sync', 'connection']),
});

export const SyncStatusChanged = z.strictObject({
  type: z.literal('sync:status-changed'),
  status: SyncStatus,
});

export const AttentionChanged = z.strictObject({
  type: z.literal('attention:changed'),
  /** Actions in Needs attention now. */
  count: z.number().int().nonnegative(),
  /** The orders whose actions entered or left Needs attention. */
  orderIds: z.array(z.string()),
});

export const CatchUpProgressed = CatchUpProgress.extend({
  type: z.literal('catch-up:progressed'),
});

export const ReadyArrived = z.strictObject({
  type: z.literal('orders:ready-arrived'),
  orders: z.array(
    z.strictObject({
      orderId: z.string(),
      sequence: z.string().nullable(),
      customerName: z.string().nullable(),
      value: z.number().int(),
      currency: z.string().nullable(),
    }),
  ),
});

export const OperatorChanged = z.strictObject({
  type: z.literal('operator:changed'),
  operator: OperatorView.nullable(),
});

/** Everything main pushes to the window, keyed on `type`. */
export const DeskEvent = z.discriminatedUnion('type', [
  AppInfoChanged,
  OrdersChanged,
  SyncStatusChanged,
  AttentionChanged,
  CatchUpProgressed,
  ReadyArrived,
  OperatorChanged,
  PrintJobChanged,
]);
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
