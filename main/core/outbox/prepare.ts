import type { ZodError } from 'zod';
import {
  checkCancel,
  checkInvoice,
  checkInvoiceLines,
  checkPaymentNotification,
  checkStartHandling,
  checkTrackingEvents,
  findInvoice,
  findPayment,
  inputTotal,
  InvoiceRequest,
  OFFLINE_PAYMENT_GROUPS,
  outputTotal,
  packagesOf,
  remainingToInvoice,
  returnable,
  type OrderDocument,
} from '../../../vtex';
import {
  CANCEL_WINDOW_STATUSES,
  noteMarker,
  VERB_DATA,
  type ActionRequest,
  type ActionVerb,
  type InvoiceBody,
  type TrackingPatchBody,
} from './kinds';
import type { DeskErrorCode } from '../errors';
import { refusal, ruleRefusal, type Refusal } from './refusals';
import { changeDataOf, checkChange, prepareChange } from './prepare-change';

/**
 * From what the user asked (verb + data) to the exact VTEX requests, checked against the order as
 * the desk believes it is. Pure: the caller supplies the believed document, the time and a
 * generator for invoice numbers (which it backs with a counter inside its transaction).
 */

export interface PrepareContext {
  /** The order as the desk believes it is (VTEX's copy + pending actions before this one). */
  doc: OrderDocument;
  actionId: string;
  station: string;
  operator: string;
  now: number;
  /** The station's UTC offset in minutes (e.g. -180 for Brasília), for issuance dates. */
  utcOffsetMinutes: number;
  /** Called at most once, only when an invoice needs a generated number. */
  nextInvoiceNumber: () => string;
}

/** `data`, when given, is what to keep with the action instead of the input (e.g. computed change). */
export type Prepared =
  { ok: true; requests: ActionRequest[]; data?: unknown } | { ok: false; refusal: Refusal };

const refuse = (code: DeskErrorCode, message: string): Prepared => ({
  ok: false,
  refusal: refusal(code, message),
});

