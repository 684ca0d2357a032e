import type {
  ActionView,
  OrderDetail,
  OrderRow,
  PaymentView,
  SyncStatus,
} from '../../../preload/contract';

export function row(over: Partial<OrderRow> = {}): OrderRow {
  const id = over.orderId ?? '1000000000001-01';
  return {
    orderId: id,
    sequence: '500001',
    status: 'ready-for-handling',
    displayStatus: 'ready-for-handling',
    syncState: 'synced',
    pendingLabel: null,
    pendingCount: 0,
    hasAttention: false,
    creationDate: Date.UTC(2026, 10, 27, 12, 0),
    lastChange: Date.UTC(2026, 10, 27, 12, 5),
    customerName: 'Lara Pereira',
    value: 12345,
    currency: 'BRL',
    itemsCount: 3,
    origin: 'Marketplace',
    marketplace: null,
    salesChannel: '1',
    isPickup: false,
    ...over,
  };
}

export function rows(n: number, from = 0): OrderRow[] {
  return Array.from({ length: n }, (_, i) =>
    row({ orderId: `${1000000000000 + from + i}-01`, sequence: String(500000 + from + i) }),
  );
}

const allowed = { allowed: true, code: null, message: null };

export function payment(over: Partial<PaymentView> = {}): PaymentView {
  return {
    id: 'PAY1',
    paymentSystemName: 'Dinheiro',
    group: 'cash',
    value: 12345,
    installments: 1,
    dueDate: null,
    offline: true,
    pendingNotification: true,
    recordedLocally: false,
    cash: null,
    ...over,
  };
}

export function action(over: Partial<ActionView> = {}): ActionView {
  return {
    actionId: 'act-1',
    orderId: '1000000000001-01',
    verb: 'cancel',
    kind: 'cancel',
    state: 'attention',
    parentId: null,
    data: { reason: 'Out of stock' },
    invoiceNumber: null,
    operator: 'Ana',
    station: 'Packing 1',
    createdAt: Date.UTC(2026, 10, 27, 13, 0),
    updatedAt: Date.UTC(2026, 10, 27, 13, 1),
    doneAt: null,
    attentionAt: Date.UTC(2026, 10, 27, 13, 1),
    attempts: 1,
    inDoubt: false,
    error: {
      code: 'CONFLICT_ALREADY_CANCELED',
      message: 'The order was already canceled by someone else.',
      status: 409,
      vtexCode: null,
    },
    outcome: null,
    discardReason: null,
    canRetry: true,
    canEdit: true,
    canDiscard: true,
    ...over,
  };
}

/** An order with two lines (SKU 10 ×2 at R$ 20,00, SKU 11 ×1 at R$ 5,00) and a cash payment. */
export function detail(over: Partial<OrderDetail> = {}): OrderDetail {
  const r = row({ value: 4500, itemsCount: 3, ...(over.row ?? {}) });
  const doc = {
    orderId: r.orderId,
    sequence: r.sequence,
    status: r.status,
    value: r.value,
    creationDate: '2026-11-27T12:00:00.0000000+00:00',
    lastChange: '2026-11-27T12:05:00.0000000+00:00',
    totals: [
      { id: 'Items', name: 'Items Total', value: 4500 },
      { id: 'Shipping', name: 'Shipping Total', value: 0 },
    ],
    items: [],
    clientProfileData: { firstName: 'Lara', lastName: 'Pereira', email: 'lara@example.com' },
    shippingData: {
      address: {
        receiverName: 'Lara Pereira',
        street: 'Rua A',
        number: '10',
        city: 'São Paulo',
        state: 'SP',
        postalCode: '01000-000',
        country: 'BRA',
      },
      logisticsInfo: [{ itemIndex: 0, selectedSla: 'Normal', selectedDeliveryChannel: 'delivery' }],
    },
  } as unknown as OrderDetail['vtex'];
  return {
    row: r,
    vtex: doc,
    believed: doc,
    actions: [],
    items: [
      {
        index: 0,
        id: '10',
        name: 'Café Moído 500g',
        ean: '7896150100744',
        refId: 'CAFE',
        imageUrl: null,
        quantity: 2,
        price: 2000,
        listPrice: 2200,
        sellingPrice: 2000,
        remainingToInvoice: 2,
        returnable: 0,
      },
      {
        index: 1,
        id: '11',
        name: 'Mel 250g',
        ean: null,
        refId: null,
        imageUrl: null,
        quantity: 1,
        price: 500,
        listPrice: null,
        sellingPrice: 500,
        remainingToInvoice: 1,
        returnable: 0,
      },
    ],
    payments: [payment({ value: 4500 })],
    invoices: [],
    timeline: [],
    checks: {
      'start-handling': allowed,
      'record-payment': allowed,
      invoice: allowed,
      return: allowed,
      tracking: allowed,
      cancel: allowed,
      note: allowed,
      change: allowed,
    },
    cachedAt: Date.UTC(2026, 10, 27, 12, 6),
    ...over,
  };
}

export function syncStatus(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    online: true,
    feed: 'ok',
    pending: 0,
    attention: 0,
    oldestPendingAt: null,
    oldestPendingAgeMs: null,
    lastSyncAt: Date.UTC(2026, 10, 27, 12, 0),
    lastSentAt: null,
    catchUp: null,
    warnings: [],
    sharedKeyWarning: null,
    credentialsNeeded: false,
    rateLimitedUntil: null,
    quarantined: 0,
    at: Date.UTC(2026, 10, 27, 12, 0),
    ...over,
  };
}

export const queued = (over: Record<string, unknown> = {}) => ({
  actionId: 'a-1',
  orderId: '1000000000001-01',
  displayStatus: 'handling',
  label: 'handling — waiting to sync',
  invoiceNumber: null,
  change: null,
  ...over,
});
