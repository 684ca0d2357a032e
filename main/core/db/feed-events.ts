import type { FeedItem } from '../../../vtex';
import { clockOf, prepared, type DeskDb } from './connection';
import { parseVtexTime } from './vtex-time';

export interface FeedEventRow {
  eventId: string;
  orderId: string;
  state: string;
  lastState: string;
  currentChange: string;
  receivedAt: number;
}

export interface RecordFeedEventsResult {
  /** Event ids seen for the first time. */
  recorded: string[];
  /** Event ids already stored (feed v3 delivers at least once): ignored. */
  duplicates: string[];
}

/** Stores feed items once per `eventId`, in one transaction. Handles are not kept: they expire. */
export function recordFeedEvents(db: DeskDb, items: readonly FeedItem[]): RecordFeedEventsResult {
  const receivedAt = clockOf(db).now();
  const insert = prepared(
    db,
    `INSERT INTO feed_events (event_id, order_id, state, last_state, current_change,
       current_change_ms, received_at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
  );
  return db.transaction((): RecordFeedEventsResult => {
    const result: RecordFeedEventsResult = { recorded: [], duplicates: [] };
    for (const it of items) {
      const { changes } = insert.run(
        it.eventId,
        it.orderId,
        it.state,
        it.lastState,
        it.currentChange,
        parseVtexTime(it.currentChange)?.ms ?? null,
        receivedAt,
      );
      (changes > 0 ? result.recorded : result.duplicates).push(it.eventId);
    }
    return result;
  })();
}

/** The order's events, oldest change first (the feed itself does not keep order). */
export function listFeedEvents(db: DeskDb, orderId: string): FeedEventRow[] {
  const rows = prepared(
    db,
    `SELECT event_id, order_id, state, last_state, current_change, received_at
     FROM feed_events WHERE order_id = ?
     ORDER BY current_change_ms, current_change, received_at, event_id`,
  ).all(orderId) as {
    event_id: string;
    order_id: string;
    state: string;
    last_state: string;
    current_change: string;
    received_at: number;
  }[];
  return rows.map((r) => ({
    eventId: r.event_id,
    orderId: r.order_id,
    state: r.state,
    lastState: r.last_state,
    currentChange: r.current_change,
    receivedAt: r.received_at,
  }));
}

/** Forgets events received before `before` (ms); returns how many were removed. */
export function pruneFeedEvents(db: DeskDb, before: number): number {
  return prepared(db, 'DELETE FROM feed_events WHERE received_at < ?').run(before).changes;
}
