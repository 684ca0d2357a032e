import type { ActionQueued, OperatorView } from '../../preload/contract';
import { changeFailed, type ChangeRequestBodyInput } from '../../vtex';
import { getOrderDoc } from '../core/db';
import {
  actionsOfOrder,
  discardAction,
  noteMarker,
  queueAction,
  retryAction,
  type ActionRow,
} from '../core/outbox';
import type { DeskServices } from './desk-services';
import { IpcRefusal, refused } from './errors';
import type { Handlers } from './handlers';
import { orderRowOf } from './order-queries';

type ChangeChannel =
  'actions:change' | 'changes:preview' | 'changes:list' | 'changes:retry' | 'changes:cancel';

/** Online calls are short: the worker is looking at the dialog. */
const ONLINE = { retries: 0, timeoutMs: 8000 } as const;

type Lines = {
  remove?: { id: string; quantity: number }[] | undefined;
  replace?: { from: { id: string; quantity: number }; to: { id: string; quantity: number } }[];
};

/** VTEX's body for the worker's lines (the preview has no action, so no marker). */
function bodyOf(reason: string, l: Lines): ChangeRequestBodyInput {
  return {
    reason,
    ...(l.remove?.length ? { remove: { items: l.remove } } : {}),
    ...(l.replace?.length
      ? {
          replace: l.replace.map((r) => ({
            from: { items: [r.from] },
            to: { items: [r.to] },
          })),
        }
      : {}),
  };
}

/**
 * The change-of-items channels. The change is queued through the outbox (one PATCH at VTEX,
 * found again by its marker); the preview, the history and the retry/cancel of a failed change
 * are VTEX's own and need it online. A retry or cancel of a change this desk sent goes through
 * its action, so Needs attention and VTEX agree.
 */
export function changeHandlers(desk: () => DeskServices): Pick<Handlers, ChangeChannel> {
  const operator = (): OperatorView => {
    const op = desk().shift.current();
    if (!op) throw new IpcRefusal('NO_OPERATOR');
    return op;
  };
  const cached = (orderId: string) => {
    const doc = getOrderDoc(desk().session().db, orderId);
    if (!doc) {
      throw new IpcRefusal(
        'ORDER_NOT_FOUND',
        `Order ${orderId} is not on this desk. Check the number, or wait until it has synced.`,
      );
    }
    return doc;
  };
  /** The desk's action whose marker is in the change's reason. */
  const actionOf = (orderId: string, reason: string | null | undefined): ActionRow | undefined =>
    actionsOfOrder(desk().session().db, orderId).find(
      (a) => a.kind === 'change' && (reason ?? '').includes(noteMarker(a.id)),
    );

  return {
    'actions:change': ({ orderId, ...data }): ActionQueued => {
      const op = operator();
      const s = desk();
      const session = s.session();
      const clean = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
      const r = queueAction(
        session.db,
        { station: s.settings.stationName(), operator: op.name, clock: s.clock },
        { verb: 'change', orderId, data: clean },
      );
      if (!r.ok) refused(r.refusal);
      s.localChange([orderId]);
      const row = orderRowOf(session.db, orderId);
      return {
        actionId: r.actionId,
        orderId,
        displayStatus: row?.displayStatus ?? '',
        label: row?.pendingLabel ?? null,
        invoiceNumber: null,
        change: null,
      };
    },

    'changes:preview': async ({ orderId, reason, remove, replace }) => {
      const doc = cached(orderId);
      const p = await desk()
        .session()
        .client.previewChange(orderId, bodyOf(reason, { remove, replace }), ONLINE);
      return {
        totalChangeValue: p.totalChangeValue,
        totals: (p.totals ?? []).map((t) => ({ id: t.id, value: Math.round(t.value) })),
        newOrderValue: doc.value + p.totalChangeValue,
      };
    },

    'changes:list': async ({ orderId }) => {
      cached(orderId);
      const list = await desk().session().client.listChanges(orderId, ONLINE);
      return {
        changes: list.requests
          .map((c) => {
            const err = [...(c.logs ?? [])].reverse().find((l) => l.type === 'error');
            return {
              requestId: c.requestId,
              status: c.status ?? null,
              inProgress: c.inProgress ?? null,
              failed: changeFailed(c),
              reason: c.reason ?? null,
              totalChangeValue: c.totalChangeValue,
              date: c.date ?? null,
              lastError: err?.message ?? null,
              actionId: actionOf(orderId, c.reason)?.id ?? null,
            };
          })
          .reverse(),
      };
    },

    'changes:retry': async ({ orderId, requestId }) => {
      operator();
      cached(orderId);
      const s = desk();
      const session = s.session();
      const list = await session.client.listChanges(orderId, ONLINE);
      const change = list.requests.find((c) => c.requestId === requestId);
      const action = actionOf(orderId, change?.reason);
      if (action?.state === 'attention') {
        const r = retryAction(session.db, s.clock, action.id);
        if (!r.ok) refused(r.refusal);
        s.localChange([orderId]);
        return { requestId };
      }
      await session.client.retryChange(orderId, requestId, ONLINE);
      s.localChange([orderId]);
      return { requestId };
    },

    'changes:cancel': async ({ orderId, requestId, reason }) => {
      const op = operator();
      cached(orderId);
      const s = desk();
      const session = s.session();
      const list = await session.client.listChanges(orderId, ONLINE);
      const change = list.requests.find((c) => c.requestId === requestId);
      await session.client.cancelChange(orderId, requestId, `${reason} (${op.name})`, ONLINE);
      const action = actionOf(orderId, change?.reason);
      if (action?.state === 'attention') {
        discardAction(session.db, s.clock, action.id, `canceled at VTEX: ${reason} (${op.name})`);
      }
      s.localChange([orderId]);
      return { requestId };
    },
  };
}