function zodText(e: ZodError): string {
  return e.issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'data'}: ${i.message}`)
    .join('; ');
}

/** `2026-11-27T09:30:00-03:00`: VTEX reads a date without offset as UTC, so we always send one. */
export function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/**
 * `deliveredDate` in VTEX's documented format `yyyy-mm-dd hh:mm` (UpdateTrackingStatusRequest),
 * in the station's local time. Accepts that format as is, or an ISO 8601 date-time.
 */
export function deliveredDateText(raw: string, offsetMinutes: number): string {
  const t = raw.trim();
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/.test(t)) return t;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return t;
  // A date-time without offset is the station's local time already.
  const local = /[zZ]|[+-]\d{2}:?\d{2}$/.test(t) ? ms + offsetMinutes * 60_000 : ms;
  return new Date(local).toISOString().slice(0, 16).replace('T', ' ');
}

const HAS_TIME_WITHOUT_OFFSET = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The unit price the order charges for a SKU (its first line), in cents. */
function unitPrice(doc: OrderDocument, sku: string): number | undefined {
  const it = doc.items.find((i) => i.id === sku);
  return it ? (it.sellingPrice ?? it.price) : undefined;
}

function prepareInvoice(data: unknown, ctx: PrepareContext): Prepared {
  const parsed = VERB_DATA.invoice.safeParse(data);
  if (!parsed.success) return refuse('ACTION_BAD_DATA', zodText(parsed.error));
  const d = parsed.data;
  const doc = ctx.doc;
  const output = d.type === 'Output';
  const available = output ? remainingToInvoice(doc) : returnable(doc);

  let items: InvoiceBody['items'];
  if (d.items) {
    items = [];
    for (const line of d.items) {
      const price = line.price ?? unitPrice(doc, line.id);
      if (price === undefined) {
        return {
          ok: false,
          refusal: ruleRefusal(
            { code: 'INVOICE_UNKNOWN_ITEM', message: `x: SKU ${line.id}` },
            doc.status,
          ),
        };
      }
      items.push({
        id: line.id,
        price,
        quantity: line.quantity,
        ...(line.description != null ? { description: line.description } : {}),
      });
    }
  } else {
    // Every unit left (Output) or every unit that can come back (Input), line by line.
    items = doc.items.flatMap((it, i) => {
      const q = available[i] ?? 0;
      return q > 0 ? [{ id: it.id, price: it.sellingPrice ?? it.price, quantity: q }] : [];
    });
    if (items.length === 0) {
      return output
        ? refuse('NOTHING_TO_INVOICE', 'Every item of this order is already invoiced.')
        : refuse('NOTHING_TO_RETURN', 'No invoiced item of this order is left to return.');
    }
  }

  // The value: a selection that takes every unit left closes the order, so it carries the rest of
  // the order value (shipping, discounts and taxes included) — otherwise Σ invoices ≠ value and
  // VTEX leaves the order stuck short of `invoiced` (digest pitfall 6).
  let invoiceValue = d.invoiceValue;
  if (invoiceValue === undefined) {
    const takesAll = (() => {
      const left = [...available];
      for (const line of items) {
        let need = line.quantity;
        doc.items.forEach((it, i) => {
          if (it.id !== line.id || need === 0) return;
          const take = Math.min(need, left[i] ?? 0);
          left[i] = (left[i] ?? 0) - take;
          need -= take;
        });
      }
      return left.every((q) => q === 0);
    })();
    const sum = items.reduce((s, l) => s + l.price * l.quantity, 0);
    if (output) {
      invoiceValue = takesAll ? doc.value - outputTotal(doc) : sum;
    } else {
      const refundable = outputTotal(doc) - inputTotal(doc);
      invoiceValue = takesAll ? refundable : Math.min(sum, refundable);
    }
  }
  if (invoiceValue <= 0) {
    return refuse(
      'INVOICE_VALUE_NOT_POSITIVE',
      'Nothing is left to invoice in value on this order; give invoiceValue if this is intended.',
    );
  }

  let issuanceDate = d.issuanceDate ?? isoWithOffset(ctx.now, ctx.utcOffsetMinutes);
  if (HAS_TIME_WITHOUT_OFFSET.test(issuanceDate)) {
    // VTEX would read it as UTC: hours off on the customer's invoice. Make it explicit.
    return refuse(
      'ISSUANCE_DATE_WITHOUT_OFFSET',
      `The issuance date ${issuanceDate} has no UTC offset; write it like 2026-11-27T10:30:00-03:00.`,
    );
  }
  if (!issuanceDate.includes('T')) issuanceDate = `${issuanceDate}T00:00:00${offsetText(ctx)}`;

  const typedNumber = d.invoiceNumber;
  if (typedNumber && findInvoice(doc, typedNumber)) {
    return refuse(
      'INVOICE_NUMBER_TAKEN',
      `Invoice number ${typedNumber} is already used on this order; use another number.`,
    );
  }

  const optional = {
    invoiceKey: d.invoiceKey,
    invoiceUrl: d.invoiceUrl,
    embeddedInvoice: d.embeddedInvoice,
    courier: d.courier,
    trackingNumber: d.trackingNumber,
    trackingUrl: d.trackingUrl,
    dispatchedDate: d.dispatchedDate,
    cfop: d.cfop,
    volumes: d.volumes,
  };
  const body: InvoiceBody = {
    type: d.type,
    issuanceDate,
    // Checked below with a placeholder; the real number is drawn only for a valid invoice, so a
    // refusal never burns a number of the sequence.
    invoiceNumber: typedNumber ?? '\u0000pending',
    invoiceValue,
    items,
    ...Object.fromEntries(
      Object.entries(optional).filter(([, v]) => v !== undefined && v !== null),
    ),
  };
  const checked = InvoiceRequest.safeParse(body);
  if (!checked.success) return refuse('ACTION_BAD_DATA', zodText(checked.error));
  // What VTEX refuses outright (a price the order does not charge, a negative one): refused here,
  // where the person can fix it, instead of failing at VTEX later.
  const badLine = checkInvoiceLines(doc, items);
  if (badLine) return refuse('ACTION_BAD_DATA', badLine);
  const v = checkInvoice(doc, checked.data);
  if (v) return { ok: false, refusal: ruleRefusal(v, doc.status) };

  if (!typedNumber) {
    body.invoiceNumber = ctx.nextInvoiceNumber();
    if (findInvoice(doc, body.invoiceNumber)) {
      return refuse(
        'INVOICE_NUMBER_TAKEN',
        `The next number of the invoice pattern, ${body.invoiceNumber}, is already on this order; check the pattern.`,
      );
    }
  }
  return { ok: true, requests: [{ kind: 'invoice', target: null, body }] };
}

function offsetText(ctx: PrepareContext): string {
  return isoWithOffset(0, ctx.utcOffsetMinutes).slice(19);
}

/** The order's only Output invoice, when the user did not say which. */
function onlyOutputInvoice(doc: OrderDocument): string | Refusal {
  const outputs = packagesOf(doc).filter((p) => p.type.toLowerCase() !== 'input');
  if (outputs.length === 1 && outputs[0]) return outputs[0].invoiceNumber;
  if (outputs.length === 0) {
    return refusal('NO_INVOICE_YET', 'This order has no invoice yet; invoice it first.');
  }
  return refusal(
    'INVOICE_CHOICE_NEEDED',
    `This order has ${outputs.length} invoices; say which one (invoiceNumber).`,
  );
}

/**
 * The tracking PATCH as sent: VTEX requires all four fields, and a row queued before the desk
 * filled them in carries only those the worker changed. Each one missing takes the invoice's value
 * (a null too: the worker never clears a field) on the order as the desk believes it at send
 * time, so the PATCH is neither refused nor erases a field.
 */
export function completeTrackingBody(
  body: Partial<TrackingPatchBody>,
  doc: OrderDocument | undefined,
  invoiceNumber: string,
): TrackingPatchBody {
  const pkg = doc ? findInvoice(doc, invoiceNumber) : undefined;
  return {
    ...body,
    trackingNumber: body.trackingNumber ?? pkg?.trackingNumber ?? '',
    trackingUrl: body.trackingUrl ?? pkg?.trackingUrl ?? null,
    courier: body.courier ?? pkg?.courier ?? null,
    dispatchedDate: body.dispatchedDate ?? pkg?.dispatchedDate ?? null,
  };
}

function prepareTracking(data: unknown, ctx: PrepareContext): Prepared {
  const parsed = VERB_DATA.tracking.safeParse(data);
  if (!parsed.success) return refuse('ACTION_BAD_DATA', zodText(parsed.error));
  const d = parsed.data;
  const doc = ctx.doc;
  let invoiceNumber = d.invoiceNumber;
  if (!invoiceNumber) {
    const only = onlyOutputInvoice(doc);
    if (typeof only !== 'string') return { ok: false, refusal: only };
    invoiceNumber = only;
  }
  const pkg = findInvoice(doc, invoiceNumber);
  if (!pkg) {
    return {
      ok: false,
      refusal: ruleRefusal(
        { code: 'INVOICE_NOT_FOUND', message: `x: ${invoiceNumber}` },
        doc.status,
      ),
    };
  }
  if (d.isDelivered !== undefined || d.events !== undefined) {
    const v = checkTrackingEvents(doc, invoiceNumber);
    if (v) return { ok: false, refusal: ruleRefusal(v, doc.status) };
    return {
      ok: true,
      requests: [
        {
          kind: 'tracking-events',
          target: invoiceNumber,
          body: {
            isDelivered: d.isDelivered ?? false,
            deliveredDate: d.deliveredDate
              ? deliveredDateText(d.deliveredDate, ctx.utcOffsetMinutes)
              : d.isDelivered
                ? deliveredDateText(isoWithOffset(ctx.now, ctx.utcOffsetMinutes), 0)
                : null,
            events: (d.events ?? []).map((e) => ({
              city: e.city ?? null,
              state: e.state ?? null,
              description: e.description,
              date: e.date,
            })),
          },
        },
      ],
    };
  }
  // VTEX's schema requires all four fields: what the worker did not give keeps the invoice's
  // current value, so a PATCH never erases a field.
  const body = {
    trackingNumber: d.trackingNumber ?? pkg.trackingNumber ?? '',
    trackingUrl: d.trackingUrl ?? pkg.trackingUrl ?? null,
    courier: d.courier ?? pkg.courier ?? null,
    dispatchedDate: d.dispatchedDate ?? pkg.dispatchedDate ?? null,
  };
  const same =
    body.trackingNumber === (pkg.trackingNumber ?? '') &&
    body.trackingUrl === (pkg.trackingUrl ?? null) &&
    body.courier === (pkg.courier ?? null) &&
    body.dispatchedDate === (pkg.dispatchedDate ?? null);
  if (same) {
    return refuse(
      'NOTHING_TO_CHANGE',
      `Invoice ${invoiceNumber} already has this tracking information.`,
    );
  }
  return { ok: true, requests: [{ kind: 'tracking', target: invoiceNumber, body }] };
}

function prepareRecordPayment(data: unknown, ctx: PrepareContext): Prepared {
  const parsed = VERB_DATA['record-payment'].safeParse(data);
  if (!parsed.success) return refuse('ACTION_BAD_DATA', zodText(parsed.error));
  const doc = ctx.doc;
  let paymentId = parsed.data.paymentId;
  if (!paymentId) {
    const offline = (doc.paymentData?.transactions ?? [])
      .flatMap((t) => t.payments)
      .filter((p) => OFFLINE_PAYMENT_GROUPS.includes(p.group ?? ''));
    if (offline.length !== 1 || !offline[0]) {
      return offline.length === 0
        ? refuse(
            'PAYMENT_NOT_PENDING',
            'This order has no cash, promissory or bank-invoice payment to record.',
          )
        : refuse(
            'PAYMENT_CHOICE_NEEDED',
            `This order has ${offline.length} offline payments; say which one (paymentId).`,
          );
    }
    paymentId = offline[0].id;
  }
  const v = checkPaymentNotification(doc, paymentId);
  if (v) return { ok: false, refusal: ruleRefusal(v, doc.status) };
  const requests: ActionRequest[] = [{ kind: 'record-payment', target: paymentId, body: null }];
  const cash = parsed.data.cash;
  if (!cash) return { ok: true, requests };
  const value = findPayment(doc, paymentId)?.value;
  if (cash.due !== value) {
    return refuse(
      'CASH_DUE_MISMATCH',
      `The amount due (${cash.due} cents) is not this payment's value (${value ?? '?'} cents). Check the order's payment.`,
    );
  }
  if (cash.received < cash.due) {
    return refuse(
      'CASH_NOT_ENOUGH',
      `${cash.received} cents received is less than the ${cash.due} cents due. Count the cash again.`,
    );
  }
  const change = cash.received - cash.due;
  if (cash.change !== undefined && cash.change !== change) {
    return refuse(
      'ACTION_BAD_DATA',
      `cash.change: ${cash.change} cents is not received − due (${change} cents); leave it out and the desk computes it.`,
    );
  }
  return { ok: true, requests, data: { ...parsed.data, cash: { ...cash, change } } };
}

/** Who wrote a note (the start of its text at VTEX), as other stations and the VTEX admin will read it. */
export function interactionSource(station: string, operator: string): string {
  return `Order Desk (${station}, ${operator})`;
}

/** The companion note of a start-handling action gets the id `<action id>.1`. */
export function companionId(actionId: string): string {
  return `${actionId}.1`;
}

export function prepare(verb: ActionVerb, data: unknown, ctx: PrepareContext): Prepared {
  const doc = ctx.doc;
  switch (verb) {
    case 'start-handling': {
      const parsed = VERB_DATA['start-handling'].safeParse(data ?? {});
      if (!parsed.success) return refuse('ACTION_BAD_DATA', zodText(parsed.error));
      const waits = parsed.data.afterCancelWindow === true;
      const v =
        waits && CANCEL_WINDOW_STATUSES.includes(doc.status) ? null : checkStartHandling(doc);
      if (v) return { ok: false, refusal: ruleRefusal(v, doc.status) };
      const note = companionId(ctx.actionId);
      return {
        ok: true,
        requests: [
          { kind: 'start-handling', target: null, body: null },
          {
            kind: 'note',
            target: null,
            body: {
              source: interactionSource(ctx.station, ctx.operator),
              message: `Handling started at station ${ctx.station} by operator ${ctx.operator} ${noteMarker(note)}`,
            },
          },
        ],
      };
    }
    case 'record-payment':
      return prepareRecordPayment(data ?? {}, ctx);
    case 'invoice':
      return prepareInvoice(data ?? {}, ctx);
    case 'tracking':
      return prepareTracking(data ?? {}, ctx);
    case 'cancel': {
      const parsed = VERB_DATA.cancel.safeParse(data ?? {});
      if (!parsed.success) return refuse('ACTION_BAD_DATA', zodText(parsed.error));
      const v = checkCancel(doc);
      if (v) return { ok: false, refusal: ruleRefusal(v, doc.status) };
      return {
        ok: true,
        requests: [
          {
            kind: 'cancel',
            target: null,
            body: { reason: parsed.data.reason, requestedByUser: false },
          },
        ],
      };
    }
    case 'change':
      return prepareChange(data ?? {}, ctx);
    case 'note': {
      const parsed = VERB_DATA.note.safeParse(data ?? {});
      if (!parsed.success) return refuse('ACTION_BAD_DATA', zodText(parsed.error));
      return {
        ok: true,
        requests: [
          {
            kind: 'note',
            target: null,
            body: {
              source: interactionSource(ctx.station, ctx.operator),
              message: `${parsed.data.message} ${noteMarker(ctx.actionId)}`,
            },
          },
        ],
      };
    }
  }
}

/**
 * Re-checks an already prepared request against VTEX's latest truth, right before it is sent
 * ("the rules after a refresh"): a doomed request is not sent, it goes to Needs attention.
 */
export function recheck(doc: OrderDocument, req: ActionRequest): Refusal | null {
  const v = (() => {
    switch (req.kind) {
      case 'start-handling':
        return checkStartHandling(doc);
      case 'record-payment':
        return checkPaymentNotification(doc, req.target);
      case 'invoice': {
        const parsed = InvoiceRequest.safeParse(req.body);
        return parsed.success ? checkInvoice(doc, parsed.data) : null;
      }
      case 'tracking':
        return findInvoice(doc, req.target)
          ? null
          : { code: 'INVOICE_NOT_FOUND' as const, message: `x: ${req.target}` };
      case 'tracking-events':
        return checkTrackingEvents(doc, req.target);
      case 'cancel':
        return checkCancel(doc);
      case 'note':
        return null;
      case 'change':
        return 'change';
    }
  })();
  if (v === 'change') {
    return req.kind === 'change' ? checkChange(doc, changeDataOf(req.body)) : null;
  }
  return v ? ruleRefusal(v, doc.status) : null;
}
