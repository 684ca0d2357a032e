/**
 * Stable codes of a failed call, the same over Electron IPC and the browser host. Dependency-free
 * (the preload bundles it). The screens key on the code; the message that comes with it is
 * already written for the person at the packing table.
 *
 * The first group is the transport's own; the rest are the desk core's table
 * (main/core/errors.ts, DESK_ERRORS), repeated here because the renderer and the preload may not
 * import main/. A unit test keeps the two lists in step.
 */
export const TRANSPORT_ERROR_CODES = [
  /** The payload does not match the channel's schema (the message names the field). */
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  /** Browser host: missing or wrong per-run token. */
  'UNAUTHORIZED',
  /** Electron: the call did not come from the desk's own window; browser host: foreign Host. */
  'FORBIDDEN',
  /** The transport itself failed (main process gone). */
  'UNREACHABLE',
  /** A bug: the handler threw something that is not a DeskError. */
  'INTERNAL',
] as const;

export const DESK_ERROR_CODES = [
  ...TRANSPORT_ERROR_CODES,
  // ---- the IPC layer's own refusals
  'DESK_UNAVAILABLE',
  'NO_OPERATOR',
  'PIN_REQUIRED',
  'PIN_WRONG',
  'PIN_LOCKED',
  'SUPERVISOR_IS_OPERATOR',
  'OFFLINE',
  'CASH_NOT_ENOUGH',
  'CASH_DUE_MISMATCH',
  'ORDER_NOT_FOUND',
  'EXPRESSION_INVALID',
  // ---- main/core/errors.ts
  'DB_TOO_NEW',
  'DB_UNREADABLE',
  'DB_MIGRATION_FAILED',
  'ORDER_DOC_INVALID',
  'LIST_CURSOR_INVALID',
  'SETTINGS_INVALID',
  'SETTINGS_REJECTED',
  'SETTINGS_WRITE_FAILED',
  'SECRETS_UNREADABLE',
  'SECRETS_WRITE_FAILED',
  'SECRET_NAME_INVALID',
  'PRINT_ORDER_NOT_FOUND',
  'PRINT_INVOICE_NOT_FOUND',
  'PRINT_JOB_NOT_FOUND',
  'PRINT_UNAVAILABLE',
  'ACTION_UNKNOWN',
  'ACTION_BAD_DATA',
  'STATION_REQUIRED',
  'OPERATOR_REQUIRED',
  'INVOICE_PATTERN_INVALID',
  'ORDER_NOT_IN_CACHE',
  'DUPLICATE_ACTION',
  'NOTHING_TO_INVOICE',
  'NOTHING_TO_RETURN',
  'INVOICE_VALUE_NOT_POSITIVE',
  'ISSUANCE_DATE_WITHOUT_OFFSET',
  'INVOICE_NUMBER_TAKEN',
  'NO_INVOICE_YET',
  'INVOICE_CHOICE_NEEDED',
  'PAYMENT_CHOICE_NEEDED',
  'NOTHING_TO_CHANGE',
  'ACTION_NOT_FOUND',
  'ACTION_NOT_IN_ATTENTION',
  'ACTION_NOT_EDITABLE',
  'ACTION_KIND_CHANGED',
  'DISCARD_REASON_REQUIRED',
  'ACTION_NOT_DISCARDABLE',
  'ORDER_NOT_READY_FOR_HANDLING',
  'ORDER_FINAL',
  'ORDER_CANCELED',
  'ORDER_ALREADY_INVOICED',
  'CANCEL_AFTER_PARTIAL_INVOICE',
  'CANCEL_NOT_ALLOWED',
  'INVOICE_NOT_ALLOWED_IN_STATUS',
  'INVOICE_UNKNOWN_ITEM',
  'INVOICE_QUANTITY_EXCEEDED',
  'INVOICE_VALUE_EXCEEDED',
  'RETURN_BEFORE_FULL_INVOICE',
  'RETURN_QUANTITY_EXCEEDED',
  'RETURN_VALUE_EXCEEDED',
  'INVOICE_NOT_FOUND',
  'TRACKING_NUMBER_MISSING',
  'PAYMENT_NOT_FOUND',
  'PAYMENT_NOT_PENDING',
  'CONFLICT_ALREADY_HANDLING',
  'CONFLICT_ALREADY_CANCELED',
  'CONFLICT_INVOICE_NUMBER_TAKEN',
  'CONFLICT_INVOICED_ELSEWHERE',
  'ORDER_UNKNOWN_AT_VTEX',
  'VTEX_REJECTED',
  'SYNC_UNCONFIRMED',
  'SYNC_CREDENTIALS_NEEDED',
  'SYNC_OFFLINE',
  'SYNC_ALREADY_RUNNING',
  'VTEX_UNAUTHORIZED',
  'VTEX_FORBIDDEN',
  'VTEX_NOT_FOUND',
  'VTEX_CONFLICT',
  'VTEX_RATE_LIMITED',
  'VTEX_SERVER',
  'VTEX_NETWORK',
  'VTEX_TIMEOUT',
  'VTEX_BAD_RESPONSE',
  'FEED_CONFIG_FOREIGN',
  'FEED_CONFIG_REPLACED',
  'ORDERS_QUARANTINED',
  'SHARED_KEY_SUSPECTED',
  'SYNC_FAILED',
  'DRAWER_NOT_OPEN',
  'DRAWER_ALREADY_OPEN',
  'DRAWER_NOT_FOUND',
  'DRAWER_BAD_AMOUNT',
  'DRAWER_NOT_ENOUGH_CASH',
  // ---- order changes (missing or damaged items)
  'CHANGE_NOT_ALLOWED',
  'CHANGE_QUANTITY_EXCEEDED',
  'CHANGE_REMOVES_ALL',
  'CHANGE_NEEDS_CONSENT',
  'CHANGE_VALUE_CHANGED',
  'CHANGE_FAILED_AT_VTEX',
  'CHANGE_CANCELED_AT_VTEX',
  'CHANGE_BEING_APPLIED',
  // ---- marketplace: change seller
  'SUPERVISOR_REQUIRED',
  'SELLER_CHANGE_NOT_ALLOWED',
  // ---- counter sales
  'COUNTER_NO_PICKUP',
  'COUNTER_SALE_NOT_FOUND',
  'COUNTER_SALE_STATE',
  'COUNTER_LOST_ORDER_OPEN',
  'COUNTER_PRICE_CHANGED',
  'COUNTER_PLACEMENT_ANSWER_LOST',
  'COUNTER_LOST_ORDER_CANCELED',
] as const;
export type DeskErrorCode = (typeof DESK_ERROR_CODES)[number];

export function isDeskErrorCode(value: unknown): value is DeskErrorCode {
  return typeof value === 'string' && (DESK_ERROR_CODES as readonly string[]).includes(value);
}
