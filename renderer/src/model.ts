import type { ActionVerb, OrderCounts, OrderSort, Queue } from '../../preload/contract';

/**
 * The renderer's copies of the contract's value lists. The renderer may import only TYPES from
 * preload/contract (its zod schemas stay out of the page's bundle), so the lists are repeated
 * here and `satisfies` + the exhaustiveness checks below make the compiler catch any drift.
 */
export const QUEUES = [
  'ready',
  'handling',
  'awaiting-payment',
  'invoiced',
  'canceled',
  'attention',
  'all',
] as const satisfies readonly Queue[];

export const ORDER_SORTS = [
  'creation_desc',
  'creation_asc',
  'value_desc',
  'value_asc',
  'last_change_desc',
  'last_change_asc',
] as const satisfies readonly OrderSort[];

type Missing<All, Listed> = Exclude<All, Listed>;
// Each line fails to compile when the contract gains a value this file does not list.
const queuesComplete: Missing<Queue, (typeof QUEUES)[number]> extends never ? true : never = true;
const sortsComplete: Missing<OrderSort, (typeof ORDER_SORTS)[number]> extends never ? true : never =
  true;
void queuesComplete;
void sortsComplete;

export const EMPTY_COUNTS: OrderCounts = {
  ready: 0,
  handling: 0,
  'awaiting-payment': 0,
  invoiced: 0,
  canceled: 0,
  attention: 0,
  all: 0,
};

/** The dialogs of the order detail: the six verbs, with the return invoice as its own dialog. */
export const DIALOG_KINDS = [
  'start-handling',
  'record-payment',
  'invoice',
  'tracking',
  'return',
  'cancel',
  'note',
  'change',
] as const;
export type DialogKind = (typeof DIALOG_KINDS)[number];

/** Which verb each dialog sends. */
export const VERB_OF_DIALOG: Record<DialogKind, ActionVerb> = {
  'start-handling': 'start-handling',
  'record-payment': 'record-payment',
  invoice: 'invoice',
  tracking: 'tracking',
  return: 'invoice',
  cancel: 'cancel',
  note: 'note',
  change: 'change',
};

/** Alt+key opens each dialog on the order detail (letters stay free for the scan box). */
export const DIALOG_SHORTCUTS: Record<DialogKind, string> = {
  'start-handling': 'h',
  'record-payment': 'p',
  invoice: 'i',
  tracking: 't',
  return: 'r',
  cancel: 'c',
  note: 'n',
  change: 'm',
};

/** Offline payment groups: settled outside VTEX, recorded at the desk. */
export const CASH_GROUPS = ['cash'];
