import { randomBytes } from 'node:crypto';
import {
  allocateInvoiceItems,
  checkCancel,
  checkInvoice,
  checkInvoiceLines,
  checkPaymentNotification,
  checkStartHandling,
  checkTrackingEvents,
  findInvoice,
  findPayment,
  InteractionRequest,
  InvoiceRequest,
  isFullyInvoiced,
  remainingToInvoice,
  returnable,
  RULES,
  TrackingEventsRequest,
  TrackingPatchRequest,
  type InvoiceRequestInput,
  type OrderDocument,
  type Package,
  type Receipt,
  type RuleCode,
  type RuleViolation,
} from '../../vtex';
import type { SandboxContext } from '../context';
import { badRequest, orderNotFound, ruleError } from '../http/errors';
import { vtexTime } from './clock';
import { insertInteraction, type Interaction } from './interactions';
import { passOn } from './passing';

/**
 * The state changes behind the Orders API's write endpoints (digest §1.2–§1.4, §4.3–§4.4). Each
 * validates with the shared rules of vtex/rules.ts (the same the desk applies before queuing an
 * action), throws the VTEX-shaped error on a violation, and moves the status through
 * ctx.orders.setStatus so the feed and the hook see one event per status. Routes call these; the
 * status flow (workflow.ts) and the seeding call them too.
 */

export interface ActionResult extends Receipt {
  /** False when VTEX accepts the call without changing anything (an invoice number sent again). */
  changed: boolean;
}

function violation(code: RuleCode, detail?: string): RuleViolation {
  return { code, message: detail ? `${RULES[code].message}: ${detail}` : RULES[code].message };
}

/** `{date, orderId, receipt}`: VTEX answers writes with a fresh protocol code each time. */
export function newReceipt(ctx: SandboxContext, orderId: string): Receipt {
  return { date: vtexTime(ctx.clock.now()), orderId, receipt: randomBytes(16).toString('hex') };
}

/** Accepts an orderId or `seq{sequence}`, like every OMS route. */
export function findOrder(ctx: SandboxContext, orderId: string): OrderDocument {
  const doc = ctx.orders.get(orderId);
  if (!doc) throw orderNotFound(orderId);
  return doc;
}

/**
 * payment-pending → payment-approved. `via: 'notification'` is the API's payment notification,
 * which VTEX allows only for a pending offline payment (cash, promissory, bank invoice); it passes
 * through approve-payment, for `delayMs` when the API asked (see passing.ts).
 * `via: 'gateway'` is the gateway approving any payment (cards), used by the status flow.
 * The workflow's timers carry the order on to window-to-cancel and ready-for-handling.
 */
export function approvePayment(
  ctx: SandboxContext,
  orderId: string,
  paymentId: string,
  via: 'notification' | 'gateway' = 'notification',
  delayMs = 0,
): OrderDocument {
  const order = findOrder(ctx, orderId);
  if (via === 'notification') {
    const v = checkPaymentNotification(order, paymentId);
    if (v) throw ruleError(v);
  } else {
    if (!findPayment(order, paymentId)) throw ruleError(violation('PAYMENT_NOT_FOUND', paymentId));
    if (order.status !== 'payment-pending') throw ruleError(violation('PAYMENT_NOT_PENDING'));
  }
  const now = vtexTime(ctx.clock.now());
  if (via === 'notification' && delayMs > 0) {
    ctx.orders.setStatus(order.orderId, 'approve-payment', (doc) => {
      doc.authorizedDate ??= now;
    });
    passOn(ctx, order.orderId, 'approve-payment', 'payment-approved', delayMs);
    return ctx.orders.mustGet(order.orderId);
  }
  return ctx.orders.setStatus(order.orderId, 'payment-approved', (doc) => {
    doc.authorizedDate ??= now;
  });
}

/**
 * ready-for-handling → start-handling → handling (two status changes, as VTEX announces them);
 * the second comes `delayMs` later.
 */
export function startHandling(ctx: SandboxContext, orderId: string, delayMs = 0): OrderDocument {
  const order = findOrder(ctx, orderId);
  const v = checkStartHandling(order);
  if (v) throw ruleError(v);
  ctx.orders.setStatus(order.orderId, 'start-handling');
  passOn(ctx, order.orderId, 'start-handling', 'handling', delayMs);
  return ctx.orders.mustGet(order.orderId);
}

