import { z } from 'zod';
import { OrderDocument } from '../../vtex';
import { PackEventView } from './pack';

/**
 * The order queries of the contract: queues with keyset paging, counts, the scan box, the detail
 * and the three online-only views. Everything but the online-only views is answered from the
 * desk's SQLite cache, so it works offline and never waits for VTEX.
 */

export const OrderId = z.string().trim().min(1, 'give an order id').max(64);
/** Integer cents (money never travels as a float). */
export const Cents = z.number().int();
/** Epoch milliseconds. */
export const EpochMs = z.number().int();

// ---- queues ---------------------------------------------------------------------------------

export const QUEUES = [
  'ready',
  'handling',
  'awaiting-payment',
  'invoiced',
  'canceled',
  'attention',
  'all',
] as const;
export const Queue = z.enum(QUEUES);
export type Queue = z.output<typeof Queue>;

/**
 * Which VTEX statuses each status queue holds. An order with actions waiting to sync is counted
 * and listed by the status those actions lead to (a just-handled order moves to Handling at once,
 * marked "waiting to sync"). `attention` holds the orders with an action in Needs attention and
 * `all` every cached order.
 */
export const QUEUE_STATUSES = {
  ready: ['ready-for-handling'],
  handling: ['start-handling', 'handling', 'ready-for-invoicing', 'invoice'],
  'awaiting-payment': ['payment-pending'],
  invoiced: ['invoiced'],
  canceled: ['cancel', 'canceled', 'request-cancel', 'cancellation-requested'],
} as const satisfies Record<Exclude<Queue, 'attention' | 'all'>, readonly string[]>;

export const ORDER_SORTS = [
  'creation_desc',
  'creation_asc',
  'value_desc',
  'value_asc',
  'last_change_desc',
  'last_change_asc',
] as const;
export const OrderSort = z.enum(ORDER_SORTS);
export type OrderSort = z.output<typeof OrderSort>;

/** Whether what the desk shows has reached VTEX. */
export const SyncState = z.enum([
  /** Nothing of this desk waits: this is VTEX's own state. */
  'synced',
  /** Local actions are waiting to reach VTEX ("waiting to sync"). */
  'pending',
  /** An action of this order is in Needs attention. */
  'attention',
]);
export type SyncState = z.output<typeof SyncState>;

/** One light row of a list (no document): what a queue line shows. */
export const OrderRow = z.strictObject({
  orderId: z.string(),
  sequence: z.string().nullable(),
  /** VTEX's status as last fetched. */
  status: z.string(),
  /** What the desk shows: VTEX's status, or the one the waiting local actions lead to. */
  displayStatus: z.string(),
  syncState: SyncState,
  /** e.g. "handling — waiting to sync"; null when nothing waits. */
  pendingLabel: z.string().nullable(),
  /** Actions of this order waiting to reach VTEX. */
  pendingCount: z.number().int().nonnegative(),
  hasAttention: z.boolean(),
  creationDate: EpochMs,
  lastChange: EpochMs,
  customerName: z.string().nullable(),
  /** Order total, integer cents. */
  value: Cents,
  currency: z.string().nullable(),
  /** Units to pick (sum of item quantities). */
  itemsCount: z.number().int(),
  origin: z.string().nullable(),
  /** The marketplace (VTEX affiliateId) the order came from, if any. */
  marketplace: z.string().nullable(),
  salesChannel: z.string().nullable(),
  isPickup: z.boolean(),
});
export type OrderRow = z.output<typeof OrderRow>;

export const MAX_LIST_LIMIT = 200;

export const ListOrdersRequest = z.strictObject({
  queue: Queue,
  /** Narrows the queue: order id, sequence, customer, e-mail, document, SKU, EAN, item name. */
  filter: z.string().max(200).optional(),
  sort: OrderSort.default('creation_desc'),
  /** `nextCursor` of the previous page; absent for the first page. Opaque. */
  cursor: z.string().min(1).max(400).nullish(),
  limit: z.number().int().min(1).max(MAX_LIST_LIMIT).default(50),
});
export type ListOrdersRequest = z.input<typeof ListOrdersRequest>;

