import { z } from 'zod';
import { EpochMs } from './orders';

/** The sync bar: whether VTEX is reachable, what waits, how fresh the cache is. */

export const FEED_HEALTH = [
  'starting',
  'ok',
  'catching-up',
  'config-missing',
  'config-foreign',
  'offline',
  'server-error',
  'rate-limited',
  'unauthorized',
  'forbidden',
  'stopped',
] as const;
export const FeedHealth = z.enum(FEED_HEALTH);
export type FeedHealth = z.output<typeof FeedHealth>;

export const CatchUpProgress = z.strictObject({
  /** first-start, config-lost, outage, audit or manual. */
  reason: z.string(),
  phase: z.enum(['listing', 'fetching', 'done']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  /** While fetching: the estimated time left, from the rate so far (null: no estimate yet). */
  remainingMs: z.number().int().nonnegative().nullable().optional(),
});
export type CatchUpProgress = z.output<typeof CatchUpProgress>;

export const SyncWarning = z.strictObject({ code: z.string(), message: z.string() });

export const SyncStatus = z.strictObject({
  /** VTEX answers (the feed and the sending of actions both reach it). */
  online: z.boolean(),
  feed: FeedHealth,
  /** Actions waiting to reach VTEX. */
  pending: z.number().int().nonnegative(),
  /** Actions in Needs attention. */
  attention: z.number().int().nonnegative(),
  /** When the oldest waiting action was made (its age: now − this), or null. */
  oldestPendingAt: EpochMs.nullable(),
  oldestPendingAgeMs: z.number().int().nonnegative().nullable(),
  /** Last successful read of VTEX's feed. */
  lastSyncAt: EpochMs.nullable(),
  /** Last time an action reached VTEX. */
  lastSentAt: EpochMs.nullable(),
  /** A catch-up in progress (null when none runs). */
  catchUp: CatchUpProgress.nullable(),
  warnings: z.array(SyncWarning),
  /** Another station seems to use this appKey: the sentence to show, or null. */
  sharedKeyWarning: z.string().nullable(),
  /** VTEX refuses the appKey/appToken: sending waits until Settings are fixed. */
  credentialsNeeded: z.boolean(),
  rateLimitedUntil: EpochMs.nullable(),
  /** Orders whose documents kept failing and were set aside. */
  quarantined: z.number().int().nonnegative(),
  /** When this status was computed (the host's clock). */
  at: EpochMs,
});
export type SyncStatus = z.output<typeof SyncStatus>;

export const syncContract = {
  'sync:status': { request: z.strictObject({}).optional(), response: SyncStatus },
  'sync:refresh': {
    request: z.strictObject({}).optional(),
    response: z.strictObject({ started: z.boolean() }),
  },
} as const;