/**
 * → cancel → canceled. Forbidden once an Output invoice exists (partial: 400), and on invoiced
 * or canceled orders (checkCancel).
 */
export function cancelOrder(
  ctx: SandboxContext,
  orderId: string,
  reason?: string | null,
  requestedByUser?: boolean | null,
  delayMs = 0,
): ActionResult {
  const order = findOrder(ctx, orderId);
  const v = checkCancel(order);
  if (v) throw ruleError(v);
  const now = vtexTime(ctx.clock.now());
  const byUser = requestedByUser === true;
  ctx.orders.setStatus(order.orderId, 'cancel', (doc) => {
    doc.cancelReason = reason ?? null;
    doc.allowCancellation = false;
    doc.allowEdition = false;
    doc.cancellationData = {
      RequestedByUser: byUser,
      RequestedBySystem: false,
      // An API cancel without requestedByUser comes from the seller (the store's own systems).
      RequestedBySellerNotification: !byUser,
      RequestedByPaymentNotification: false,
      Reason: reason ?? null,
      CancellationDate: now,
    };
  });
  passOn(ctx, order.orderId, 'cancel', 'canceled', delayMs);
  return { ...newReceipt(ctx, order.orderId), changed: true };
}

function buildPackage(order: OrderDocument, req: InvoiceRequest): Package {
  const input = req.type === 'Input';
  const alloc = allocateInvoiceItems(
    order,
    req.items,
    input ? returnable(order) : remainingToInvoice(order),
    input ? 'RETURN_QUANTITY_EXCEEDED' : 'INVOICE_QUANTITY_EXCEEDED',
  );
  // checkInvoice ran the same allocation; reaching here with a violation is a bug, not bad input.
  if (!Array.isArray(alloc)) throw ruleError(alloc);
  const descriptionOf = (itemIndex: number) =>
    req.items.find((l) => l.id === order.items[itemIndex]?.id)?.description ?? null;
  return {
    items: alloc.map((a) => ({
      itemIndex: a.itemIndex,
      quantity: a.quantity,
      price: a.price,
      description: descriptionOf(a.itemIndex),
      unitMultiplier: order.items[a.itemIndex]?.unitMultiplier ?? 1,
    })),
    courier: req.courier ?? null,
    invoiceNumber: req.invoiceNumber,
    invoiceValue: req.invoiceValue,
    invoiceUrl: req.invoiceUrl ?? null,
    issuanceDate: req.issuanceDate,
    trackingNumber: req.trackingNumber ?? null,
    invoiceKey: req.invoiceKey ?? null,
    trackingUrl: req.trackingUrl ?? null,
    // The OpenAPI types these as non-null strings and objects: empty rather than null.
    embeddedInvoice: req.embeddedInvoice ?? '',
    type: req.type,
    courierStatus: null,
    cfop: req.cfop ?? null,
    restitutions: input
      ? {
          Refund: {
            value: req.invoiceValue,
            giftCardData: null,
            items: req.items.map((l) => ({
              id: l.id,
              quantity: l.quantity,
              price: l.price,
              useFreight: false,
              isCompensation: false,
              compensationValue: 0,
              description: l.description ?? '',
            })),
          },
        }
      : {},
    volumes: req.volumes ?? 0,
    EnableInferItems: false,
    dispatchedDate: req.dispatchedDate ?? null,
  };
}

/**
 * Adds one package per invoice. The same invoice number again yields a new receipt and changes
 * nothing (digest §4.4). Σ Output = value moves the order through invoice → invoiced (`delayMs`
 * in `invoice`); a partial Output invoice sends the order back to payment-approved until the rest
 * is invoiced, as VTEX's order flow does. Input (return) invoices need an Output invoice first.
 */
