import type { ActionQueued, ActionVerb, OperatorView } from '../../preload/contract';
import { getOrder } from '../core/db';
import { queueCashPayment } from '../core/drawer';
import {
  discardAction,
  editAction,
  getAction,
  listActions,
  outboxCounts,
  workerPendingCount,
  queueAction,
  retryAction,
  type Actor,
  type ChangeResult,
} from '../core/outbox';
import type { DeskServices, DeskSession } from './desk-services';
import { IpcRefusal, refused } from './errors';
import type { Handlers } from './handlers';
import { actionView } from './order-detail';
import { orderRowOf } from './order-queries';

type ActionChannel =
  | 'actions:start-handling'
  | 'actions:record-payment'
  | 'actions:invoice'
  | 'actions:tracking'
  | 'actions:cancel'
  | 'actions:note'
  | 'actions:pending'
  | 'attention:list'
  | 'attention:retry'
  | 'attention:edit'
  | 'attention:discard';

/** Drops keys whose value is undefined: the outbox's strict schemas treat them as given. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The action channels over the outbox. Each one checks that a shift is open (every action records
 * who did it), queues through the outbox's validation (VTEX's rules against the order as the desk
 * believes it), then tells the screens and wakes the sync engine. Nothing here waits for VTEX.
 */
export function actionHandlers(desk: () => DeskServices): Pick<Handlers, ActionChannel> {
  const operator = (): OperatorView => {
    const op = desk().shift.current();
    if (!op) throw new IpcRefusal('NO_OPERATOR');
    return op;
  };
  const actor = (s: DeskServices, op: OperatorView): Actor => ({
    station: s.settings.stationName(),
    operator: op.name,
    clock: s.clock,
  });

  const queued = (
    session: DeskSession,
    orderId: string,
    actionId: string,
    extra: Partial<Pick<ActionQueued, 'invoiceNumber' | 'change'>> = {},
  ): ActionQueued => {
    const row = orderRowOf(session.db, orderId);
    return {
      actionId,
      orderId,
      displayStatus: row?.displayStatus ?? '',
      label: row?.pendingLabel ?? null,
      invoiceNumber: extra.invoiceNumber ?? null,
      change: extra.change ?? null,
    };
  };

  const act = (verb: ActionVerb, orderId: string, data: object, extra = {}): ActionQueued => {
    const op = operator();
    const s = desk();
    const session = s.session();
    const r = queueAction(session.db, actor(s, op), { verb, orderId, data: defined(data) });
    if (!r.ok) refused(r.refusal);
    s.localChange([orderId]);
    return queued(session, orderId, r.actionId, extra);
  };

  const changed = (actionId: string, r: ChangeResult) => {
    if (!r.ok) refused(r.refusal);
    const s = desk();
    const a = getAction(s.session().db, actionId);
    const orderId = a?.orderId ?? '';
    s.localChange([orderId]);
    const row = orderRowOf(s.session().db, orderId);
    return {
      actionId,
      orderId,
      displayStatus: row?.displayStatus ?? '',
      label: row?.pendingLabel ?? null,
      at: s.clock.now(),
    };
  };

  const orderOf = (actionId: string): string => {
    const a = getAction(desk().session().db, actionId);
    if (!a)
      throw new IpcRefusal('ACTION_NOT_FOUND', `There is no action ${actionId} on this desk.`);
    return a.orderId;
  };

  return {
    'actions:start-handling': ({ orderId }) => act('start-handling', orderId, {}),

    'actions:record-payment': ({ orderId, paymentId, cash }) => {
      if (!cash) return act('record-payment', orderId, { paymentId });
      // The outbox checks the count (due = the payment's value, received ≥ due) for every caller
      // and the action and the cash drawer's line are written together (one durable transaction).
      const op = operator();
      const s = desk();
      const session = s.session();
      const r = queueCashPayment(session.db, actor(s, op), {
        orderId,
        paymentId,
        due: cash.due,
        received: cash.received,
      });
      if (!r.ok) refused(r.refusal);
      s.localChange([orderId]);
      return queued(session, orderId, r.actionId, { change: r.change });
    },

    'actions:invoice': ({ orderId, ...data }) => {
      const result = act('invoice', orderId, data);
      const s = desk();
      const session = s.session();
      const a = getAction(session.db, result.actionId);
      const invoiceNumber = a?.request.kind === 'invoice' ? a.request.body.invoiceNumber : null;
      if (invoiceNumber && data.type === 'Output') {
        // Auto-print (when on) never blocks or fails the invoice: it is the print queue's job.
        void session.print?.onInvoiceCreated(orderId, invoiceNumber);
      }
      return { ...result, invoiceNumber };
    },

    'actions:tracking': ({ orderId, ...data }) => act('tracking', orderId, data),
    'actions:cancel': ({ orderId, reason }) => act('cancel', orderId, { reason }),
    'actions:note': ({ orderId, message }) => act('note', orderId, { message }),

    'actions:pending': (q) => {
      const db = desk().session().db;
      const rows = listActions(db, { states: ['queued', 'sending'], limit: q?.limit ?? 100 });
      // What the worker did: companions (a start-handling's note) are listed within their action.
      const roots = rows.filter((a) => a.parentId === null);
      return { actions: roots.map(actionView), total: workerPendingCount(db) };
    },

    'attention:list': (q) => {
      const db = desk().session().db;
      const rows = listActions(db, { states: ['attention'], limit: q?.limit ?? 200 });
      return {
        items: rows.map((a) => {
          const o = getOrder(db, a.orderId);
          return {
            ...actionView(a),
            sequence: o?.sequence ?? null,
            customerName: o?.customerName ?? null,
            orderStatus: o?.status ?? null,
          };
        }),
        total: outboxCounts(db).attention,
      };
    },

    'attention:retry': ({ actionId }) => {
      operator();
      orderOf(actionId);
      const s = desk();
      return changed(actionId, retryAction(s.session().db, s.clock, actionId));
    },

    'attention:edit': ({ actionId, data }) => {
      const op = operator();
      orderOf(actionId);
      const s = desk();
      return changed(actionId, editAction(s.session().db, actor(s, op), actionId, data));
    },

    'attention:discard': ({ actionId, reason }) => {
      const op = operator();
      orderOf(actionId);
      const s = desk();
      // Who gave it up is part of the record, as for every action.
      const why = `${reason} (${op.name})`;
      return changed(actionId, discardAction(s.session().db, s.clock, actionId, why));
    },
  };
}