export const ListOrdersResponse = z.strictObject({
  rows: z.array(OrderRow),
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /**
   * A text filter is served from the search index, which returns at most a few hundred matches:
   * true when there may be more than the pages show (refine the filter).
   */
  truncated: z.boolean(),
});
export type ListOrdersResponse = z.output<typeof ListOrdersResponse>;

export const OrderCounts = z.strictObject({
  ready: z.number().int().nonnegative(),
  handling: z.number().int().nonnegative(),
  'awaiting-payment': z.number().int().nonnegative(),
  invoiced: z.number().int().nonnegative(),
  canceled: z.number().int().nonnegative(),
  attention: z.number().int().nonnegative(),
  all: z.number().int().nonnegative(),
});
export type OrderCounts = z.output<typeof OrderCounts>;

// ---- scan box -------------------------------------------------------------------------------

export const MATCH_KINDS = ['order-id', 'sequence', 'invoice-number', 'ean', 'text'] as const;
export const MatchKind = z.enum(MATCH_KINDS);
export type MatchKind = z.output<typeof MatchKind>;

export const SearchOrdersRequest = z.strictObject({
  /** What was typed or scanned. */
  text: z.string().trim().min(1, 'type or scan something').max(200),
  limit: z.number().int().min(1).max(100).default(20),
});

export const SearchHit = OrderRow.extend({ matchedBy: MatchKind });
export type SearchHit = z.output<typeof SearchHit>;

export const SearchOrdersResponse = z.strictObject({
  hits: z.array(SearchHit),
  /**
   * The text identifies exactly one order (its id, sequence, an invoice number or an EAN found
   * in one order only): Enter opens `hits[0]` without asking.
   */
  exact: z.boolean(),
});
export type SearchOrdersResponse = z.output<typeof SearchOrdersResponse>;

// ---- the detail -----------------------------------------------------------------------------

export const ACTION_VERBS = [
  'start-handling',
  'record-payment',
  'invoice',
  'tracking',
  'cancel',
  'note',
  'change',
] as const;
export const ActionVerb = z.enum(ACTION_VERBS);
export type ActionVerb = z.output<typeof ActionVerb>;

export const ACTION_KINDS = [
  'start-handling',
  'record-payment',
  'invoice',
  'tracking',
  'tracking-events',
  'cancel',
  'note',
  'change',
] as const;
export const ActionKind = z.enum(ACTION_KINDS);

/** queued → sending → done; or attention (a person decides: retry, edit, discard). */
export const ACTION_STATES = ['queued', 'sending', 'done', 'attention', 'discarded'] as const;
export const ActionState = z.enum(ACTION_STATES);
export type ActionState = z.output<typeof ActionState>;

export const ActionErrorView = z.strictObject({
  /** A DeskErrorCode (CONFLICT_ALREADY_CANCELED, VTEX_REJECTED, …). */
  code: z.string(),
  /** VTEX's reason, in the desk's words. */
  message: z.string(),
  /** VTEX's HTTP status, when VTEX answered. */
  status: z.number().int().nullable(),
  /** VTEX's own error code, when it gave one. */
  vtexCode: z.string().nullable(),
});
export type ActionErrorView = z.output<typeof ActionErrorView>;

