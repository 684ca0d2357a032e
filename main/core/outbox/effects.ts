import {
  allocateInvoiceItems,
  findInvoice,
  findPayment,
  isFullyInvoiced,
  outputTotal,
  packagesOf,
  remainingToInvoice,
  returnable,
  type OrderDocument,
  type Package,
} from '../../../vtex';
import { applyChange, changeApplied } from './change-effects';
import { noteMarker, type ActionRequest } from './kinds';

/**
 * What each action does to an order, read two ways:
 * - `isApplied(doc, ...)`: is the action's effect already visible in VTEX's document? This is how
 *   an AMBIGUOUS send (timeout, reset, crash after sending) is settled before anything is resent,
 *   and how optimistic effects are merged without applying one twice.
 * - `applyOptimistic(doc, ...)`: the document as the desk believes it will be once the action
 *   reaches VTEX ("handling — waiting to sync").
 * Both are pure; neither touches the database.
 */

/** Statuses an order is in once handling started (VTEX moves on from here, never back). */
const HANDLING_OR_LATER: readonly string[] = [
  'start-handling',
  'handling',
  'ready-for-invoicing',
  'waiting-for-fulfillment',
  'invoice',
  'invoiced',
];

/** Statuses that come after a payment was approved. */
const PAID_OR_LATER: readonly string[] = [
  'approve-payment',
  'payment-approved',
  'window-to-cancel',
  'authorize-fulfillment',
  'release-to-fulfillment',
  'waiting-for-fulfillment',
  'ready-for-handling',
  ...HANDLING_OR_LATER,
];

const CANCELED: readonly string[] = ['cancel', 'canceled'];

/** A VTEX DO note on the order as `GET /api/do/notes?target.id=` returns it. */
export interface NoteLike {
  description?: string | null;
}

/**
 * `true`: the effect is in the document. `false`: it is not. `'unknown'`: the document cannot tell
 * (a note, when the order's notes could not be read).
 */
export function isApplied(
  doc: OrderDocument,
  req: ActionRequest,
  actionId: string,
  notes?: readonly NoteLike[],
): boolean | 'unknown' {
  switch (req.kind) {
    case 'start-handling':
      // A partially invoiced order goes back to payment-approved: its invoice proves handling.
      return HANDLING_OR_LATER.includes(doc.status) || outputTotal(doc) > 0;
    case 'record-payment':
      // A notified payment moves the order out of payment-pending; a denial cancels it instead,
      // which is not our effect.
      return findPayment(doc, req.target) !== undefined && PAID_OR_LATER.includes(doc.status);
    case 'invoice': {
      const p = findInvoice(doc, req.body.invoiceNumber);
      return p !== undefined && p.type.toLowerCase() === req.body.type.toLowerCase();
    }
    case 'tracking': {
      const p = findInvoice(doc, req.target);
      if (!p) return false;
      const b = req.body;
      return (
        (b.trackingNumber == null || p.trackingNumber === b.trackingNumber) &&
        (b.trackingUrl == null || p.trackingUrl === b.trackingUrl) &&
        (b.courier == null || p.courier === b.courier) &&
        (b.dispatchedDate == null || p.dispatchedDate === b.dispatchedDate)
      );
    }
    case 'tracking-events': {
      const p = findInvoice(doc, req.target);
      if (!p) return false;
      const cs = p.courierStatus;
      if (req.body.isDelivered && cs?.finished !== true) return false;
      const seen = cs?.data ?? [];
      return (req.body.events ?? []).every((e) =>
        seen.some((d) => d.description === e.description),
      );
    }
    case 'cancel':
      return CANCELED.includes(doc.status);
    case 'change':
      return changeApplied(doc, noteMarker(actionId));
    case 'note': {
      if (!notes) return 'unknown';
      const marker = noteMarker(actionId);
      return notes.some((n) => (n.description ?? '').includes(marker));
    }
  }
}

/**
 * Whether VTEX's document settles a succeeded action: it shows the effect, or something that
 * contradicts it (the order went elsewhere). Until then the desk keeps the optimistic effect,
 * because VTEX applies an accepted status change a little later (passing statuses) and a read in
 * between shows the order as it was.
 */
