import type { CustomerOrdersResponse } from '../../preload/contract';
import { getOrder, getOrderDoc, parseVtexTime, searchOrders } from '../core/db';
import { isVtexClientError } from '../core/vtex/errors';
import type { DeskServices } from './desk-services';
import { IpcRefusal } from './errors';
import type { Handlers } from './handlers';
import { orderDetail } from './order-detail';
import { listQueue, queueCounts, scan } from './order-queries';

type OrderChannel =
  | 'orders:list'
  | 'orders:counts'
  | 'orders:search'
  | 'orders:get'
  | 'orders:conversation'
  | 'orders:payment-transaction'
  | 'orders:customer-orders';

/** A failed VTEX read because VTEX cannot be reached (as opposed to VTEX saying no). */
function unreachable(err: unknown): boolean {
  return isVtexClientError(err) && (err.code === 'VTEX_NETWORK' || err.code === 'VTEX_TIMEOUT');
}

/** The one-line text of a conversation party, which VTEX sends as a string or an object. */
function party(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) {
    const all = v.map(party).filter((s): s is string => !!s);
    return all.length > 0 ? all.join(', ') : null;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const name = typeof o.name === 'string' ? o.name : typeof o.Name === 'string' ? o.Name : null;
    const email =
      typeof o.email === 'string' ? o.email : typeof o.Email === 'string' ? o.Email : null;
    if (name && email) return `${name} <${email}>`;
    return name ?? email;
  }
  return null;
}

/** Online reads are short: the screen is waiting, and the cache answers everything else. */
const ONLINE_READ = { retries: 0, timeoutMs: 8000 } as const;

export function orderHandlers(desk: () => DeskServices): Pick<Handlers, OrderChannel> {
  const db = () => desk().session().db;
  const cachedDoc = (orderId: string) => {
    const doc = getOrderDoc(db(), orderId);
    if (!doc) {
      throw new IpcRefusal(
        'ORDER_NOT_FOUND',
        `Order ${orderId} is not on this desk. Check the number, or wait until it has synced.`,
      );
    }
    return doc;
  };
  return {
    'orders:list': (q) => listQueue(db(), q),
    'orders:counts': () => queueCounts(db()),
    'orders:search': ({ text, limit }) => scan(db(), text, limit),
    'orders:get': ({ orderId }) => orderDetail(db(), orderId),

    'orders:conversation': async ({ orderId }) => {
      cachedDoc(orderId);
      const messages = await desk().session().client.getConversation(orderId, ONLINE_READ);
      return {
        messages: messages.map((m) => ({
          id: m.id,
          from: party(m.from),
          to: party(m.to),
          subject: m.subject ?? null,
          body: m.body ?? null,
          date: m.date ?? null,
        })),
      };
    },

    'orders:payment-transaction': async ({ orderId }) => {
      cachedDoc(orderId);
      const t = await desk().session().client.getPaymentTransaction(orderId, ONLINE_READ);
      return {
        status: t.status ?? null,
        isActive: t.isActive ?? null,
        transactionId: t.transactionId ?? null,
        merchantName: t.merchantName ?? null,
        payments: t.payments.map((p) => ({
          id: p.id,
          paymentSystemName: p.paymentSystemName ?? null,
          group: p.group ?? null,
          value: p.value,
          installments: p.installments ?? null,
          tid: p.tid ?? null,
          lastDigits: p.lastDigits ?? null,
          dueDate: p.dueDate ?? null,
        })),
      };
    },

    'orders:customer-orders': async ({
      orderId,
      page,
      perPage,
    }): Promise<CustomerOrdersResponse> => {
      const doc = cachedDoc(orderId);
      const email = doc.clientProfileData?.email ?? null;
      if (!email) return { email: null, source: 'cache', orders: [], page: 1, pages: 0 };
      const session = desk().session();
      const isCached = (id: string) => getOrder(session.db, id) !== undefined;
      try {
        const res = await session.client.userOrders(
          { clientEmail: email, page, perPage },
          ONLINE_READ,
        );
        return {
          email,
          source: 'vtex',
          page: res.paging?.currentPage ?? page,
          pages: res.paging?.pages ?? 1,
          orders: res.list
            .filter((o) => o.orderId !== orderId)
            .map((o) => ({
              orderId: o.orderId,
              creationDate: o.creationDate ? (parseVtexTime(o.creationDate)?.ms ?? null) : null,
              status: o.status ?? null,
              value: typeof o.totalValue === 'number' ? Math.round(o.totalValue) : null,
              cached: isCached(o.orderId),
            })),
        };
      } catch (err) {
        if (!unreachable(err)) throw err;
        // Offline: the orders of this customer the desk has (the e-mail is in the search index).
        const hits = searchOrders(session.db, email, 50).filter(
          (h) => h.orderId !== orderId && h.customerEmail?.toLowerCase() === email.toLowerCase(),
        );
        return {
          email,
          source: 'cache',
          page: 1,
          pages: 1,
          orders: hits.map((h) => ({
            orderId: h.orderId,
            creationDate: h.creationDate,
            status: h.status,
            value: h.value,
            cached: true,
          })),
        };
      }
    },
  };
}
