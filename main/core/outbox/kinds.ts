import { z } from 'zod';
import type {
  CancelRequest,
  InteractionRequest,
  TrackingEventsRequest,
  TrackingPatchRequest,
} from '../../../vtex';
import { InvoiceType, IsoDateTime, MAX_DO_NOTE_LENGTH } from '../../../vtex';

/**
 * The kinds of rows in the outbox. Each row is exactly ONE write at VTEX, so that "exactly one
 * effect per action" can be checked per row. The headless verbs map onto them: `tracking` becomes
 * `tracking` (PATCH the invoice) or `tracking-events` (PUT the tracking events), and
 * `start-handling` adds a companion `note` row (the "handling started at station S" note).
 */
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
export type ActionKind = (typeof ACTION_KINDS)[number];

/** The verbs a user (or `desk:act`) asks for. */
export const ACTION_VERBS = [
  'start-handling',
  'record-payment',
  'invoice',
  'tracking',
  'cancel',
  'note',
  'change',
] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

export const ACTION_STATES = ['queued', 'sending', 'done', 'attention', 'discarded'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** States in which an action still has to reach VTEX (or a person). */
export const OPEN_STATES: readonly ActionState[] = ['queued', 'sending', 'attention'];

/**
 * Longest text the desk accepts in each field, whoever asks (a dialog, IPC, desk:act): VTEX
 * stores what it is sent, and a 100 KB operator name or invoice number is a mistake or an attack.
 */
export const FIELD_LIMITS = {
  /** Operator and station names, as a shift and the settings accept them. */
  name: 60,
  /** SKU ids, payment ids, invoice numbers. */
  id: 64,
  /** Cancel reasons, courier, tracking numbers, URLs, invoice keys, descriptions. */
  text: 500,
  note: 2000,
  /** The NF-e XML VTEX can carry in `embeddedInvoice`. */
  embeddedInvoice: 100_000,
  /** ISO 8601 dates. */
  date: 40,
  items: 500,
  events: 100,
} as const;

const L = FIELD_LIMITS;
const text = z.string().trim().min(1);
const idText = text.max(L.id);
const optText = z.string().max(L.text).nullish();
const dateText = z.string().max(L.date).nullish();
/** A whole, non-negative number of cents (no strings, no fractions: what a person typed). */
const WholeCents = z.number().int('must be a whole number of cents').nonnegative();

/**
 * What the user types for each verb (`--data` of desk:act, the forms of the UI). Strict objects:
 * a misspelt field is refused with its name instead of being silently ignored. Where VTEX's body
 * has a field, the name is VTEX's, so a support person can paste a VTEX body.
 */
export const StartHandlingData = z.strictObject({
  /**
   * Queued before VTEX's cancellation window has run (a counter sale paid a moment ago): the
   * action is accepted while the order is still on its way to ready-for-handling, and is sent once
   * it gets there instead of being refused.
   */
  afterCancelWindow: z.boolean().optional(),
});

/**
 * Where a paid order waits for VTEX's cancellation window (the store's configured grace time)
 * before it becomes ready-for-handling.
 */
export const CANCEL_WINDOW_STATUSES: readonly string[] = [
  'payment-pending',
  'approve-payment',
  'payment-approved',
  'window-to-cancel',
];

/** A start of handling that waits for the order to leave the cancellation window. */
export function waitsForCancelWindow(a: { kind: string; data: unknown }): boolean {
  return (
    a.kind === 'start-handling' &&
    typeof a.data === 'object' &&
    a.data !== null &&
    (a.data as { afterCancelWindow?: unknown }).afterCancelWindow === true
  );
}

export const RecordPaymentData = z.strictObject({
  /** The payment to notify; when absent, the order's only pending offline payment. */
  paymentId: idText.optional(),
  /**
   * Cash counted at the till (integer cents), kept with the action for the record; VTEX's
   * payment notification has no body, so nothing of it is sent. `due` must be the payment's
   * value and `received` at least that; the change is computed (a given one must agree).
   */
  cash: z
    .strictObject({ due: WholeCents, received: WholeCents, change: WholeCents.optional() })
    .optional(),
});

export const InvoiceItemData = z.strictObject({
  id: idText,
  quantity: z.number().int().positive().max(99_999),
  /** Unit price in cents, as the order charges it; when absent, the order's selling price. */
  price: z.number().int('must be a whole number of cents').positive().optional(),
  description: optText,
});

export const InvoiceData = z.strictObject({
  type: InvoiceType.default('Output'),
  /** When absent: every unit left to invoice (Output) or every unit invoiced and not returned (Input). */
  items: z.array(InvoiceItemData).min(1).max(L.items).optional(),
  /** When absent, one is made from the station's invoice number pattern. */
  invoiceNumber: idText.optional(),
  /** When absent: the rest of the order value for a full invoice, else Σ unit price × quantity. */
  invoiceValue: z.number().int('must be a whole number of cents').positive().optional(),
  /** ISO 8601 with its UTC offset (a real date and time); when absent, now at the station's offset. */
  issuanceDate: IsoDateTime.refine((d) => d.length <= L.date, 'too long').optional(),
  invoiceKey: optText,
  invoiceUrl: optText,
  embeddedInvoice: z.string().max(L.embeddedInvoice).nullish(),
  courier: optText,
  trackingNumber: optText,
  trackingUrl: optText,
  dispatchedDate: dateText,
  cfop: z.string().max(L.id).nullish(),
  volumes: z.number().int().positive().max(9999).nullish(),
});
export type InvoiceData = z.input<typeof InvoiceData>;

const TrackingEvent = z.strictObject({
  city: optText,
  state: optText,
  description: text.max(L.text),
  date: text.max(L.date),
});

/**
 * `tracking` carries either new tracking data for an invoice (PATCH) or tracking events / the
 * delivery (PUT), not both: VTEX takes them on two endpoints and the events need the tracking
 * number to be at VTEX first, so they are two actions, queued one after the other.
 */
export const TrackingData = z
  .strictObject({
    /** When absent, the order's only Output invoice. */
    invoiceNumber: idText.optional(),
    trackingNumber: optText,
    trackingUrl: optText,
    courier: optText,
    dispatchedDate: dateText,
    isDelivered: z.boolean().optional(),
    deliveredDate: dateText,
    events: z.array(TrackingEvent).max(L.events).optional(),
  })
  .superRefine((d, ctx) => {
    const patch = [d.trackingNumber, d.trackingUrl, d.courier, d.dispatchedDate].some(
      (v) => v !== undefined && v !== null,
    );
    const events = d.isDelivered !== undefined || d.events !== undefined;
    if (patch && events) {
      ctx.addIssue({
        code: 'custom',
        message:
          'send the tracking number (trackingNumber, trackingUrl, courier) and the tracking events (isDelivered, events) as two actions',
      });
    } else if (events && !d.isDelivered && (d.events ?? []).length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: 'give at least one tracking event, or isDelivered: true',
      });
    } else if (!patch && !events) {
      ctx.addIssue({
        code: 'custom',
        message: 'give a trackingNumber/trackingUrl/courier, or isDelivered with events',
      });
    }
  });

