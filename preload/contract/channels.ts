/**
 * The names of the IPC contract, without their schemas. The sandboxed preload imports only this
 * file: it must stay free of dependencies so the preload bundle is `electron` plus a few lines.
 * Channels are `domain:verb`; pushed events are named in the past tense. The request and response
 * of each channel are in the files next to this one (orders.ts, actions.ts, sync.ts, settings.ts,
 * print.ts, schemas.ts).
 */
export const CHANNELS = [
  // ---- app
  /** Name, version, mode ('demo' | 'account') and host; what the header shows. */
  'app:info',
  /** Echo with the host's clock (liveness check). */
  'app:ping',
  /** The app's language; the default language of slips. */
  'app:set-locale',

  // ---- orders (queries: answered from the local cache, never blocked by VTEX)
  /** One page of a queue (keyset paging: pass `nextCursor` back), optionally filtered by text. */
  'orders:list',
  /** Live counts per queue (the queue tabs). */
  'orders:counts',
  /** The scan box: text → hits with how each matched; `exact` says Enter may open the first. */
  'orders:search',
  /** The order detail: VTEX's document, local actions and their sync state, timeline, … */
  'orders:get',
  /** VTEX's e-mail conversation of the order (online only: OFFLINE otherwise). */
  'orders:conversation',
  /** VTEX's payment transaction of the order (online only: OFFLINE otherwise). */
  'orders:payment-transaction',
  /** The customer's other orders: from VTEX when online, from the cache otherwise. */
  'orders:customer-orders',

  // ---- actions (queued locally at once, sent to VTEX by the sync engine; a refusal is a
  // failed DeskResult whose code says why, e.g. ORDER_NOT_READY_FOR_HANDLING or NO_OPERATOR)
  /** Start handling a ready-for-handling order. */
  'actions:start-handling',
  /** Record an offline payment (cash: amount due, amount received → change to give back). */
  'actions:record-payment',
  /** Output invoice (full, or partial with items) or Input (return) invoice. */
  'actions:invoice',
  /** Tracking number/URL/courier of an invoice, or tracking events / delivered. */
  'actions:tracking',
  /** Cancel the order, with a reason. */
  'actions:cancel',
  /** A note on the order (a VTEX DO note). */
  'actions:note',
  /** Actions still waiting to reach VTEX (the sync bar's "pending" list). */
  'actions:pending',

  // ---- Needs attention (actions VTEX refused or that conflict; each waits for a person)
  /** The actions in Needs attention, oldest first, with VTEX's reason. */
  'attention:list',
  /** Send it again as it is. */
  'attention:retry',
  /** Change what it sends (same action id), then send it again. */
  'attention:edit',
  /** Give it up, with the reason kept for the record. */
  'attention:discard',

  // ---- sync
  /** Online, pending count, oldest pending age, last sync, catch-up progress, warnings. */
  'sync:status',
  /** Reconcile with VTEX now (a manual catch-up) and send what waits. */
  'sync:refresh',

  // ---- settings (the appToken is write-only: it is never returned, only `hasAppToken`)
  'settings:get',
  /** Connection, appKey, appToken, station name, store header, printing; may leave demo mode. */
  'settings:save',
  /** Calls VTEX with the given (or saved) credentials: ok / unauthorized / unreachable. */
  'settings:test-connection',
  /** The desk's feed filter and VTEX's current feed configuration for this appKey. */
  'feed:get-config',
  /** FromWorkflow statuses or a FromOrders JSONata expression; applied at VTEX by the desk. */
  'feed:set-filter',
  /** A JSONata expression against a cached order, locally and through VTEX's test endpoint. */
  'feed:test-expression',
  /** VTEX's hook configuration for this appKey (online only). */
  'hook:get',
  'hook:set',
  'hook:delete',

  // ---- operator (every action records who did it; no shift → NO_OPERATOR)
  'operator:get',
  'operator:start-shift',
  'operator:end-shift',
  /** Someone else's name + PIN at this station (a supervisor's override); nothing changes. */
  'operator:verify-pin',

  // ---- printing (issue 6)
  'print:slip',
  'print:jobs',
  'print:reprint',
  'print:printers',
  'print:test-page',
  'print:open-pdf',

  // ---- the station's cash drawer (local data: works offline)
  /** The open drawer with its lines, and the last closed one. */
  'drawer:get',
  /** One drawer with its lines (a past shift). */
  'drawer:get-one',
  /** The station's drawers, newest first. */
  'drawer:list',
  /** Open the drawer with the float counted at the start of the shift. */
  'drawer:open',
  /** A refund, or cash brought in / taken out. */
  'drawer:move',
  /** Close it with the operator's count: the difference is recorded. */
  'drawer:close',
  /** The shift report on the slip printer (80 mm) or as A4 (saved as PDF too). */
  'drawer:print-report',

  // ---- the pack check's problems (local data: works offline)
  /** Keep a wrong scan, one unit too many or a supervisor's override on the station. */
  'pack:record',
  /** The order's pack-check problems, oldest first. */
  'pack:list',

  // ---- changes of items (VTEX order change v2; preview and history online only)
  /** Take out or replace items of an order (queued like every action). */
  'actions:change',
  /** What a change would refund or charge (online only: OFFLINE otherwise). */
  'changes:preview',
  /** The order's changes at VTEX with their progress (online only). */
  'changes:list',
  /** Apply a failed change again. */
  'changes:retry',
  /** Give up a failed change, with a reason. */
  'changes:cancel',

  // ---- marketplace (change seller; online only)
  /** The marketplace's window to change seller (days). */
  'marketplace:seller-window',
  /** Move an order inside the window to another seller (supervisor, with a reason). */
  'marketplace:change-seller',

  // ---- counter sale (placing needs VTEX: OFFLINE otherwise; the sale is kept on the station)
  /** Items the cache knows (SKU, EAN, name), for the counter's search and scans. */
  'counter:catalog',
  /** VTEX's prices and total for the lines, with pickup at this warehouse. */
  'counter:quote',
  /** Records the sale and runs it: place, process, cash payment, handling, invoice, slip. */
  'counter:place',
  /** The sale as it stands (a lost placement is read back at VTEX). */
  'counter:get',
  /** Carries a stopped sale on from its step. */
  'counter:resume',
  /** After VTEX canceled the order whose answer was lost: place the same lines again. */
  'counter:place-again',
  /** Gives up a sale nothing was placed for. */
  'counter:abandon',
  /** Sales not finished at this station (to resume after a restart). */
  'counter:open',

  // ---- support
  /** A zip with the logs, redacted settings, app and OS versions, cache and outbox counts. */
  'support:export',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENT_TYPES = [
  /** Mode or connection changed (e.g. demo mode left). */
  'app:info-changed',
  /** Orders whose list rows or detail may have changed (feed, catch-up, local action, sync). */
  'orders:changed',
  /** The sync bar's status changed. */
  'sync:status-changed',
  /** The set of actions in Needs attention changed. */
  'attention:changed',
  /** A catch-up advanced (listing, fetching n/total, done). */
  'catch-up:progressed',
  /**
   * New orders ready for handling arrived through the feed (the desktop notification). The
   * brief's `order:new-ready`, named in the past tense like every event.
   */
  'orders:ready-arrived',
  /** A shift started or ended (every window shows who acts). */
  'operator:changed',
  /** A print job was queued, printed or failed. */
  'print:job-changed',
] as const;
export type DeskEventType = (typeof EVENT_TYPES)[number];

/** The one Electron channel on which main pushes every DeskEvent to the window. */
export const EVENT_CHANNEL = 'desk:event';

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isEventType(value: unknown): value is DeskEventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

export {
  DESK_ERROR_CODES,
  TRANSPORT_ERROR_CODES,
  isDeskErrorCode,
  type DeskErrorCode,
} from './codes';
