/**
 * Offline-first order actions and the sync engine (issue 4): an action is validated with VTEX's
 * rules, written locally in one durable transaction with the order's optimistic state, and then
 * reaches VTEX exactly once.
 *
 *   queue.ts   the write path (queue, retry, edit, discard)
 *   engine.ts  the sync engine (drain, settle ambiguous sends, backoff, conflicts, status)
 *   prepare.ts what the user asked → the exact VTEX request, checked against the believed order
 *   effects.ts what each action does to an order (optimistic merge, "is it at VTEX already?")
 *   store.ts   the tables, and `durably` (synchronous = FULL for outbox commits)
 */
export {
  ACTION_KINDS,
  ACTION_STATES,
  ACTION_VERBS,
  CANCEL_WINDOW_STATUSES,
  OPEN_STATES,
  waitsForCancelWindow,
  noteDescription,
  noteMarker,
  type ActionKind,
  type ActionRequest,
  type ActionState,
  type ActionVerb,
  type InvoiceBody,
} from './kinds';
export { applyOptimistic, believedDoc, isApplied, type NoteLike } from './effects';
export { prepare, recheck, isoWithOffset, companionId, type PrepareContext } from './prepare';
export { ActionRefusedError, type Refusal } from './refusals';
export {
  DEFAULT_INVOICE_PATTERN,
  checkInvoicePattern,
  formatInvoiceNumber,
  getInvoicePattern,
  setInvoicePattern,
} from './invoice-number';
export {
  queueAction,
  retryAction,
  editAction,
  discardAction,
  newActionId,
  localOffsetMinutes,
  type Actor,
  type QueueResult,
  type ChangeResult,
} from './queue';
export {
  believe,
  durably,
  getAction,
  getLocalState,
  listActions,
  actionsOfOrder,
  outboxCounts,
  workerPendingCount,
  type ActionRow,
  type ActionError,
  type Believed,
  type LocalState,
  type OutboxCounts,
} from './store';
export {
  SyncEngine,
  OutboxBusyError,
  classify,
  type DrainSummary,
  type OutboxEvent,
  type OutboxStatus,
  type SyncEngineOptions,
} from './engine';
export type { OutboxVtex } from './vtex-port';
