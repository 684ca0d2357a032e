import type { VtexResource } from '../../../vtex';
import type { VtexClient } from './client';
import { isVtexClientError } from './errors';

/**
 * Which License Manager resources the desk needs does a key hold? One harmless call per resource:
 * reads, or writes aimed at an order that does not exist (VTEX checks the permission before it
 * looks for the order, so 404 means "allowed" and nothing is changed).
 */

export interface ResourceCheck {
  resource: VtexResource;
  /** true: held; false: VTEX answered 403; null: the check could not tell (network, 401). */
  allowed: boolean | null;
}

/** An order id no account has: writes to it change nothing. */
const NO_ORDER = 'order-desk-permission-check-01';

type Probe = (c: VtexClient) => Promise<unknown>;
const once = { retries: 0 } as const;

export const DESK_RESOURCE_PROBES: readonly { resource: VtexResource; probe: Probe }[] = [
  { resource: 'View order', probe: (c) => c.getOrder(NO_ORDER, once) },
  { resource: 'List Orders', probe: (c) => c.listOrders({ perPage: 1 }, once) },
  { resource: 'Feed v3 and Hook Admin', probe: (c) => c.getFeedConfig(once) },
  { resource: 'Change order workflow status', probe: (c) => c.startHandling(NO_ORDER, once) },
  { resource: 'Notify payment', probe: (c) => c.paymentNotification(NO_ORDER, 'check', once) },
  {
    resource: 'Notify invoice',
    probe: (c) =>
      c.patchInvoice(
        NO_ORDER,
        'check',
        { trackingNumber: '', trackingUrl: null, courier: null, dispatchedDate: null },
        once,
      ),
  },
  { resource: 'Cancel order', probe: (c) => c.cancel(NO_ORDER, { reason: 'check' }, once) },
  {
    resource: 'Orders Full Access',
    probe: (c) => c.getNotes(NO_ORDER, once),
  },
];

export async function checkResources(client: VtexClient): Promise<ResourceCheck[]> {
  return Promise.all(
    DESK_RESOURCE_PROBES.map(async ({ resource, probe }) => {
      try {
        await probe(client);
        return { resource, allowed: true };
      } catch (err) {
        if (!isVtexClientError(err)) throw err;
        if (err.code === 'VTEX_FORBIDDEN') return { resource, allowed: false };
        if (
          err.code === 'VTEX_UNAUTHORIZED' ||
          err.code === 'VTEX_NETWORK' ||
          err.code === 'VTEX_TIMEOUT' ||
          err.code === 'VTEX_RATE_LIMITED' ||
          err.code === 'VTEX_SERVER'
        ) {
          return { resource, allowed: null };
        }
        // 404, 400, 409: VTEX let the call through to the order lookup.
        return { resource, allowed: true };
      }
    }),
  );
}
