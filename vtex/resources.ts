/**
 * License Manager resources (VTEX's permissions of an appKey) that the Orders API endpoints need,
 * as the Orders API OpenAPI's "Permissions" tables name them (each endpoint's description). A key lacking every resource listed for an endpoint gets
 * 403 there: one refused endpoint, not wrong credentials. The sandbox enforces this table and
 * the desk names the missing resource from it.
 */
export const RESOURCES = [
  'View order',
  'List Orders',
  'Orders Full Access',
  'Change order workflow status',
  'Cancel order',
  'Notify invoice',
  'Notify refund',
  'Notify payment',
  'Feed v3 and Hook view only',
  'Feed v3 and Hook Admin',
  'OMS Viewer',
  'Change order',
] as const;

export type VtexResource = (typeof RESOURCES)[number];

interface Rule {
  method: string;
  path: RegExp;
  /** Any one of these lets the call through. */
  anyOf: readonly VtexResource[];
}

const ORDER = '[^/]+';
const rule = (method: string, path: string, anyOf: readonly VtexResource[]): Rule => ({
  method,
  path: new RegExp(`^${path}$`),
  anyOf,
});

const FEED: readonly VtexResource[] = ['Feed v3 and Hook view only', 'Feed v3 and Hook Admin'];

const RULES: readonly Rule[] = [
  rule('GET', '/api/oms/pvt/orders', ['List Orders', 'Orders Full Access']),
  rule('GET', `/api/oms/pvt/orders/order-group/${ORDER}`, ['View order', 'Orders Full Access']),
  rule('POST', `/api/oms/pvt/orders/${ORDER}/start-handling`, ['Change order workflow status']),
  rule('POST', `/api/oms/pvt/orders/${ORDER}/cancel`, ['Cancel order']),
  rule('POST', `/api/oms/pvt/orders/${ORDER}/interactions`, ['Orders Full Access']),
  rule('GET', `/api/oms/pvt/orders/${ORDER}/interactions`, ['Orders Full Access']),
  rule('POST', `/api/oms/pvt/orders/${ORDER}/invoice`, ['Notify invoice', 'Notify refund']),
  rule('PATCH', `/api/oms/pvt/orders/${ORDER}/invoice/[^/]+`, ['Notify invoice']),
  rule('PUT', `/api/oms/pvt/orders/${ORDER}/invoice/[^/]+/tracking`, ['Notify invoice']),
  rule('GET', `/api/oms/pvt/orders/${ORDER}/conversation-message`, ['Orders Full Access']),
  rule('GET', `/api/oms/pvt/orders/${ORDER}/payment-transaction`, ['View order']),
  rule('POST', `/api/oms/pvt/orders/${ORDER}/payments/[^/]+/payment-notification`, [
    'Notify payment',
  ]),
  rule('POST', `/api/oms/pvt/orders/${ORDER}/changes`, [
    'Orders Full Access',
    'Cancel order',
    'Change order',
  ]),
  rule('GET', `/api/oms/pvt/orders/${ORDER}`, ['View order', 'Orders Full Access']),
  rule('*', '/api/orders/feed/config', FEED),
  rule('*', '/api/orders/feed', FEED),
  rule('*', '/api/orders/hook/config', FEED),
  rule('GET', `/api/orders/pvt/document/${ORDER}/change-summary`, ['OMS Viewer']),
  // VTEX DO documents no resource table for notes; the desk's key holds Orders Full Access for
  // them (docs/vtex-notes.md: check on a real account).
  rule('*', '/api/do/notes(/[^/]+)?', ['Orders Full Access']),
];

/** The resources that open an endpoint (any one suffices), or null when it needs none we know. */
export function resourcesFor(method: string, path: string): readonly VtexResource[] | null {
  const p = path.split('?')[0] ?? path;
  const m = method.toUpperCase();
  for (const r of RULES) if ((r.method === '*' || r.method === m) && r.path.test(p)) return r.anyOf;
  return null;
}
