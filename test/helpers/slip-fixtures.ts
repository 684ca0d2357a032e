import type { OrderDocument, Package } from '../../vtex';
import type { StoreSettings } from '../../main/core/print/settings';
import { makeOrder, type ItemSpec } from './desk-orders';

/**
 * Orders for the slip tests (issue 6): realistic documents from desk-orders with the invoice
 * details a slip prints (NF-e key, DANFE URL, courier, tracking) set to known values.
 */

export const STORE: StoreSettings = {
  name: 'Loja Demo Centro',
  address: 'Rua Augusta, 1500 – Consolação\nSão Paulo – SP · CEP 01304-001',
  taxId: '12.345.678/0001-90',
  timeZone: 'America/Sao_Paulo',
};

/** A valid-looking 44-digit NF-e access key: UF 35, 2611, the store's CNPJ, model 55, series 1. */
export const NFE_KEY = '35261112345678000190550010000123451000123456';

export const LONG_NAME =
  'Kit Presente Camiseta Básica Orgânica de Algodão Pima Egípcio com Gola Careca Reforçada, Estampa Exclusiva Edição Limitada Verão 2026 e Caixa de Madeira Reflorestada Gravada a Laser';

export interface SlipOrderSpec {
  index?: number;
  items?: ItemSpec[];
  pickup?: boolean;
  /** Payment group of the single payment (promissory = cash). */
  paymentGroup?: 'creditCard' | 'promissory' | 'bankInvoice';
  invoiceNumber?: string;
  invoiceUrl?: string | null;
  status?: string;
}

function withPayment(doc: OrderDocument, group: SlipOrderSpec['paymentGroup']): void {
  const p = doc.paymentData?.transactions[0]?.payments[0];
  if (!p || !group) return;
  p.group = group;
  if (group === 'promissory') {
    p.paymentSystem = '201';
    p.paymentSystemName = 'Dinheiro';
    p.installments = 1;
    p.lastDigits = null;
  } else if (group === 'creditCard') {
    p.paymentSystem = '2';
    p.paymentSystemName = 'Visa';
    p.installments = 3;
    p.lastDigits = '4242';
  } else {
    p.paymentSystem = '6';
    p.paymentSystemName = 'Boleto Bancário';
    p.installments = 1;
    p.lastDigits = null;
  }
}

/** An invoiced order with one output invoice for its whole value. */
export function invoicedOrder(spec: SlipOrderSpec = {}): OrderDocument {
  const doc = makeOrder({
    index: spec.index ?? 7,
    status: spec.status ?? 'invoiced',
    pickup: spec.pickup ?? false,
    ...(spec.items ? { items: spec.items } : {}),
  });
  withPayment(doc, spec.paymentGroup ?? 'creditCard');
  const pkg: Package = {
    items: doc.items.map((it, i) => ({ itemIndex: i, quantity: it.quantity, price: it.price })),
    courier: spec.pickup ? 'Retirada na loja' : 'Transportadora Rápida',
    invoiceNumber: spec.invoiceNumber ?? 'NF-12345',
    invoiceValue: doc.value,
    invoiceUrl:
      spec.invoiceUrl === undefined
        ? `https://nfe.lojademo.com.br/danfe/${NFE_KEY}.pdf`
        : spec.invoiceUrl,
    issuanceDate: '2026-11-27T14:35:00-0300',
    trackingNumber: spec.pickup ? null : 'BR123456789XX',
    invoiceKey: NFE_KEY,
    trackingUrl: null,
    type: 'Output',
    volumes: 1,
  };
  doc.packageAttachment = { packages: [pkg] };
  return doc;
}

/** `n` distinct items (for pagination). */
export function manyItems(n: number): ItemSpec[] {
  return Array.from({ length: n }, (_, i) => ({ product: i * 3 + 1, quantity: 1 + (i % 3) }));
}

/** An invoiced order with a return (Input) invoice for its first line. */
export function returnedOrder(): OrderDocument {
  const doc = invoicedOrder({
    items: [
      { product: 11, quantity: 2 },
      { product: 12, quantity: 1 },
    ],
  });
  const first = doc.items[0];
  if (!first) throw new Error('fixture has no items');
  const value = first.price;
  doc.packageAttachment?.packages.push({
    items: [{ itemIndex: 0, quantity: 1, price: first.price }],
    courier: null,
    invoiceNumber: 'DEV-777',
    invoiceValue: value,
    invoiceUrl: null,
    issuanceDate: '2026-11-29T10:00:00-0300',
    trackingNumber: null,
    invoiceKey: null,
    trackingUrl: null,
    type: 'Input',
    restitutions: {
      Refund: {
        value,
        giftCardData: null,
        items: [
          {
            id: first.id,
            quantity: 1,
            price: first.price,
            useFreight: false,
            isCompensation: false,
          },
        ],
      },
    },
  });
  return doc;
}

/** An order in handling with a first, partial output invoice (its first line only). */
export function partialOrder(): OrderDocument {
  const doc = invoicedOrder({
    status: 'handling',
    items: [
      { product: 21, quantity: 1 },
      { product: 22, quantity: 2 },
    ],
    invoiceNumber: 'NF-PART-1',
  });
  const pkg = doc.packageAttachment?.packages[0];
  const first = doc.items[0];
  if (!pkg || !first) throw new Error('fixture has no invoice');
  pkg.items = [{ itemIndex: 0, quantity: first.quantity, price: first.price }];
  pkg.invoiceValue = first.price * first.quantity + 500;
  return doc;
}
