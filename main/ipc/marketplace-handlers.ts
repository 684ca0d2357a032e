import type { OperatorView } from '../../preload/contract';
import { getOrderDoc, upsertOrders } from '../core/db';
import { queueAction } from '../core/outbox';
import type { ChangeSellerRequest } from '../core/vtex/client';
import { isVtexClientError } from '../core/vtex/errors';
import type { DeskServices } from './desk-services';
import { IpcRefusal } from './errors';
import type { Handlers } from './handlers';

type MarketplaceChannel = 'marketplace:seller-window' | 'marketplace:change-seller';

const ONLINE = { retries: 0, timeoutMs: 8000 } as const;

/**
 * Change seller. The move is VTEX's Checkout call, online only and sent once: when its answer is
 * lost, the order is read back (are its items the new seller's now?) instead of sending it again.
 * The reason goes to VTEX as a note on the order, through the outbox like every note.
 */
export function marketplaceHandlers(desk: () => DeskServices): Pick<Handlers, MarketplaceChannel> {
  const operator = (): OperatorView => {
    const op = desk().shift.current();
    if (!op) throw new IpcRefusal('NO_OPERATOR');
    return op;
  };
  return {
    'marketplace:seller-window': async () => ({
      days: await desk().session().client.getChangeSellerWindow(ONLINE),
    }),

    'marketplace:change-seller': async ({ orderId, newSellerId, reason, supervisor, pin }) => {
      const op = operator();
      const s = desk();
      if (!s.shift.verifyPin?.(supervisor, pin)) throw new IpcRefusal('SUPERVISOR_REQUIRED');
      const session = s.session();
      const doc = getOrderDoc(session.db, orderId);
      if (!doc) {
        throw new IpcRefusal(
          'ORDER_NOT_FOUND',
          `Order ${orderId} is not on this desk. Check the number, or wait until it has synced.`,
        );
      }
      if (doc.items.every((i) => i.seller === newSellerId)) {
        throw new IpcRefusal(
          'SELLER_CHANGE_NOT_ALLOWED',
          `Seller ${newSellerId} already fulfils this order.`,
        );
      }
      const body: ChangeSellerRequest = {
        newSellerId,
        marketplacePaymentValue: doc.value,
        shippingData: {
          logisticsInfo: (doc.shippingData?.logisticsInfo ?? []).map((li) => ({
            itemIndex: li.itemIndex,
            selectedSla: li.selectedSla ?? '',
            selectedDeliveryChannel: li.selectedDeliveryChannel ?? null,
          })),
        },
      };
      try {
        await session.client.changeSeller(orderId, body, ONLINE);
      } catch (err) {
        if (!isVtexClientError(err)) throw err;
        const mayHaveLanded =
          err.ambiguous || err.code === 'VTEX_TIMEOUT' || err.code === 'VTEX_BAD_RESPONSE';
        if (!mayHaveLanded) {
          if (err.code === 'VTEX_REJECTED' || err.code === 'VTEX_CONFLICT') {
            const words = err.message.includes(': ')
              ? err.message.slice(err.message.indexOf(': ') + 2)
              : err.message;
            throw new IpcRefusal('SELLER_CHANGE_NOT_ALLOWED', `VTEX refused: ${words}`);
          }
          throw err;
        }
        // The answer was lost: VTEX's order says whether the move happened.
        const now = await session.client.getOrder(orderId, ONLINE);
        if (!now.items.every((i) => i.seller === newSellerId)) throw err;
      }
      const fresh = await session.client.getOrder(orderId, ONLINE).catch(() => null);
      if (fresh) upsertOrders(session.db, [fresh]);
      const note = queueAction(
        session.db,
        { station: s.settings.stationName(), operator: op.name, clock: s.clock },
        {
          verb: 'note',
          orderId,
          data: {
            message: `Seller changed to ${newSellerId}, authorized by ${supervisor}: ${reason}`,
          },
        },
      );
      s.localChange([orderId]);
      return { orderId, newSellerId, noteActionId: note.ok ? note.actionId : null };
    },
  };
}
