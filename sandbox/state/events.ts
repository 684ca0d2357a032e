import { EventEmitter } from 'node:events';

/** A status change of one order, as the feed and the hook announce it. */
export interface StatusChange {
  orderId: string;
  domain: 'Fulfillment' | 'Marketplace';
  state: string;
  lastState: string;
  /** Time the previous state was entered (VTEX format). */
  lastChange: string;
  /** Time of this change (VTEX format). */
  currentChange: string;
}

export interface SandboxEvents {
  /** An order entered a new status. Emitted after the change is stored. */
  'status-changed': [StatusChange];
  /** Any change of an order document (status or not): FromOrders filters listen to this. */
  'order-changed': [{ orderId: string }];
}

export class SandboxEventBus extends EventEmitter<SandboxEvents> {}
