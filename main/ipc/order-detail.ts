import type {
  ActionCheck,
  ActionView,
  InvoiceView,
  ItemView,
  OrderDetail,
  PackEventView,
  PaymentView,
  TimelineEntry,
} from '../../preload/contract';
import {
  acceptsOutputInvoice,
  checkCancel,
  checkStartHandling,
  isFullyInvoiced,
  OFFLINE_PAYMENT_GROUPS,
  packagesOf,
  remainingToInvoice,
  returnable,
  type OrderDocument,
} from '../../vtex';
import { getOrder, listFeedEvents, parseVtexTime, type DeskDb } from '../core/db';
import { cashOfOrder, getDrawer } from '../core/drawer/store';
import { actionsOfOrder, believe, type ActionRow } from '../core/outbox';
import { checkChange } from '../core/outbox/prepare-change';
import { packEventsOf, type PackEventRow } from '../core/pack/events';
import { ruleRefusal } from '../core/outbox/refusals';
import { IpcRefusal, messageOf } from './errors';
import { orderRowOf } from './order-queries';

/**
 * The order detail: VTEX's document, the document as the desk believes it (waiting actions
 * merged in), and everything derived for the screen — what is left to invoice or return, which
 * payments wait for a notification, invoices (marked when not yet at VTEX), a timeline, and which
 * actions are possible now, with the reason when not.
 */

const OPEN = new Set(['queued', 'sending', 'attention']);

const VERB_LABEL: Record<string, string> = {
  'start-handling': 'Start handling',
  'record-payment': 'Payment recorded',
  invoice: 'Invoice',
  tracking: 'Tracking',
  'tracking-events': 'Tracking events',
  cancel: 'Cancel',
  note: 'Note',
};

function record(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : {};
}

function invoiceNumberOf(a: ActionRow): string | null {
  const r = a.request;
  if (r.kind === 'invoice') return r.body.invoiceNumber;
  if (r.kind === 'tracking' || r.kind === 'tracking-events') return r.target;
  return null;
}

export function actionView(a: ActionRow): ActionView {
  const err = a.lastError;
  return {
    actionId: a.id,
    orderId: a.orderId,
    verb: a.verb,
    kind: a.kind,
    state: a.state,
    parentId: a.parentId,
    data: record(a.data),
    invoiceNumber: invoiceNumberOf(a),
    operator: a.operator,
    station: a.station,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    doneAt: a.doneAt,
    attentionAt: a.attentionAt,
    attempts: a.attempts,
    inDoubt: a.inDoubt,
    error: err
      ? {
          code: err.code,
          message: err.message,
          status: err.status ?? null,
          vtexCode: err.vtexCode ?? null,
        }
      : null,
    outcome: a.outcome,
    discardReason: a.discardReason,
    // The same conditions as the outbox's retry/edit/discard (main/core/outbox/queue.ts).
    canRetry: a.state === 'attention',
    canEdit: !a.parentId && (a.state === 'attention' || (a.state === 'queued' && !a.everInDoubt)),
    canDiscard: a.state === 'attention' || (a.state === 'queued' && !a.inDoubt),
  };
}

const ms = (text: string | null | undefined): number | null =>
  text ? (parseVtexTime(text)?.ms ?? null) : null;

function items(doc: OrderDocument): ItemView[] {
  const left = remainingToInvoice(doc);
  const back = returnable(doc);
  return doc.items.map((it, i) => ({
    index: i,
    id: it.id,
    name: it.name,
    ean: it.ean ?? null,
    refId: it.refId ?? null,
    imageUrl: it.imageUrl ?? null,
    quantity: it.quantity,
    price: it.price,
    listPrice: it.listPrice ?? null,
    sellingPrice: it.sellingPrice ?? null,
    remainingToInvoice: left[i] ?? 0,
    returnable: back[i] ?? 0,
  }));
}

