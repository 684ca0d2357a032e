import type { OrderDocument } from '../../vtex';
import { vtexTime } from '../../sandbox/state/clock';

let counter = 0;

/**
 * A small but consistent order document (one item, totals and payment adding up to `value`),
 * independent of the sandbox's order factory. Insert it with `ctx.orders.insert(...)` and move it
 * with `ctx.orders.setStatus(...)`.
 */
export function minimalOrder(
  overrides: Partial<OrderDocument> & {
    nowMs?: number;
    unitPrice?: number;
    quantity?: number;
  } = {},
): OrderDocument {
  const {
    nowMs = Date.parse('2026-11-27T12:00:00.000Z'),
    unitPrice = 2500,
    quantity = 2,
    ...rest
  } = overrides;
  counter += 1;
  const group = String(1_300_000_000_000 + counter);
  const orderId = rest.orderId ?? `${group}-01`;
  const shipping = 1000;
  const itemsTotal = unitPrice * quantity;
  const value = itemsTotal + shipping;
  const at = vtexTime(nowMs);
  const doc: OrderDocument = {
    orderId,
    sequence: String(500_000 + counter),
    origin: 'Marketplace',
    salesChannel: '1',
    orderGroup: orderId.replace(/-\d+$/, ''),
    status: 'payment-pending',
    value,
    creationDate: at,
    lastChange: at,
    totals: [
      { id: 'Items', name: 'Items Total', value: itemsTotal },
      { id: 'Discounts', name: 'Discounts Total', value: 0 },
      { id: 'Shipping', name: 'Shipping Total', value: shipping },
      { id: 'Tax', name: 'Tax Total', value: 0 },
    ],
    items: [
      {
        uniqueId: `U${counter}A`,
        id: '1001',
        productId: '501',
        name: 'Blue mug 350 ml',
        quantity,
        seller: '1',
        price: unitPrice,
        listPrice: unitPrice,
        sellingPrice: unitPrice,
        measurementUnit: 'un',
        unitMultiplier: 1,
      },
    ],
    clientProfileData: {
      email: `customer${counter}@example.com`,
      firstName: 'Ana',
      lastName: 'Souza',
    },
    paymentData: {
      transactions: [
        {
          transactionId: `T${counter}`,
          isActive: true,
          payments: [
            {
              id: `P${counter}`,
              paymentSystem: '2',
              paymentSystemName: 'Visa',
              value,
              group: 'creditCard',
            },
          ],
        },
      ],
    },
    packageAttachment: { packages: [] },
    ...rest,
  };
  return doc;
}
