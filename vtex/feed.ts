import { z } from 'zod';

/** Feed v3 and hook wire formats (digest §2, §3). */

export const FeedItem = z.looseObject({
  eventId: z.string(),
  handle: z.string(),
  domain: z.string(),
  state: z.string(),
  lastState: z.string(),
  orderId: z.string(),
  lastChange: z.string(),
  currentChange: z.string(),
});
export type FeedItem = z.infer<typeof FeedItem>;

export const FeedItems = z.array(FeedItem);

export const FeedCommitRequest = z.object({ handles: z.array(z.string().min(1)).min(1) });
export type FeedCommitRequest = z.infer<typeof FeedCommitRequest>;

export const FROM_WORKFLOW = 'FromWorkflow';
export const FROM_ORDERS = 'FromOrders';

export const FeedFilter = z.looseObject({
  type: z.enum([FROM_WORKFLOW, FROM_ORDERS]),
  status: z.array(z.string()).nullish(),
  expression: z.string().nullish(),
  disableSingleFire: z.boolean().nullish(),
});
export type FeedFilter = z.infer<typeof FeedFilter>;

/** VTEX's examples write `messageRetention…` in lower case: accept both (digest §2 ⚠). */
function foldRetention(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = { ...(v as Record<string, unknown>) };
  if (
    o.MessageRetentionPeriodInSeconds === undefined &&
    o.messageRetentionPeriodInSeconds !== undefined
  ) {
    o.MessageRetentionPeriodInSeconds = o.messageRetentionPeriodInSeconds;
  }
  delete o.messageRetentionPeriodInSeconds;
  return o;
}

export const RETENTION_MIN_SECONDS = 345_600;
export const RETENTION_MAX_SECONDS = 1_209_600;
export const VISIBILITY_MAX_SECONDS = 43_200;
export const MAXLOT_MAX = 10;

export const FeedQueue = z.preprocess(
  foldRetention,
  z.looseObject({
    visibilityTimeoutInSeconds: z.number().int(),
    MessageRetentionPeriodInSeconds: z.number().int(),
  }),
);
export type FeedQueue = z.infer<typeof FeedQueue>;

export const FeedConfigRequest = z.looseObject({ filter: FeedFilter, queue: FeedQueue });
export type FeedConfigRequest = z.infer<typeof FeedConfigRequest>;

export const FeedConfigResponse = z.looseObject({
  filter: FeedFilter,
  queue: FeedQueue,
  quantity: z.number().nullish(),
  approximateAgeOfOldestMessageInSeconds: z.number().nullish(),
});
export type FeedConfigResponse = z.infer<typeof FeedConfigResponse>;

export const HookConfigRequest = z.looseObject({
  filter: FeedFilter,
  hook: z.looseObject({
    url: z.string(),
    headers: z.record(z.string(), z.string()).nullish(),
  }),
  origin: z.unknown().optional(),
});
export type HookConfigRequest = z.infer<typeof HookConfigRequest>;

export const HookNotification = z.looseObject({
  Domain: z.string(),
  OrderId: z.string(),
  State: z.string(),
  LastState: z.string(),
  LastChange: z.string(),
  CurrentChange: z.string(),
  Origin: z.looseObject({ Account: z.string(), Key: z.string() }),
});
export type HookNotification = z.infer<typeof HookNotification>;

export const HOOK_PING = { hookConfig: 'ping' } as const;
