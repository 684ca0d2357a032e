import { getOrder, type DeskDb } from '../db';
import { durably, getAction, queueAction, type Actor, type QueueResult } from '../outbox';
import { recordSale, type DrawerRow, type MovementRow } from './store';

export interface CashCountInput {
  orderId: string;
  paymentId?: string | undefined;
  due: number;
  received: number;
}

export type CashPaymentResult =
  | (QueueResult & { ok: false })
  | { ok: true; actionId: string; change: number; drawer: DrawerRow; movement: MovementRow };

/**
 * A cash payment counted at the till: the record-payment action for VTEX (which hears only that
 * the payment was received) and the drawer's line with the amount due, received and the change,
 * in ONE durable transaction, so the drawer never misses a payment the outbox has, nor the other
 * way round. The caller has checked that `received >= due` and that `due` is the payment's value.
 */
export function queueCashPayment(
  db: DeskDb,
  actor: Actor,
  input: CashCountInput,
): CashPaymentResult {
  const change = input.received - input.due;
  return durably(db, (): CashPaymentResult => {
    const queued = queueAction(db, actor, {
      verb: 'record-payment',
      orderId: input.orderId,
      data: {
        ...(input.paymentId !== undefined ? { paymentId: input.paymentId } : {}),
        cash: { due: input.due, received: input.received },
      },
    });
    if (!queued.ok) return queued;
    const action = getAction(db, queued.actionId);
    const paymentId =
      action?.request.kind === 'record-payment' ? action.request.target : (input.paymentId ?? null);
    const { drawer, movement } = recordSale(db, {
      orderId: input.orderId,
      actionId: queued.actionId,
      paymentId,
      due: input.due,
      received: input.received,
      change,
      currency: getOrder(db, input.orderId)?.currency ?? null,
      operator: actor.operator,
      station: actor.station,
      now: actor.clock.now(),
    });
    return { ok: true, actionId: queued.actionId, change, drawer, movement };
  });
}