/** The cash counted at this station per payment id (the newest count of each payment). */
function cashCounts(db: DeskDb, orderId: string): Map<string, NonNullable<PaymentView['cash']>> {
  const out = new Map<string, NonNullable<PaymentView['cash']>>();
  for (const m of cashOfOrder(db, orderId)) {
    if (m.kind !== 'sale' || !m.paymentId) continue;
    out.set(m.paymentId, {
      due: m.due ?? m.amount,
      received: m.received ?? m.amount,
      change: m.change ?? 0,
      at: m.at,
      operator: m.operator,
      drawerNumber: getDrawer(db, m.drawerId)?.number ?? null,
    });
  }
  return out;
}

function payments(
  truth: OrderDocument,
  believed: OrderDocument,
  actions: ActionRow[],
  cash: Map<string, NonNullable<PaymentView['cash']>>,
): PaymentView[] {
  const recorded = new Set(
    actions
      .filter((a) => a.kind === 'record-payment' && OPEN.has(a.state))
      .map((a) => (a.request.kind === 'record-payment' ? a.request.target : '')),
  );
  return (believed.paymentData?.transactions ?? []).flatMap((t) =>
    t.payments.map((p) => {
      const offline = OFFLINE_PAYMENT_GROUPS.includes(p.group ?? '');
      return {
        id: p.id,
        paymentSystemName: p.paymentSystemName ?? null,
        group: p.group ?? null,
        value: p.value,
        installments: p.installments ?? null,
        dueDate: p.dueDate ?? null,
        offline,
        pendingNotification: offline && truth.status === 'payment-pending' && !recorded.has(p.id),
        recordedLocally: recorded.has(p.id),
        cash: cash.get(p.id) ?? null,
      };
    }),
  );
}

function invoices(
  truth: OrderDocument,
  believed: OrderDocument,
  actions: ActionRow[],
): InvoiceView[] {
  const atVtex = new Set(packagesOf(truth).map((p) => p.invoiceNumber));
  const touched = new Set(
    actions
      .filter((a) => OPEN.has(a.state))
      .map(invoiceNumberOf)
      .filter((n) => n !== null),
  );
  return packagesOf(believed).map((p) => ({
    invoiceNumber: p.invoiceNumber,
    type: p.type.toLowerCase() === 'input' ? 'Input' : 'Output',
    value: p.invoiceValue,
    issuanceDate: p.issuanceDate ?? null,
    invoiceKey: p.invoiceKey ?? null,
    invoiceUrl: p.invoiceUrl ?? null,
    courier: p.courier ?? null,
    trackingNumber: p.trackingNumber ?? null,
    trackingUrl: p.trackingUrl ?? null,
    dispatchedDate: p.dispatchedDate ?? null,
    delivered: p.courierStatus?.finished === true || !!p.courierStatus?.deliveredDate,
    items: p.items.map((i) => ({ itemIndex: i.itemIndex, quantity: i.quantity, price: i.price })),
    pending: !atVtex.has(p.invoiceNumber) || touched.has(p.invoiceNumber),
  }));
}

function entry(
  at: number,
  kind: TimelineEntry['kind'],
  text: string,
  extra: Partial<Omit<TimelineEntry, 'at' | 'kind' | 'text'>> = {},
): TimelineEntry {
  return {
    at,
    kind,
    text,
    fromStatus: extra.fromStatus ?? null,
    toStatus: extra.toStatus ?? null,
    actionId: extra.actionId ?? null,
    operator: extra.operator ?? null,
    code: extra.code ?? null,
    pack: extra.pack ?? null,
  };
}