export function settledBy(doc: OrderDocument, req: ActionRequest, actionId: string): boolean {
  const applied = isApplied(doc, req, actionId);
  if (applied !== false) return true;
  const canceled = CANCELED.includes(doc.status);
  switch (req.kind) {
    case 'start-handling':
      return doc.status !== 'ready-for-handling';
    case 'record-payment':
      return doc.status !== 'payment-pending';
    case 'invoice':
      return canceled;
    case 'tracking':
    case 'tracking-events':
      return canceled || !findInvoice(doc, req.target);
    case 'cancel':
      return doc.status === 'invoiced' || outputTotal(doc) > 0;
    case 'change':
      // The engine follows the change itself through VTEX's change list; an order that left for
      // cancellation contradicts it.
      return canceled;
    case 'note':
      return true;
  }
}

function withPackages(doc: OrderDocument, packages: Package[]): OrderDocument {
  return { ...doc, packageAttachment: { ...(doc.packageAttachment ?? {}), packages } };
}

/**
 * The document with the action's effect, as the desk expects VTEX to show it. The input is never
 * mutated: the parts that change (status, the packages array, one package) are replaced and the
 * rest is shared, which keeps the write path free of deep copies.
 */
export function applyOptimistic(doc: OrderDocument, req: ActionRequest): OrderDocument {
  switch (req.kind) {
    case 'start-handling':
      return { ...doc, status: 'handling' };
    case 'record-payment':
      return { ...doc, status: 'payment-approved' };
    case 'invoice': {
      const b = req.body;
      const output = b.type === 'Output';
      const alloc = allocateInvoiceItems(
        doc,
        b.items.map((i) => ({ ...i, description: i.description ?? null })),
        output ? remainingToInvoice(doc) : returnable(doc),
        output ? 'INVOICE_QUANTITY_EXCEEDED' : 'RETURN_QUANTITY_EXCEEDED',
      );
      const pkg: Package = {
        items: Array.isArray(alloc) ? alloc : [],
        invoiceNumber: b.invoiceNumber,
        invoiceValue: b.invoiceValue,
        type: b.type,
        issuanceDate: b.issuanceDate,
        invoiceKey: b.invoiceKey ?? null,
        invoiceUrl: b.invoiceUrl ?? null,
        courier: b.courier ?? null,
        trackingNumber: b.trackingNumber ?? null,
        trackingUrl: b.trackingUrl ?? null,
        courierStatus: null,
      };
      const next = withPackages(doc, [...packagesOf(doc), pkg]);
      if (output && isFullyInvoiced(next)) next.status = 'invoiced';
      return next;
    }
    case 'tracking': {
      const b = req.body;
      const packages = packagesOf(doc).map((p) =>
        p.invoiceNumber !== req.target
          ? p
          : {
              ...p,
              ...(b.trackingNumber != null ? { trackingNumber: b.trackingNumber } : {}),
              ...(b.trackingUrl != null ? { trackingUrl: b.trackingUrl } : {}),
              ...(b.courier != null ? { courier: b.courier } : {}),
              ...(b.dispatchedDate != null ? { dispatchedDate: b.dispatchedDate } : {}),
            },
      );
      return withPackages(doc, packages);
    }
    case 'tracking-events': {
      const b = req.body;
      const packages = packagesOf(doc).map((p) => {
        if (p.invoiceNumber !== req.target) return p;
        // PUT: the body is the whole tracking history, it replaces what was there.
        const data = [
          ...(b.events ?? []).map((e) => ({
            city: e.city ?? null,
            state: e.state ?? null,
            description: e.description,
            createDate: e.date,
            lastChange: e.date,
          })),
        ];
        return {
          ...p,
          courierStatus: {
            ...(p.courierStatus ?? {}),
            finished: b.isDelivered || p.courierStatus?.finished === true,
            deliveredDate: b.isDelivered
              ? (b.deliveredDate ?? null)
              : (p.courierStatus?.deliveredDate ?? null),
            data,
          },
        };
      });
      return withPackages(doc, packages);
    }
    case 'cancel':
      return { ...doc, status: 'canceled' };
    case 'note':
      return doc;
    case 'change':
      return applyChange(doc, req.body);
  }
}

/**
 * The order as the desk believes it is: VTEX's last known document plus, in queue order, the
 * effects of actions that have not reached it yet. An effect already visible is not applied
 * again (a feed update may have brought it first).
 */
export function believedDoc(
  doc: OrderDocument,
  actions: readonly { id: string; request: ActionRequest }[],
): OrderDocument {
  let out = doc;
  for (const a of actions) {
    if (isApplied(out, a.request, a.id) === true) continue;
    out = applyOptimistic(out, a.request);
  }
  return out;
}
