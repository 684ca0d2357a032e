import { z } from 'zod';

/** OMS error body: `{"error":{"code","message","exception"}}` (digest §6). */
export const OmsErrorBody = z.looseObject({
  error: z.looseObject({
    code: z.union([z.string(), z.number()]).transform(String),
    message: z.string().nullish(),
    exception: z.unknown().optional(),
  }),
});
export type OmsErrorBody = z.infer<typeof OmsErrorBody>;

/** RFC 9110 problem JSON used by the order-system (change v2) endpoints. */
export const ProblemJson = z.looseObject({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  traceId: z.string().optional(),
});
export type ProblemJson = z.infer<typeof ProblemJson>;

export function omsError(code: string, message: string, exception: unknown = null): OmsErrorBody {
  return { error: { code, message, exception } };
}

/** Codes VTEX documents, with the messages VTEX sends. */
export const OMS_CODES = {
  unauthorized: { code: '1', message: 'Unauthorized access' },
  startHandlingWrongStatus: {
    code: 'OMS003',
    message: 'Order status should be ready-for-handling to perform this action',
  },
} as const;
