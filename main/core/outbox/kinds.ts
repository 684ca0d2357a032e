import { z } from 'zod';
import type {
  CancelRequest,
  InteractionRequest,
  TrackingEventsRequest,
  TrackingPatchRequest,
} from '../../../vtex';
import { Cents, InvoiceType, IsoDateTime, MAX_DO_NOTE_LENGTH } from '../../../vtex';

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
] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

export const ACTION_STATES = ['queued', 'sending', 'done', 'attention', 'discarded'] as const;
export type ActionState = (typeof ACTION_STATES)[number];

/** States in which an action still has to reach VTEX (or a person). */
export const OPEN_STATES: readonly ActionState[] = ['queued', 'sending', 'attention'];

const text = z.string().trim().min(1);

/**
 * What the user types for each verb (`--data` of desk:act, the forms of the UI). Strict objects:
 * a misspelt field is refused with its name instead of being silently ignored. Where VTEX's body
 * has a field, the name is VTEX's, so a support person can paste a VTEX body.
 */
export const StartHandlingData = z.strictObject({});

export const RecordPaymentData = z.strictObject({
  /** The payment to notify; when absent, the order's only pending offline payment. */
  paymentId: text.optional(),
  /**
   * Cash counted at the till (integer cents), kept with the action for the record; VTEX's
   * payment notification has no body, so nothing of it is sent.
   */
  cash: z.strictObject({ due: Cents, received: Cents, change: Cents }).optional(),
});

export const InvoiceItemData = z.strictObject({
  id: text,
  quantity: z.number().int().positive(),
  /** Unit price in cents; when absent, the order's selling price of that SKU. */
  price: Cents.optional(),
  description: z.string().nullish(),
});

export const InvoiceData = z.strictObject({
  type: InvoiceType.default('Output'),
  /** When absent: every unit left to invoice (Output) or every unit invoiced and not returned (Input). */
  items: z.array(InvoiceItemData).min(1).optional(),
  /** When absent, one is made from the station's invoice number pattern. */
  invoiceNumber: text.optional(),
  /** When absent: the rest of the order value for a full invoice, else Σ unit price × quantity. */
  invoiceValue: Cents.refine((v) => v > 0, 'invoiceValue must be greater than zero').optional(),
  /** ISO 8601 with its UTC offset; when absent, now at the station's offset. */
  issuanceDate: IsoDateTime.optional(),
  invoiceKey: z.string().nullish(),
  invoiceUrl: z.string().nullish(),
  embeddedInvoice: z.string().nullish(),
  courier: z.string().nullish(),
  trackingNumber: z.string().nullish(),
  trackingUrl: z.string().nullish(),
  dispatchedDate: z.string().nullish(),
  cfop: z.string().nullish(),
  volumes: z.number().int().nullish(),
});
export type InvoiceData = z.input<typeof InvoiceData>;

const TrackingEvent = z.strictObject({
  city: z.string().nullish(),
  state: z.string().nullish(),
  description: text,
  date: text,
});

/**
 * `tracking` carries either new tracking data for an invoice (PATCH) or tracking events / the
 * delivery (PUT), not both: VTEX takes them on two endpoints and the events need the tracking
 * number to be at VTEX first, so they are two actions, queued one after the other.
 */
export const TrackingData = z
  .strictObject({
    /** When absent, the order's only Output invoice. */
    invoiceNumber: text.optional(),
    trackingNumber: z.string().nullish(),
    trackingUrl: z.string().nullish(),
    courier: z.string().nullish(),
    dispatchedDate: z.string().nullish(),
    isDelivered: z.boolean().optional(),
    deliveredDate: z.string().nullish(),
    events: z.array(TrackingEvent).optional(),
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

export const CancelData = z.strictObject({ reason: text });

export const NoteData = z.strictObject({ message: text.max(2000) });

export const VERB_DATA = {
  'start-handling': StartHandlingData,
  'record-payment': RecordPaymentData,
  invoice: InvoiceData,
  tracking: TrackingData,
  cancel: CancelData,
  note: NoteData,
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
  | { kind: 'note'; target: null; body: NoteBody };

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
