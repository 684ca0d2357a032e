import type { DrawerDetail, DrawerView, MovementView, OperatorView } from '../../preload/contract';
import { getOrder, type DeskDb } from '../core/db';
import {
  addMovement,
  closeDrawer,
  currentDrawer,
  drawerTotals,
  getDrawer,
  listDrawers,
  movementsOf,
  openDrawer,
  type DrawerRow,
} from '../core/drawer';
import { DeskError } from '../core/errors';
import { getAction } from '../core/outbox';
import type { PrintQueue } from '../core/print/queue';
import type { DeskServices } from './desk-services';
import { IpcRefusal } from './errors';
import type { Handlers } from './handlers';

type DrawerChannel =
  | 'drawer:get'
  | 'drawer:get-one'
  | 'drawer:list'
  | 'drawer:open'
  | 'drawer:move'
  | 'drawer:close'
  | 'drawer:print-report';

function drawerView(db: DeskDb, d: DrawerRow): DrawerView {
  return { ...d, totals: drawerTotals(db, d.id) };
}

function detail(db: DeskDb, d: DrawerRow): DrawerDetail {
  const labels = new Map<string, string | null>();
  const labelOf = (orderId: string): string | null => {
    if (!labels.has(orderId)) {
      const seq = getOrder(db, orderId)?.sequence;
      labels.set(orderId, seq ? `#${seq}` : null);
    }
    return labels.get(orderId) ?? null;
  };
  const movements: MovementView[] = movementsOf(db, d.id).map((m) => ({
    id: m.id,
    kind: m.kind,
    amount: m.amount,
    orderId: m.orderId,
    orderLabel: m.orderId ? labelOf(m.orderId) : null,
    actionId: m.actionId,
    actionState: m.actionId ? (getAction(db, m.actionId)?.state ?? null) : null,
    due: m.due,
    received: m.received,
    change: m.change,
    note: m.note,
    operator: m.operator,
    at: m.at,
  }));
  return { drawer: drawerView(db, d), movements };
}

/**
 * The `drawer:*` channels over the station's cash drawer (main/core/drawer). Local data only: they
 * answer offline. Opening, moving cash and closing record who did it, so they need a shift;
 * reading does not (the shift screen shows a drawer left open before a restart).
 */
export function drawerHandlers(
  desk: () => DeskServices,
  print: () => PrintQueue | null,
): Pick<Handlers, DrawerChannel> {
  const operator = (): OperatorView => {
    const op = desk().shift.current();
    if (!op) throw new IpcRefusal('NO_OPERATOR');
    return op;
  };
  const db = () => desk().session().db;
  const mustGet = (id: string): DrawerRow => {
    const d = getDrawer(db(), id);
    if (!d) throw new DeskError('DRAWER_NOT_FOUND', id);
    return d;
  };

  return {
    'drawer:get': () => {
      const open = currentDrawer(db());
      const last = listDrawers(db(), { limit: 2 }).drawers.find((d) => d.state === 'closed');
      return {
        open: open ? detail(db(), open) : null,
        lastClosed: last ? drawerView(db(), last) : null,
      };
    },
    'drawer:get-one': ({ drawerId }) => detail(db(), mustGet(drawerId)),
    'drawer:list': (q) => {
      const page = listDrawers(db(), {
        limit: q?.limit ?? 20,
        ...(q?.before ? { before: q.before } : {}),
      });
      return { drawers: page.drawers.map((d) => drawerView(db(), d)), next: page.next };
    },
    'drawer:open': ({ openingFloat }) => {
      const op = operator();
      const s = desk();
      const d = openDrawer(db(), {
        station: s.settings.stationName(),
        operator: op.name,
        openingFloat,
        now: s.clock.now(),
      });
      return detail(db(), d);
    },
    'drawer:move': ({ kind, amount, orderId, note }) => {
      const op = operator();
      const s = desk();
      const m = addMovement(db(), {
        kind,
        amount,
        orderId: orderId ?? null,
        note: note || null,
        operator: op.name,
        station: s.settings.stationName(),
        now: s.clock.now(),
      });
      return detail(db(), mustGet(m.drawerId));
    },
    'drawer:close': ({ counted, note }) => {
      const op = operator();
      const d = closeDrawer(db(), {
        counted,
        note: note || null,
        operator: op.name,
        now: desk().clock.now(),
      });
      return detail(db(), d);
    },
    'drawer:print-report': ({ drawerId, kind, dialog }) => {
      const queue = print();
      if (!queue) throw new DeskError('PRINT_UNAVAILABLE', 'no print queue in this host yet');
      return queue.printReport({ drawerId, kind, dialog });
    },
  };
}
