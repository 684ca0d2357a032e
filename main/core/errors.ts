/**
 * THE table of the desk's stable error codes. The code is what code and tests match on; the
 * message is what a warehouse worker reads on screen, so it says what happened and what to do, in
 * plain words, without jargon. Technical detail (a path, a SQLite message) travels separately in
 * `DeskError.detail` for the log and the "details" disclosure. Add new codes here, never inline.
 */
export interface ErrorSpec {
  readonly message: string;
}

export const DESK_ERRORS = {
  DB_TOO_NEW: {
    message:
      'The order data on this computer was saved by a newer version of Order Desk. Install that newer version here, or ask IT for help. Nothing was changed.',
  },
  DB_UNREADABLE: {
    message:
      'Order Desk cannot open its local order data. Close other copies of Order Desk and try again; if it keeps happening, ask IT for help.',
  },
  DB_MIGRATION_FAILED: {
    message:
      'Order Desk could not update its local order data to this version. Nothing was changed; ask IT for help.',
  },
  ORDER_DOC_INVALID: {
    message:
      'VTEX sent an order Order Desk cannot read, so it was not saved. The other orders are fine; report the order number to IT.',
  },
  LIST_CURSOR_INVALID: {
    message: 'The order list was re-sorted while you scrolled. Scroll back to the top.',
  },
  SETTINGS_INVALID: {
    message:
      'The settings file is damaged or incomplete, so Order Desk cannot use it. Restore the last good settings or enter them again.',
  },
  SETTINGS_REJECTED: {
    message: 'These settings are not valid. Check the highlighted fields and save again.',
  },
  SETTINGS_WRITE_FAILED: {
    message:
      'Order Desk could not save the settings. Check that the disk is not full and try again.',
  },
  SECRETS_UNREADABLE: {
    message:
      'Order Desk cannot read the saved VTEX app token on this computer. Enter the app token again in Settings.',
  },
  SECRETS_WRITE_FAILED: {
    message:
      'Order Desk could not save the VTEX app token on this computer. Check that the disk is not full and try again.',
  },
  SECRET_NAME_INVALID: {
    message: 'Order Desk tried to use an invalid secret name. Report this to IT.',
  },
  PRINT_ORDER_NOT_FOUND: {
    message:
      'This order is not on this computer yet, so its slip cannot be printed. Wait for the order list to update and try again.',
  },
  PRINT_INVOICE_NOT_FOUND: {
    message:
      'This order has no invoice with that number, so there is no slip to print. Check the invoice number.',
  },
  PRINT_JOB_NOT_FOUND: {
    message: 'That print job is not in the print history any more.',
  },
  PRINT_UNAVAILABLE: {
    message:
      'Printing is not available in this window. Restart Order Desk; if it persists, ask IT.',
  },
  // ---- Offline actions and their sync (main/core/outbox, issue 4). A refusal or a Needs
  // attention entry carries one of these codes with a sentence about that very order; the
  // message here is the general form.
  ACTION_UNKNOWN: { message: 'Order Desk does not know this action.' },
  ACTION_BAD_DATA: {
    message: 'Some details of this action are missing or wrong. Check the highlighted fields.',
  },
  STATION_REQUIRED: { message: 'Set this station’s name in Settings first.' },
  OPERATOR_REQUIRED: { message: 'Say who you are (operator) before acting on orders.' },
  INVOICE_PATTERN_INVALID: {
    message: 'The invoice number pattern in Settings cannot make unique numbers. Fix it first.',
  },
  ORDER_NOT_IN_CACHE: {
    message: 'This order is not on this desk yet. Check the number, or wait until it has synced.',
  },
  DUPLICATE_ACTION: { message: 'This was already done or is already waiting to sync.' },
  NOTHING_TO_INVOICE: { message: 'Every item of this order is already invoiced.' },
  NOTHING_TO_RETURN: { message: 'No invoiced item of this order is left to return.' },
  INVOICE_VALUE_NOT_POSITIVE: { message: 'Nothing is left to invoice in value on this order.' },
  ISSUANCE_DATE_WITHOUT_OFFSET: {
    message: 'Write the issuance date with its time zone, like 2026-11-27T10:30:00-03:00.',
  },
  INVOICE_NUMBER_TAKEN: { message: 'This invoice number is already used on this order.' },
  NO_INVOICE_YET: { message: 'This order has no invoice yet; invoice it first.' },
  INVOICE_CHOICE_NEEDED: { message: 'This order has several invoices; choose one.' },
  PAYMENT_CHOICE_NEEDED: { message: 'This order has several offline payments; choose one.' },
  NOTHING_TO_CHANGE: { message: 'The invoice already has this tracking information.' },
  ACTION_NOT_FOUND: { message: 'There is no such action on this desk.' },
  ACTION_NOT_IN_ATTENTION: { message: 'Only an action in Needs attention can be retried.' },
  ACTION_NOT_EDITABLE: { message: 'This action can no longer be edited.' },
  ACTION_KIND_CHANGED: {
    message: 'An edit keeps the kind of action; discard it and create a new one instead.',
  },
  DISCARD_REASON_REQUIRED: { message: 'Say why this action is being discarded.' },
  ACTION_NOT_DISCARDABLE: {
    message: 'This action may already be at VTEX; wait until the desk has checked.',
  },
  // VTEX's own rules, checked on the desk before queuing and again before sending.
  ORDER_NOT_READY_FOR_HANDLING: {
    message: 'Handling can start only when the order is ready for handling.',
  },
  ORDER_FINAL: { message: 'The order is already invoiced or canceled.' },
  ORDER_CANCELED: { message: 'The order is canceled.' },
  ORDER_ALREADY_INVOICED: { message: 'The order is already fully invoiced.' },
  CANCEL_AFTER_PARTIAL_INVOICE: {
    message: 'Part of the order is invoiced, so it cannot be canceled.',
  },
  CANCEL_NOT_ALLOWED: { message: 'The order cannot be canceled in its current status.' },
  INVOICE_NOT_ALLOWED_IN_STATUS: { message: 'Start handling the order before invoicing it.' },
  INVOICE_UNKNOWN_ITEM: { message: 'The invoice lists an item that is not in this order.' },
  INVOICE_QUANTITY_EXCEEDED: { message: 'The invoice has more units than are left to invoice.' },
  INVOICE_VALUE_EXCEEDED: { message: 'The invoices would add up to more than the order total.' },
  RETURN_BEFORE_FULL_INVOICE: {
    message: 'A return can be invoiced only after an invoice of the order.',
  },
  RETURN_QUANTITY_EXCEEDED: {
    message: 'The return has more units than were invoiced and not yet returned.',
  },
  RETURN_VALUE_EXCEEDED: { message: 'The returns would add up to more than was invoiced.' },
  INVOICE_NOT_FOUND: { message: 'This order has no invoice with that number.' },
  TRACKING_NUMBER_MISSING: { message: 'Give the invoice a tracking number first.' },
  PAYMENT_NOT_FOUND: { message: 'This order has no payment with that id.' },
  PAYMENT_NOT_PENDING: {
    message: 'Only a pending cash, promissory or bank-invoice payment can be recorded.',
  },
  // Found while syncing: the action waits in Needs attention.
  CONFLICT_ALREADY_HANDLING: { message: 'Another station already started handling this order.' },
  CONFLICT_ALREADY_CANCELED: { message: 'The order was already canceled by someone else.' },
  CONFLICT_INVOICE_NUMBER_TAKEN: {
    message: 'VTEX already has an invoice with this number on this order, sent by someone else.',
  },
  CONFLICT_INVOICED_ELSEWHERE: {
    message: 'Another station invoiced this order after this invoice was created.',
  },
  ORDER_UNKNOWN_AT_VTEX: { message: 'VTEX does not know this order.' },
  VTEX_REJECTED: { message: 'VTEX refused this action.' },
  SYNC_UNCONFIRMED: {
    message: 'The desk cannot tell whether this action reached VTEX. Check the order at VTEX.',
  },
  SYNC_CREDENTIALS_NEEDED: {
    message: 'VTEX refused the app key or token. Enter them again in Settings; nothing is lost.',
  },
  SYNC_OFFLINE: { message: 'VTEX cannot be reached. Your actions are saved and will be sent.' },
  SYNC_ALREADY_RUNNING: {
    message: 'Another Order Desk window or command is already sending this desk’s actions.',
  },
  // ---- the VTEX client (main/core/vtex/errors.ts classifies every failed call into one) ----
  VTEX_UNAUTHORIZED: {
    message: 'VTEX refused the app key or token. Check them in Settings; nothing is lost.',
  },
  VTEX_FORBIDDEN: {
    message:
      'The app key is missing a permission at VTEX (for example “Feed v3 and Hook Admin” or “View order”). Ask the store administrator to add it.',
  },
  VTEX_NOT_FOUND: { message: 'VTEX does not have what Order Desk asked for.' },
  VTEX_CONFLICT: { message: 'The order changed at VTEX in a way that does not allow this.' },
  VTEX_RATE_LIMITED: {
    message: 'VTEX asked Order Desk to slow down. It waits a moment and carries on by itself.',
  },
  VTEX_SERVER: { message: 'VTEX is having trouble right now. Order Desk keeps trying.' },
  VTEX_NETWORK: {
    message: 'VTEX cannot be reached. Check the internet connection; Order Desk keeps trying.',
  },
  VTEX_TIMEOUT: { message: 'VTEX did not answer in time. Order Desk keeps trying.' },
  VTEX_BAD_RESPONSE: {
    message: 'VTEX sent an answer Order Desk cannot read. If it keeps happening, tell IT.',
  },
  // ---- the feed and the catch-up (main/core/feed) ----
  FEED_CONFIG_FOREIGN: {
    message:
      'Someone else set up the order feed of this app key. Order Desk reads it but may miss changes: give this station its own app key, or let Order Desk replace the setup in Settings.',
  },
  FEED_CONFIG_REPLACED: {
    message: 'Order Desk replaced the order feed setup of this app key, as Settings allow.',
  },
  ORDERS_QUARANTINED: {
    message:
      'Some orders could not be read from VTEX and were set aside. The other orders are fine; report the order numbers to IT.',
  },
  SHARED_KEY_SUSPECTED: {
    message:
      'Orders changed at VTEX without this desk hearing about it. Another station may be using the same app key; give each station its own.',
  },
  SYNC_FAILED: {
    message:
      'Order Desk could not update its orders from VTEX. It keeps trying; tell IT if it lasts.',
  },
  // ---- the station's cash drawer (main/core/drawer) ----
  DRAWER_NOT_OPEN: {
    message: 'No cash drawer is open at this station. Open it with the cash counted in it first.',
  },
  DRAWER_ALREADY_OPEN: {
    message: 'The cash drawer is already open. Close it with a count before opening a new one.',
  },
  DRAWER_NOT_FOUND: { message: 'There is no such cash drawer at this station.' },
  DRAWER_BAD_AMOUNT: {
    message: 'That amount cannot be recorded. Type it again, like 50,00.',
  },
  DRAWER_NOT_ENOUGH_CASH: {
    message: 'The drawer does not hold that much cash. Check the amount.',
  },
  // ---- order changes (main/core/outbox: the change of items) ----
  CHANGE_NOT_ALLOWED: {
    message:
      'The items of this order can be changed only while it is being handled and before it is invoiced.',
  },
  CHANGE_QUANTITY_EXCEEDED: { message: 'The change takes out more units than the order has.' },
  CHANGE_REMOVES_ALL: {
    message: 'The change would take out every item of the order. Cancel the order instead.',
  },
  CHANGE_NEEDS_CONSENT: {
    message:
      'VTEX prices this change so that the customer pays more, or with a price the desk could not know. The customer must agree: preview the change again on the order and confirm it, or discard this one.',
  },
  CHANGE_VALUE_CHANGED: {
    message:
      'VTEX now prices this change differently from the preview that was confirmed. Preview it again on the order, or discard it.',
  },
  CHANGE_FAILED_AT_VTEX: {
    message:
      'VTEX accepted the change but could not apply it. Retry it, or discard it (and cancel it at VTEX from the order’s changes).',
  },
  CHANGE_CANCELED_AT_VTEX: {
    message:
      'VTEX canceled this change (after failed attempts, or someone canceled it). Discard it, and make a new change if it is still needed.',
  },
  CHANGE_BEING_APPLIED: {
    message:
      'A change of this order’s items is being applied at VTEX. VTEX documents that an invoice meeting a change can break the order, so the invoice waits until the change is done.',
  },
  // ---- marketplace: change seller (main/ipc) ----
  SUPERVISOR_REQUIRED: {
    message: 'A supervisor must authorize this: their name and their PIN at this station.',
  },
  SELLER_CHANGE_NOT_ALLOWED: {
    message:
      'VTEX does not allow changing the seller of this order now (the window to change seller is over, or the order is not waiting for a new seller).',
  },
  // ---- counter sales (main/core/counter) ----
  COUNTER_NO_PICKUP: {
    message:
      'VTEX offers no pickup at this warehouse for these items. Check the pickup point in Settings → Counter sale.',
  },
  COUNTER_SALE_NOT_FOUND: { message: 'There is no such counter sale at this station.' },
  COUNTER_SALE_STATE: { message: 'This counter sale cannot do that in the step it is in.' },
  COUNTER_PRICE_CHANGED: {
    message:
      'VTEX’s total changed since the lines were priced. Check the new total with the customer and place again.',
  },
  COUNTER_PLACEMENT_ANSWER_LOST: { message: 'VTEX placed the order but its answer was lost.' },
  COUNTER_LOST_ORDER_CANCELED: {
    message: 'VTEX canceled the order whose answer was lost; the sale can be placed again.',
  },
  COUNTER_LOST_ORDER_OPEN: {
    message:
      'VTEX has not canceled the order whose answer was lost yet. Wait until it is canceled, then place the sale again.',
  },
  // ---- the desk's IPC layer (main/ipc, issue 5): refusals a screen shows as they are ----
  DESK_UNAVAILABLE: {
    message:
      'Order Desk is still starting or switching its VTEX connection. Wait a moment and try again.',
  },
  NO_OPERATOR: {
    message: 'Start your shift first: enter your name, so every action shows who did it.',
  },
  PIN_REQUIRED: { message: 'This name is protected by a PIN at this station. Enter the PIN.' },
  PIN_WRONG: { message: 'That PIN is not right for this name. Try again.' },
  PIN_LOCKED: { message: 'Too many wrong PINs for this name. Wait 5 minutes and try again.' },
  SUPERVISOR_IS_OPERATOR: {
    message: 'Someone else must sign this off: enter another person’s name and PIN.',
  },
  OFFLINE: {
    message:
      'VTEX cannot be reached right now, and this is only available online. Try again when the desk is back online.',
  },
  CASH_NOT_ENOUGH: {
    message: 'The amount received is less than the amount due. Count the cash again.',
  },
  CASH_DUE_MISMATCH: {
    message: 'The amount due does not match this payment. Check the order’s payment.',
  },
  ORDER_NOT_FOUND: {
    message: 'This order is not on this desk. Check the number, or wait until it has synced.',
  },
  EXPRESSION_INVALID: {
    message: 'The filter expression is not valid JSONata. Check it and try again.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type DeskErrorCode = keyof typeof DESK_ERRORS;

/** An error with a stable code from DESK_ERRORS. Safe to send over IPC via `toJSON()`. */
export class DeskError extends Error {
  override readonly name = 'DeskError';
  readonly code: DeskErrorCode;
  /** The worker-facing sentence from the table. */
  readonly userMessage: string;
  /** Technical detail for logs (a path, the underlying message); never contains secrets. */
  readonly detail: string | undefined;

  constructor(code: DeskErrorCode, detail?: string, options?: { cause?: unknown }) {
    const userMessage = DESK_ERRORS[code].message;
    super(detail ? `${userMessage} (${detail})` : userMessage, options);
    this.code = code;
    this.userMessage = userMessage;
    this.detail = detail;
  }

  toJSON(): { code: DeskErrorCode; message: string; detail?: string } {
    return {
      code: this.code,
      message: this.userMessage,
      ...(this.detail !== undefined ? { detail: this.detail } : {}),
    };
  }
}

export function isDeskError(e: unknown, code?: DeskErrorCode): e is DeskError {
  return e instanceof DeskError && (code === undefined || e.code === code);
}
