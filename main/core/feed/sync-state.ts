import type { FeedFilter } from '../../../vtex';
import { getSyncState, setSyncState, type DeskDb } from '../db';
import type { CatchUpReason } from '../events';

/**
 * The feed's and the catch-up's memory between runs, in the cache's `sync_state` table. All times
 * are desk-clock milliseconds.
 */
export const SYNC_KEYS = {
  /** Last feed GET that succeeded. */
  lastPollAt: 'feed.lastPollAt',
  /**
   * Since when the feed has been continuously able to announce every change (our configuration in
   * place and no event lost to retention). Changes after this time that the feed never announced
   * point at another consumer of the same appKey.
   */
  healthySince: 'feed.healthySince',
  /** The configuration this desk last wrote, to tell our own (older) config from a foreign one. */
  ownConfig: 'feed.ownConfig',
  /** The queue retention of the configuration in place, in seconds. */
  retentionSeconds: 'feed.retentionSeconds',
  /** The last completed catch-up. */
  catchUp: 'catchUp.watermark',
} as const;

export interface OwnFeedConfig {
  filter: FeedFilter;
  visibilityTimeoutInSeconds: number;
  retentionSeconds: number;
  setAt: number;
}

export interface CatchUpWatermark {
  /** When the completed catch-up started: everything changed before it is in the cache. */
  at: number;
  finishedAt: number;
  reason: CatchUpReason;
  listed: number;
  fetched: number;
}

export function readNumber(db: DeskDb, key: string): number | null {
  const v = getSyncState<unknown>(db, key);
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function writeNumber(db: DeskDb, key: string, value: number | null): void {
  setSyncState(db, key, value);
}

export function readWatermark(db: DeskDb): CatchUpWatermark | null {
  const v = getSyncState<CatchUpWatermark>(db, SYNC_KEYS.catchUp);
  return v && typeof v === 'object' && typeof v.at === 'number' ? v : null;
}

export function readOwnConfig(db: DeskDb): OwnFeedConfig | null {
  const v = getSyncState<OwnFeedConfig>(db, SYNC_KEYS.ownConfig);
  return v && typeof v === 'object' && typeof v.filter?.type === 'string' ? v : null;
}