export function applyInvoice(
  ctx: SandboxContext,
  orderId: string,
  input: InvoiceRequestInput,
  delayMs = 0,
): ActionResult {
  const req = InvoiceRequest.parse(input);
  const order = findOrder(ctx, orderId);
  if (findInvoice(order, req.invoiceNumber))
    return { ...newReceipt(ctx, order.orderId), changed: false };
  const bad = checkInvoiceLines(order, req.items);
  if (bad) throw badRequest(`Invalid invoice: ${bad}`);
  const v = checkInvoice(order, req);
  if (v) throw ruleError(v);
  const pkg = buildPackage(order, req);
  const add = (doc: OrderDocument) => {
    doc.packageAttachment = {
      ...(doc.packageAttachment ?? {}),
      packages: [...(doc.packageAttachment?.packages ?? []), pkg],
    };
    if (pkg.type === 'Output') doc.allowCancellation = false;
  };
  const after: OrderDocument = {
    ...order,
    packageAttachment: { packages: [...(order.packageAttachment?.packages ?? []), pkg] },
  };
  if (pkg.type === 'Output' && isFullyInvoiced(after) && order.status !== 'invoiced') {
    if (order.status !== 'invoice') ctx.orders.setStatus(order.orderId, 'invoice', add);
    else ctx.orders.update(order.orderId, add);
    passOn(ctx, order.orderId, 'invoice', 'invoiced', delayMs);
  } else if (pkg.type === 'Output' && order.status !== 'payment-approved') {
    ctx.orders.setStatus(order.orderId, 'payment-approved', add);
  } else {
    ctx.orders.update(order.orderId, add);
  }
  return { ...newReceipt(ctx, order.orderId), changed: true };
}

function mustFindInvoice(order: OrderDocument, invoiceNumber: string): Package {
  const p = findInvoice(order, invoiceNumber);
  if (!p) throw ruleError(violation('INVOICE_NOT_FOUND', invoiceNumber));
  return p;
}

/** `PATCH …/invoice/{invoiceNumber}`: tracking number, URL, courier, dispatch date. */
export function patchInvoice(
  ctx: SandboxContext,
  orderId: string,
  invoiceNumber: string,
  body: unknown,
): ActionResult {
  const patch = TrackingPatchRequest.parse(body);
  const order = findOrder(ctx, orderId);
  const current = mustFindInvoice(order, invoiceNumber);
  const fields = ['trackingNumber', 'trackingUrl', 'courier', 'dispatchedDate'] as const;
  const changes = fields.filter((f) => patch[f] !== undefined && patch[f] !== current[f]);
  if (changes.length > 0) {
    ctx.orders.update(order.orderId, (doc) => {
      const p = findInvoice(doc, invoiceNumber);
      if (!p) return;
      for (const f of changes) p[f] = patch[f] ?? null;
    });
  }
  return { ...newReceipt(ctx, order.orderId), changed: changes.length > 0 };
}

/**
 * `PUT …/invoice/{invoiceNumber}/tracking`: the carrier's events replace the invoice's
 * courierStatus (PUT semantics: the body is the whole tracking history). Needs a tracking number.
 */
export function addTrackingEvents(
  ctx: SandboxContext,
  orderId: string,
  invoiceNumber: string,
  body: unknown,
): ActionResult {
  const req = TrackingEventsRequest.parse(body);
  const order = findOrder(ctx, orderId);
  const v = checkTrackingEvents(order, invoiceNumber);
  if (v) throw ruleError(v);
  const now = vtexTime(ctx.clock.now());
  const courierStatus = {
    status: req.isDelivered ? 'delivered' : 'in-transit',
    finished: req.isDelivered,
    // The OpenAPI types deliveredDate as a string: empty until delivered.
    deliveredDate: req.deliveredDate ?? (req.isDelivered ? now : ''),
    data: req.events.map((e) => ({
      lastChange: now,
      city: e.city ?? '',
      state: e.state ?? '',
      description: e.description,
      createDate: e.date,
    })),
  };
  ctx.orders.update(order.orderId, (doc) => {
    const p = findInvoice(doc, invoiceNumber);
    if (p) p.courierStatus = courierStatus;
  });
  return { ...newReceipt(ctx, order.orderId), changed: true };
}

/** `POST …/interactions`: a line in the order's timeline (stored apart from the document). */
export function addInteraction(ctx: SandboxContext, orderId: string, body: unknown): Interaction {
  const req = InteractionRequest.parse(body);
  const order = findOrder(ctx, orderId);
  return insertInteraction(
    ctx.db,
    order.orderId,
    req.source,
    req.message,
    vtexTime(ctx.clock.now()),
  );
}