function actionText(a: ActionRow): string {
  const data = record(a.data);
  const label = VERB_LABEL[a.kind] ?? a.kind;
  switch (a.request.kind) {
    case 'invoice':
      return `${a.request.body.type === 'Input' ? 'Return invoice' : 'Invoice'} ${a.request.body.invoiceNumber}`;
    case 'cancel':
      return `Cancel: ${String(data.reason ?? a.request.body.reason ?? '')}`.trim();
    case 'note':
      return a.parentId ? 'Handling-started note' : `Note: ${String(data.message ?? '')}`;
    case 'tracking':
      return `Tracking for invoice ${a.request.target}`;
    case 'tracking-events':
      return `Tracking events for invoice ${a.request.target}`;
    case 'record-payment': {
      const cash = record(data.cash);
      const cents = (k: string) =>
        typeof cash[k] === 'number' ? (cash[k] / 100).toFixed(2) : null;
      return cents('due') !== null
        ? `${label} in cash: due ${cents('due')}, received ${cents('received')}, change ${cents('change')}`
        : label;
    }
    default:
      return label;
  }
}

function packText(p: PackEventRow): string {
  if (p.kind === 'override')
    return `Pack check: everything counted as checked, approved by ${p.supervisor ?? ''}`;
  if (p.kind === 'wrong') return `Pack check: "${p.code ?? ''}" scanned, not an item of this order`;
  if (p.kind === 'missing') {
    const out = `Pack check: ${p.quantity ?? 0} × "${p.itemName ?? ''}" missing or damaged`;
    return p.replacedBy
      ? `${out}, replaced by SKU ${p.replacedBy} (change of items)`
      : `${out}, taken out (change of items)`;
  }
  return `Pack check: one too many "${p.itemName ?? ''}" (${p.expected ?? 0} expected)`;
}

export function packView(p: PackEventRow): PackEventView {
  return {
    kind: p.kind,
    code: p.code,
    itemName: p.itemName,
    expected: p.expected,
    supervisor: p.supervisor,
    quantity: p.quantity,
    replacedBy: p.replacedBy,
    operator: p.operator,
    station: p.station,
    at: p.at,
  };
}

function timeline(truth: OrderDocument, db: DeskDb, actions: ActionRow[]): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const created = ms(truth.creationDate);
  if (created !== null) out.push(entry(created, 'created', 'Order created at VTEX'));
  for (const e of listFeedEvents(db, truth.orderId)) {
    out.push(
      entry(ms(e.currentChange) ?? e.receivedAt, 'status', `${e.lastState} → ${e.state}`, {
        fromStatus: e.lastState,
        toStatus: e.state,
      }),
    );
  }
  for (const p of packagesOf(truth)) {
    const at = ms(p.issuanceDate);
    if (at === null) continue;
    const kind = p.type.toLowerCase() === 'input' ? 'Return invoice' : 'Invoice';
    out.push(entry(at, 'invoice', `${kind} ${p.invoiceNumber} at VTEX`));
  }
  const canceledAt = ms(truth.cancellationData?.CancellationDate);
  if (canceledAt !== null) {
    const reason = truth.cancellationData?.Reason ?? truth.cancelReason;
    out.push(entry(canceledAt, 'canceled', `Canceled at VTEX${reason ? `: ${reason}` : ''}`));
  }
  for (const a of actions) {
    // A companion (the note a start-handling adds) is part of its action: one line for both,
    // unless it went wrong by itself.
    if (a.parentId && a.attentionAt === null && a.state !== 'discarded') continue;
    const who = { actionId: a.id, operator: a.operator };
    const text = actionText(a);
    const kind = a.kind === 'note' ? 'interaction' : 'action';
    out.push(entry(a.createdAt, kind, `${text} — by ${a.operator} at ${a.station}`, who));
    if (a.doneAt !== null) {
      out.push(entry(a.doneAt, 'synced', `${text} reached VTEX`, { ...who, code: a.outcome }));
    }
    if (a.attentionAt !== null) {
      out.push(
        entry(
          a.attentionAt,
          'attention',
          `${text} needs attention: ${a.lastError?.message ?? ''}`,
          {
            ...who,
            code: a.lastError?.code ?? null,
          },
        ),
      );
    }
    if (a.state === 'discarded') {
      out.push(entry(a.updatedAt, 'discarded', `${text} discarded: ${a.discardReason ?? ''}`, who));
    }
  }
  for (const p of packEventsOf(db, truth.orderId)) {
    out.push(
      entry(p.at, 'pack', packText(p), { operator: p.operator, code: p.kind, pack: packView(p) }),
    );
  }
  return out.sort((x, y) => x.at - y.at);
}

