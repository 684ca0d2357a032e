import { RETENTION_MIN_SECONDS, type FeedFilter } from '../../vtex';
import type { Clock } from '../core/clock';
import { setSyncState } from '../core/db';
import { readOwnConfig, SYNC_KEYS, type OwnFeedConfig } from '../core/feed/sync-state';
import { isVtexClientError } from '../core/vtex/errors';
import type { DeskSession } from '../ipc/desk-services';

/** The feed's default visibility timeout (main/core/feed/poller.ts). */
const VISIBILITY_SECONDS = 300;

function sameFilter(a: FeedFilter, b: FeedFilter): boolean {
  if (a.type !== b.type) return false;
  const sa = [...(a.status ?? [])].sort().join('\n');
  const sb = [...(b.status ?? [])].sort().join('\n');
  return (
    sa === sb &&
    (a.expression ?? '') === (b.expression ?? '') &&
    !!a.disableSingleFire === !!b.disableSingleFire
  );
}

/**
 * Writes a new feed filter at VTEX when the configuration in place is this desk's own (or there
 * is none), and records it as the desk's own, as the feed poller does. Someone else's
 * configuration is left alone (the feed reports it). When VTEX cannot be reached or refuses,
 * nothing is written: the feed sets a configuration that covers the filter when it next starts.
 */
export async function writeFeedConfig(
  session: DeskSession,
  filter: FeedFilter,
  clock: Clock,
): Promise<'written' | 'foreign' | 'skipped'> {
  const { client, db } = session;
  const call = { retries: 0, timeoutMs: 8000 } as const;
  try {
    let current;
    try {
      current = await client.getFeedConfig(call);
    } catch (err) {
      if (!isVtexClientError(err) || err.code !== 'VTEX_NOT_FOUND') throw err;
      current = null;
    }
    const own = readOwnConfig(db);
    if (current && !(own && sameFilter(current.filter, own.filter))) return 'foreign';
    const visibility = current?.queue.visibilityTimeoutInSeconds ?? VISIBILITY_SECONDS;
    const retention = current?.queue.MessageRetentionPeriodInSeconds ?? RETENTION_MIN_SECONDS;
    await client.setFeedConfig(
      {
        filter,
        queue: {
          visibilityTimeoutInSeconds: visibility,
          MessageRetentionPeriodInSeconds: retention,
        },
      },
      call,
    );
    const record: OwnFeedConfig = {
      filter,
      visibilityTimeoutInSeconds: visibility,
      retentionSeconds: retention,
      setAt: clock.now(),
    };
    setSyncState(db, SYNC_KEYS.ownConfig, record);
    return 'written';
  } catch (err) {
    if (isVtexClientError(err)) return 'skipped';
    throw err;
  }
}
