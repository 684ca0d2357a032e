/**
 * The desk's local SQLite store: order cache, search, feed events, sync state, quarantine.
 * Every query function is synchronous and takes the handle first; none is ever async, so callers
 * can compose them inside one `db.transaction(...)` after their network work is done.
 */
export { openDeskDb, closeDeskDb, type DeskDb, type OpenDeskDbOptions } from './connection';
export { SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';
export {
  upsertOrders,
  getOrder,
  getOrderDoc,
  getOrderBySequence,
  listOrders,
  countByStatus,
  countOrders,
  ORDER_SORTS,
  MAX_PAGE,
  type OrderRow,
  type CachedOrder,
  type UpsertResult,
  type OrderSort,
  type KeysetCursor,
  type ListOrdersQuery,
  type ListOrdersPage,
} from './orders';
export {
  searchOrders,
  optimizeSearchIndex,
  toMatchQuery,
  type SearchHit,
  type SearchMatch,
} from './search';
export {
  recordFeedEvents,
  listFeedEvents,
  pruneFeedEvents,
  type FeedEventRow,
  type RecordFeedEventsResult,
} from './feed-events';
export { getSyncState, setSyncState } from './sync-state';
export {
  recordOrderFailure,
  quarantineOrder,
  isQuarantined,
  listQuarantined,
  clearOrderFailures,
  type QuarantinedOrder,
} from './quarantine';
export { parseVtexTime, compareInstants, type VtexInstant } from './vtex-time';
