import { getOrder } from '../core/db';
import { packEventsOf, recordPackEvent } from '../core/pack/events';
import type { DeskServices } from './desk-services';
import { IpcRefusal } from './errors';
import type { Handlers } from './handlers';
import { packView } from './order-detail';

/**
 * The `pack:*` channels: the pack check's problems kept on the station (main/core/pack), so a wrong
 * parcel can be traced after the dialog is closed. Local data only: they answer offline. Who was
 * at the desk is recorded when a shift is open; the check itself does not need one to be kept.
 */
export function packHandlers(
  desk: () => DeskServices,
): Pick<Handlers, 'pack:record' | 'pack:list'> {
  const db = () => desk().session().db;
  const known = (orderId: string) => {
    if (!getOrder(db(), orderId)) {
      throw new IpcRefusal('ORDER_NOT_FOUND', `Order ${orderId} is not on this desk.`);
    }
  };
  return {
    'pack:record': (req) => {
      known(req.orderId);
      const s = desk();
      const row = recordPackEvent(db(), {
        orderId: req.orderId,
        kind: req.kind,
        code: req.kind === 'override' ? null : req.code,
        itemName: req.kind === 'too-many' || req.kind === 'missing' ? req.itemName : null,
        expected: req.kind === 'too-many' ? req.expected : null,
        supervisor: req.kind === 'override' ? req.supervisor : null,
        quantity: req.kind === 'missing' ? req.quantity : null,
        replacedBy: req.kind === 'missing' ? (req.replacedBy ?? null) : null,
        operator: s.shift.current()?.name ?? null,
        station: s.settings.stationName(),
        now: s.clock.now(),
      });
      s.localChange([req.orderId]);
      return packView(row);
    },
    'pack:list': ({ orderId }) => {
      known(orderId);
      return { events: packEventsOf(db(), orderId).map(packView) };
    },
  };
}