const ok: ActionCheck = { allowed: true, code: null, message: null };
const no = (code: Parameters<typeof messageOf>[0], message?: string): ActionCheck => ({
  allowed: false,
  code,
  message: message ?? messageOf(code),
});

function checks(doc: OrderDocument, pays: PaymentView[]): OrderDetail['checks'] {
  const canceled = doc.status === 'canceled' || doc.status === 'cancel';
  const start = checkStartHandling(doc);
  const cancel = checkCancel(doc);
  const left = remainingToInvoice(doc).reduce((s, n) => s + n, 0);
  const back = returnable(doc).reduce((s, n) => s + n, 0);
  const full = isFullyInvoiced(doc);
  const hasOutput = packagesOf(doc).some((p) => p.type.toLowerCase() !== 'input');
  const rule = (v: NonNullable<typeof start>) => {
    const r = ruleRefusal(v, doc.status);
    return no(r.code as Parameters<typeof messageOf>[0], r.message);
  };
  return {
    'start-handling': start ? rule(start) : ok,
    'record-payment': pays.some((p) => p.pendingNotification) ? ok : no('PAYMENT_NOT_PENDING'),
    invoice: canceled
      ? no('ORDER_CANCELED')
      : full || doc.status === 'invoiced'
        ? no('ORDER_ALREADY_INVOICED')
        : !acceptsOutputInvoice(doc)
          ? no('INVOICE_NOT_ALLOWED_IN_STATUS')
          : left === 0
            ? no('NOTHING_TO_INVOICE')
            : ok,
    return: !hasOutput
      ? no('RETURN_BEFORE_FULL_INVOICE')
      : back === 0
        ? no('NOTHING_TO_RETURN')
        : ok,
    tracking: hasOutput ? ok : no('NO_INVOICE_YET'),
    cancel: cancel ? rule(cancel) : ok,
    note: ok,
    change: changeCheck(doc),
  };
}

function changeCheck(doc: OrderDocument): ActionCheck {
  const r = checkChange(doc, {});
  return r ? no(r.code as Parameters<typeof messageOf>[0], r.message) : ok;
}

/**
 * A change that brings a new SKU is on the order only as the desk's guess until VTEX has applied
 * it and priced it: an invoice made from the guess could carry the wrong value, so invoicing waits.
 * (A removal is priced from the order itself; its invoice is queued and sent after the change.)
 */
function withChangeHold(c: OrderDetail['checks'], actions: ActionRow[]): OrderDetail['checks'] {
  const guessing = actions.some(
    (a) =>
      a.request.kind === 'change' &&
      (a.state === 'queued' || a.state === 'sending' || a.state === 'attention') &&
      (a.request.body.replace?.length ?? 0) > 0,
  );
  return guessing && c.invoice.allowed ? { ...c, invoice: no('CHANGE_BEING_APPLIED') } : c;
}

export function orderDetail(db: DeskDb, orderId: string): OrderDetail {
  const cached = getOrder(db, orderId);
  const b = believe(db, orderId);
  const row = orderRowOf(db, orderId);
  if (!cached || !b || !row) {
    throw new IpcRefusal(
      'ORDER_NOT_FOUND',
      `Order ${orderId} is not on this desk. Check the number, or wait until it has synced.`,
    );
  }
  const actions = actionsOfOrder(db, orderId);
  const pays = payments(b.truth, b.doc, actions, cashCounts(db, orderId));
  return {
    row,
    vtex: b.truth,
    believed: b.doc,
    actions: actions.map(actionView),
    items: items(b.doc),
    payments: pays,
    invoices: invoices(b.truth, b.doc, actions),
    timeline: timeline(b.truth, db, actions),
    checks: withChangeHold(checks(b.doc, pays), actions),
    cachedAt: cached.cachedAt,
  };
}
