import { z } from 'zod';

/** The `support:*` part of the contract: what a support person asks a station for. */

export const SupportFile = z.strictObject({
  /** e.g. order-desk-support-Caixa-1-20261204-2130.zip */
  fileName: z.string().min(1),
  /** The zip (logs, redacted settings, versions, counts), base64. */
  contentBase64: z.string(),
  bytes: z.number().int().nonnegative(),
});
export type SupportFile = z.output<typeof SupportFile>;

export const supportContract = {
  'support:export': { request: z.strictObject({}).optional(), response: SupportFile },
} as const;
