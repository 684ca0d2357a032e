import { z } from 'zod';

/**
 * A counter sale: a customer at the warehouse counter buys items, the desk places the order at
 * VTEX Checkout (pickup at this warehouse), processes it, records the cash through the cash
 * drawer, starts handling, invoices and prints the slip. Online only up to the placement: prices,
 * stock and the order number come from VTEX (OFFLINE otherwise). Every call answers the sale as it
 * stands; the sale is kept on the station and resumes where it stopped.
 */

const Cents = z.number().int().nonnegative().max(1_000_000_000);
const SkuId = z.string().trim().min(1).max(64);
const SaleId = z.string().trim().min(1).max(64);

export const CatalogItemView = z.strictObject({
  skuId: z.string(),
  seller: z.string(),
  name: z.string(),
  ean: z.string().nullable(),
  imageUrl: z.string().nullable(),
});
export type CatalogItemView = z.output<typeof CatalogItemView>;

export const CounterLine = z.strictObject({
  skuId: SkuId,
  seller: z.string().trim().min(1).max(64),
  name: z.string().max(300),
  ean: z.string().max(64).nullable(),
  imageUrl: z.string().max(2000).nullable(),
  quantity: z.number().int().min(1).max(999),
  /** VTEX's selling price per unit (cents), from the last quote. */
  price: Cents,
});
export type CounterLine = z.output<typeof CounterLine>;

export const CounterCustomer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('final') }),
  z.strictObject({
    kind: z.literal('identified'),
    document: z
      .string()
      .trim()
      .regex(/^[\d.\-/ ]{5,20}$/, 'enter the document number (CPF or CNPJ)'),
    name: z.string().trim().min(2, "enter the customer's name").max(120),
  }),
]);
export type CounterCustomer = z.output<typeof CounterCustomer>;

export const CounterQuoteRequest = z.strictObject({
  lines: z
    .array(
      z.strictObject({
        skuId: SkuId,
        seller: z.string().trim().min(1).max(64),
        quantity: z.number().int().min(1).max(999),
      }),
    )
    .min(1, 'add at least one item')
    .max(100),
});

export const CounterQuote = z.strictObject({
  lines: z.array(CounterLine),
  value: Cents,
  pickup: z.strictObject({ slaId: z.string(), name: z.string().nullable() }),
});
export type CounterQuote = z.output<typeof CounterQuote>;

export const CounterPlaceRequest = z.strictObject({
  lines: z.array(CounterLine).min(1, 'add at least one item').max(100),
  customer: CounterCustomer,
  /** The total the customer agreed to (VTEX's, from the quote). */
  value: Cents,
  /** Cash handed over; the change is given back. */
  received: Cents,
});
export type CounterPlaceRequest = z.input<typeof CounterPlaceRequest>;

export const SALE_STEPS = [
  'placed',
  'processed',
  'paid',
  'handling',
  'invoiced',
  'printed',
] as const;
export const SaleStepName = z.enum(SALE_STEPS);
export type SaleStepName = z.output<typeof SaleStepName>;

export const SaleStepState = z.enum(['todo', 'working', 'done', 'waiting', 'failed']);
export type SaleStepState = z.output<typeof SaleStepState>;

export const SaleStepView = z.strictObject({
  step: SaleStepName,
  state: SaleStepState,
  /** The outbox action behind the step (paid, handling, invoiced), for Needs attention. */
  actionId: z.string().nullable(),
});
export type SaleStepView = z.output<typeof SaleStepView>;

export const CounterSaleView = z.strictObject({
  id: z.string(),
  state: z.enum([
    'draft',
    'placing',
    'placed',
    'lost',
    'processed',
    'paid',
    'invoiced',
    'done',
    'abandoned',
  ]),
  lines: z.array(CounterLine),
  customer: CounterCustomer,
  value: Cents,
  received: Cents,
  change: z.number().int(),
  orderId: z.string().nullable(),
  sequence: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  printJobId: z.string().nullable(),
  steps: z.array(SaleStepView),
  /** Why the flow stopped, if it did. */
  error: z
    .strictObject({
      step: z.enum(['place', 'process', 'pay', 'handle', 'print']),
      code: z.string(),
      message: z.string(),
    })
    .nullable(),
  /** A placement whose answer was lost: the order VTEX made and when it cancels it. */
  lost: z
    .strictObject({
      orderId: z.string(),
      cancelsAt: z.number().int().nullable(),
      canceled: z.boolean(),
    })
    .nullable(),
  /** Start of handling waits for VTEX's cancellation window (estimate of its end). */
  windowEndsAt: z.number().int().nullable(),
  /** Orders of earlier placements VTEX canceled (lost answers). */
  lostOrderIds: z.array(z.string()),
  createdAt: z.number().int(),
});
export type CounterSaleView = z.output<typeof CounterSaleView>;

const BySale = z.strictObject({ saleId: SaleId });

export const counterContract = {
  'counter:catalog': {
    request: z.strictObject({ query: z.string().max(200) }),
    response: z.strictObject({ items: z.array(CatalogItemView) }),
  },
  'counter:quote': { request: CounterQuoteRequest, response: CounterQuote },
  'counter:place': { request: CounterPlaceRequest, response: CounterSaleView },
  'counter:get': { request: BySale, response: CounterSaleView },
  'counter:resume': { request: BySale, response: CounterSaleView },
  'counter:place-again': { request: BySale, response: CounterSaleView },
  'counter:abandon': { request: BySale, response: CounterSaleView },
  'counter:open': {
    request: z.strictObject({}).optional(),
    response: z.strictObject({ sales: z.array(CounterSaleView) }),
  },
} as const;
