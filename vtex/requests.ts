import { z } from 'zod';
import { isRealDateTime } from './invoice-checks';
import { Cents, InvoiceType } from './order';

/**
 * Request and response bodies of the write endpoints (digest §4.3, §4.4). Both the desk client
 * (to build requests) and the sandbox (to validate them) use these.
 */

/** ISO 8601 date-time with optional offset; VTEX reads a missing offset as UTC. */
export const IsoDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/,
    'must be an ISO 8601 date, e.g. 2026-11-27T10:30:00-03:00',
  )
  .refine(isRealDateTime, 'must be a real date and time, e.g. 2026-11-27T10:30:00-03:00');

export const InvoiceItemRequest = z.object({
  id: z.string().min(1),
  price: Cents,
  quantity: z.number().int().positive(),
  description: z.string().nullish(),
});

export const InvoiceRequest = z.looseObject({
  type: InvoiceType,
  issuanceDate: IsoDateTime,
  invoiceNumber: z.string().min(1),
  invoiceValue: Cents.refine((v) => v > 0, 'invoiceValue must be greater than zero'),
  invoiceKey: z.string().nullish(),
  invoiceUrl: z.string().nullish(),
  embeddedInvoice: z.string().nullish(),
  courier: z.string().nullish(),
  trackingNumber: z.string().nullish(),
  trackingUrl: z.string().nullish(),
  dispatchedDate: z.string().nullish(),
  items: z.array(InvoiceItemRequest).default([]),
  cfop: z.string().nullish(),
  volumes: z.number().nullish(),
});
export type InvoiceRequest = z.infer<typeof InvoiceRequest>;
export type InvoiceRequestInput = z.input<typeof InvoiceRequest>;

/** VTEX's schema requires all four fields (Updatepartialinvoice.SendTrackingNumber.Request). */
export const TrackingPatchRequest = z.looseObject({
  trackingNumber: z.string(),
  trackingUrl: z.string().nullable(),
  courier: z.string().nullable(),
  dispatchedDate: z.string().nullable(),
});
export type TrackingPatchRequest = z.infer<typeof TrackingPatchRequest>;

export const TrackingEventsRequest = z.looseObject({
  isDelivered: z.boolean(),
  /** `yyyy-mm-dd hh:mm`, as VTEX documents it (UpdateTrackingStatusRequest). */
  deliveredDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'deliveredDate must look like 2026-11-27 14:30')
    .nullish(),
  events: z
    .array(
      z.looseObject({
        city: z.string().nullish(),
        state: z.string().nullish(),
        description: z.string(),
        date: z.string(),
      }),
    )
    .default([]),
});
export type TrackingEventsRequest = z.infer<typeof TrackingEventsRequest>;

export const CancelRequest = z.looseObject({
  reason: z.string().nullish(),
  requestedByUser: z.boolean().nullish(),
});
export type CancelRequest = z.infer<typeof CancelRequest>;

export const InteractionRequest = z.looseObject({
  source: z.string().min(1),
  message: z.string().min(1),
});
export type InteractionRequest = z.infer<typeof InteractionRequest>;

/** VTEX DO notes: at most 2000 characters each (VTEX DO API, "Create Note"). */
export const MAX_DO_NOTE_LENGTH = 2000;

/** `POST /api/do/notes` ("Create Note", VTEX DO API): a note attached to an order. */
export const DoNoteRequest = z.looseObject({
  target: z.looseObject({
    id: z.string().min(1),
    type: z.literal('order'),
    url: z.string().optional(),
  }),
  domain: z.string().default('oms'),
  description: z.string().min(1).max(MAX_DO_NOTE_LENGTH),
});
export type DoNoteRequest = z.input<typeof DoNoteRequest>;

/** `{date, orderId, receipt}` answered by invoice, cancel, tracking and changes v1. */
export const Receipt = z.looseObject({
  date: z.string(),
  orderId: z.string(),
  receipt: z.string().nullable(),
});
export type Receipt = z.infer<typeof Receipt>;
