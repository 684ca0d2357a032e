import { z } from 'zod';

export interface CounterSettings {
  /** E-mail VTEX gets for every counter sale (the desk does not ask customers for one). */
  email: string;
  /** The customer name of a sale without a named customer. */
  finalConsumerName: string;
  /** The pickup point's SLA id; null: the first pickup point the account offers. */
  pickupSla: string | null;
  /** The cash payment system (Checkout's id; 201 is "Dinheiro" on a default account). */
  paymentSystem: string;
  /** The store's cancellation window at VTEX, for the "ends about" estimate. */
  cancelWindowMinutes: number;
}

export const DEFAULT_COUNTER_SETTINGS: CounterSettings = {
  email: 'balcao@example.com',
  finalConsumerName: 'Consumidor Final',
  pickupSla: null,
  paymentSystem: '201',
  cancelWindowMinutes: 30,
};

/** The counter sale's part of settings.json (absent: the defaults). */
export const CounterSettingsSchema = z.object({
  email: z.email('enter an e-mail address').max(200).default(DEFAULT_COUNTER_SETTINGS.email),
  finalConsumerName: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .default(DEFAULT_COUNTER_SETTINGS.finalConsumerName),
  pickupSla: z.string().trim().max(200).nullable().default(null),
  paymentSystem: z
    .string()
    .trim()
    .regex(/^\d+$/, 'the payment system is a number (201 is Dinheiro)')
    .default(DEFAULT_COUNTER_SETTINGS.paymentSystem),
  cancelWindowMinutes: z
    .number()
    .int()
    .min(0)
    .max(30 * 24 * 60)
    .default(DEFAULT_COUNTER_SETTINGS.cancelWindowMinutes),
});

export function counterSettingsOf(raw: unknown): CounterSettings {
  const r = CounterSettingsSchema.safeParse(raw ?? {});
  return r.success ? { ...r.data, pickupSla: r.data.pickupSla || null } : DEFAULT_COUNTER_SETTINGS;
}