export const CancelData = z.strictObject({ reason: text.max(L.text) });

export const NoteData = z.strictObject({ message: text.max(L.note) });

const ChangeLine = z.strictObject({
  /** SKU id of an item of the order (remove, replace from) or of the catalogue (replace to). */
  id: text,
  quantity: z.number().int().positive(),
});

/**
 * A change of the order's items (VTEX order change v2): units to take out (a missing or damaged
 * item), or units replaced by another SKU. `approvedChangeValue` is the value the worker saw in
 * VTEX's preview and confirmed (cents; negative = refunded to the customer). Without it (queued
 * offline), the change is previewed when VTEX is back and sent only if it refunds and brings no
 * new SKU; anything else needs a person and goes to Needs attention.
 */
export const ChangeData = z
  .strictObject({
    reason: text.max(500),
    remove: z.array(ChangeLine).max(100).optional(),
    replace: z
      .array(z.strictObject({ from: ChangeLine, to: ChangeLine }))
      .max(100)
      .optional(),
    approvedChangeValue: z.number().int().optional(),
  })
  .refine((d) => (d.remove?.length ?? 0) + (d.replace?.length ?? 0) > 0, {
    message: 'say which items to remove or replace',
  });
export type ChangeData = z.input<typeof ChangeData>;

export const VERB_DATA = {
  'start-handling': StartHandlingData,
  'record-payment': RecordPaymentData,
  invoice: InvoiceData,
  tracking: TrackingData,
  cancel: CancelData,
  note: NoteData,
  change: ChangeData,
} as const;