/** One local action as the detail, the pending list and Needs attention show it. */
export const ActionView = z.strictObject({
  actionId: z.string(),
  orderId: z.string(),
  verb: ActionVerb,
  /** The write at VTEX (a start-handling brings a companion `note`, tracking may be two rows). */
  kind: ActionKind,
  state: ActionState,
  /** Part of another action (the companion note of a start-handling). */
  parentId: z.string().nullable(),
  /** What was asked (the form's data, e.g. items of an invoice, the cancel reason). */
  data: z.record(z.string(), z.unknown()),
  /** The invoice number of an invoice action, or the invoice a tracking action is for. */
  invoiceNumber: z.string().nullable(),
  operator: z.string(),
  station: z.string(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  doneAt: EpochMs.nullable(),
  attentionAt: EpochMs.nullable(),
  attempts: z.number().int().nonnegative(),
  /** Sent, and the desk does not know yet whether VTEX applied it (it checks before resending). */
  inDoubt: z.boolean(),
  /** Why it is in Needs attention, or the last failure of a retried send. */
  error: ActionErrorView.nullable(),
  outcome: z.string().nullable(),
  discardReason: z.string().nullable(),
  canRetry: z.boolean(),
  canEdit: z.boolean(),
  canDiscard: z.boolean(),
});
export type ActionView = z.output<typeof ActionView>;

export const ItemView = z.strictObject({
  /** Position in the order's items (invoices refer to items by it). */
  index: z.number().int().nonnegative(),
  /** SKU id: what an invoice line names. */
  id: z.string(),
  name: z.string(),
  ean: z.string().nullable(),
  refId: z.string().nullable(),
  imageUrl: z.string().nullable(),
  quantity: z.number().int(),
  /** Unit prices, integer cents. */
  price: Cents,
  listPrice: Cents.nullable(),
  sellingPrice: Cents.nullable(),
  /** Units not yet in an Output invoice (as the desk believes, waiting actions included). */
  remainingToInvoice: z.number().int().nonnegative(),
  /** Units invoiced and not yet returned. */
  returnable: z.number().int().nonnegative(),
});
export type ItemView = z.output<typeof ItemView>;

export const PaymentView = z.strictObject({
  id: z.string(),
  paymentSystemName: z.string().nullable(),
  /** VTEX's payment group: creditCard, cash, promissory, bankInvoice, … */
  group: z.string().nullable(),
  value: Cents,
  installments: z.number().nullable(),
  dueDate: z.string().nullable(),
  /** Cash, promissory or bank invoice: settled outside VTEX and recorded at the desk. */
  offline: z.boolean(),
  /** VTEX waits for this payment to be recorded (the order is awaiting payment). */
  pendingNotification: z.boolean(),
  /** A record-payment action for it waits to reach VTEX. */
  recordedLocally: z.boolean(),
  /**
   * Paid in cash at this station: the count at the till (integer cents), who took it, when, and
   * into which cash drawer. Null when no cash was counted here for it.
   */
  cash: z
    .strictObject({
      due: Cents,
      received: Cents,
      change: Cents,
      at: EpochMs,
      operator: z.string(),
      drawerNumber: z.number().int().nullable(),
    })
    .nullable(),
});
export type PaymentView = z.output<typeof PaymentView>;

export const InvoiceView = z.strictObject({
  invoiceNumber: z.string(),
  type: z.enum(['Output', 'Input']),
  value: Cents,
  issuanceDate: z.string().nullable(),
  invoiceKey: z.string().nullable(),
  invoiceUrl: z.string().nullable(),
  courier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  dispatchedDate: z.string().nullable(),
  delivered: z.boolean(),
  items: z.array(
    z.strictObject({
      itemIndex: z.number().int(),
      quantity: z.number().int(),
      price: Cents,
    }),
  ),
  /** Made at this desk and not yet at VTEX (or not yet seen back from it). */
  pending: z.boolean(),
});
export type InvoiceView = z.output<typeof InvoiceView>;

export const TIMELINE_KINDS = [
  /** The order was created at VTEX. */
  'created',
  /** A status change the feed announced (from → to). */
  'status',
  /** A local action was queued by an operator. */
  'action',
  /** A local action reached VTEX. */
  'synced',
  /** A local action went to Needs attention. */
  'attention',
  /** A local action was given up. */
  'discarded',
  /** A note (interaction) posted from the desk. */
  'interaction',
  /** An invoice VTEX has. */
  'invoice',
  /** The order was canceled at VTEX. */
  'canceled',
  /** A problem of the pack check (wrong item, one too many) or a supervisor's override. */
  'pack',
] as const;

export const TimelineEntry = z.strictObject({
  at: EpochMs,
  kind: z.enum(TIMELINE_KINDS),
  /** One plain line (English; the screen may build its own from the fields below). */
  text: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  actionId: z.string().nullable(),
  operator: z.string().nullable(),
  code: z.string().nullable(),
  /** kind 'pack': what happened at the check (the screen words it in its language). */
  pack: PackEventView.nullable(),
});
export type TimelineEntry = z.output<typeof TimelineEntry>;

/** Whether an action may be started now, and if not, why (the dialog's message). */
export const ActionCheck = z.strictObject({
  allowed: z.boolean(),
  code: z.string().nullable(),
  message: z.string().nullable(),
});
export type ActionCheck = z.output<typeof ActionCheck>;

export const OrderDetail = z.strictObject({
  row: OrderRow,
  /** VTEX's document as last fetched. */
  vtex: OrderDocument,
  /** The document as the desk believes it is: VTEX's plus the effects of waiting actions. */
  believed: OrderDocument,
  /** Every local action of the order, oldest first. */
  actions: z.array(ActionView),
  items: z.array(ItemView),
  payments: z.array(PaymentView),
  invoices: z.array(InvoiceView),
  timeline: z.array(TimelineEntry),
  checks: z.strictObject({
    'start-handling': ActionCheck,
    'record-payment': ActionCheck,
    invoice: ActionCheck,
    return: ActionCheck,
    tracking: ActionCheck,
    cancel: ActionCheck,
    note: ActionCheck,
    /** Take out or replace items (order change v2). */
    change: ActionCheck,
  }),
  /** When the desk last stored VTEX's document. */
  cachedAt: EpochMs,
});
export type OrderDetail = z.output<typeof OrderDetail>;

export const OrderRequest = z.strictObject({ orderId: OrderId });

// ---- online-only views ----------------------------------------------------------------------

export const ConversationResponse = z.strictObject({
  messages: z.array(
    z.strictObject({
      id: z.string(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      subject: z.string().nullable(),
      body: z.string().nullable(),
      date: z.string().nullable(),
    }),
  ),
});
export type ConversationResponse = z.output<typeof ConversationResponse>;

export const PaymentTransactionView = z.strictObject({
  status: z.string().nullable(),
  isActive: z.boolean().nullable(),
  transactionId: z.string().nullable(),
  merchantName: z.string().nullable(),
  payments: z.array(
    z.strictObject({
      id: z.string(),
      paymentSystemName: z.string().nullable(),
      group: z.string().nullable(),
      value: Cents,
      installments: z.number().nullable(),
      tid: z.string().nullable(),
      lastDigits: z.string().nullable(),
      dueDate: z.string().nullable(),
    }),
  ),
});
export type PaymentTransactionView = z.output<typeof PaymentTransactionView>;

export const CustomerOrdersRequest = z.strictObject({
  orderId: OrderId,
  /** VTEX's page of the customer's orders, from 1 (the cache answers everything on page 1). */
  page: z.number().int().min(1).max(1000).default(1),
  perPage: z.number().int().min(1).max(100).default(20),
});

export const CustomerOrdersResponse = z.strictObject({
  /** The customer's e-mail the orders were looked up by (null: the order has none). */
  email: z.string().nullable(),
  /** 'vtex' when VTEX answered; 'cache' when it could not be reached (only cached orders). */
  source: z.enum(['vtex', 'cache']),
  orders: z.array(
    z.strictObject({
      orderId: z.string(),
      creationDate: EpochMs.nullable(),
      status: z.string().nullable(),
      value: Cents.nullable(),
      /** The desk has this order (it can be opened). */
      cached: z.boolean(),
    }),
  ),
  /** This page and how many there are (VTEX's paging; 1 of 1 from the cache). */
  page: z.number().int().min(1),
  pages: z.number().int().min(0),
});
export type CustomerOrdersResponse = z.output<typeof CustomerOrdersResponse>;

export const ordersContract = {
  'orders:list': { request: ListOrdersRequest, response: ListOrdersResponse },
  'orders:counts': { request: z.strictObject({}).optional(), response: OrderCounts },
  'orders:search': { request: SearchOrdersRequest, response: SearchOrdersResponse },
  'orders:get': { request: OrderRequest, response: OrderDetail },
  'orders:conversation': { request: OrderRequest, response: ConversationResponse },
  'orders:payment-transaction': { request: OrderRequest, response: PaymentTransactionView },
  'orders:customer-orders': { request: CustomerOrdersRequest, response: CustomerOrdersResponse },
} as const;