/**
 * The request of one outbox row: `body` is exactly the JSON VTEX receives (null for the bodiless
 * POSTs), `target` the sub-resource in the path (payment id, invoice number). A note's `message`
 * is sent as the `description` of a VTEX DO note on the order (`POST /api/do/notes`).
 */
export type ActionRequest =
  | { kind: 'start-handling'; target: null; body: null }
  | { kind: 'record-payment'; target: string; body: null }
  | { kind: 'invoice'; target: null; body: InvoiceBody }
  | { kind: 'tracking'; target: string; body: TrackingPatchBody }
  | { kind: 'tracking-events'; target: string; body: TrackingEventsBody }
  | { kind: 'cancel'; target: null; body: CancelBody }
  | { kind: 'note'; target: null; body: NoteBody }
  | { kind: 'change'; target: null; body: ChangeBody };

/** The invoice body as we send it: cents as integers, the offset always present. */
export type InvoiceBody = {
  type: 'Output' | 'Input';
  issuanceDate: string;
  invoiceNumber: string;
  invoiceValue: number;
  items: { id: string; price: number; quantity: number; description?: string | null }[];
  invoiceKey?: string | null;
  invoiceUrl?: string | null;
  embeddedInvoice?: string | null;
  courier?: string | null;
  trackingNumber?: string | null;
  trackingUrl?: string | null;
  dispatchedDate?: string | null;
  cfop?: string | null;
  volumes?: number | null;
};
export type TrackingPatchBody = z.input<typeof TrackingPatchRequest>;
export type TrackingEventsBody = z.input<typeof TrackingEventsRequest>;
export type CancelBody = z.input<typeof CancelRequest>;
export type NoteBody = z.input<typeof InteractionRequest>;
/** The order change as VTEX receives it; the reason carries the action's marker. */
export type ChangeBody = {
  reason: string;
  remove?: { items: { id: string; quantity: number }[] };
  replace?: {
    from: { items: { id: string; quantity: number }[] };
    to: { items: { id: string; quantity: number }[] };
  }[];
};

/** Parses a stored request back (the column holds what `serializeRequest` wrote). */
export function requestOf(kind: ActionKind, target: string | null, body: unknown): ActionRequest {
  return { kind, target, body } as ActionRequest;
}

/** The marker put in the text of every note we post, so that VTEX's copy can be found. */
export function noteMarker(actionId: string): string {
  return `[desk:${actionId}]`;
}

/**
 * The `description` of the VTEX DO note a note row becomes: who wrote it, then the text with its
 * marker. A text too long for VTEX's limit loses characters before the marker, never the marker
 * itself, which is how the note is found again.
 */
export function noteDescription(body: NoteBody): string {
  const full = `${body.source}: ${body.message}`;
  if (full.length <= MAX_DO_NOTE_LENGTH) return full;
  const tail = /\s*\[desk:[^\]]+\]$/.exec(full)?.[0] ?? '';
  return `${full.slice(0, MAX_DO_NOTE_LENGTH - tail.length - 1)}…${tail}`;
}
