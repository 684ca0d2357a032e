import type { SlipLocale } from './settings';

/**
 * The words on a slip, in the app's three languages. A plain typed table rather than an i18next
 * instance: a slip is rendered in the main process, in one language chosen per print, and the
 * compiler checks that every language has every message.
 */
export interface SlipMessages {
  title: { output: string; return: string };
  taxId: string;
  order: string;
  sequence: string;
  invoice: string;
  series: string;
  invoiceKey: string;
  issued: string;
  customer: string;
  document: string;
  phone: string;
  deliverTo: string;
  pickupAt: string;
  pickupPoint: string;
  postalCode: string;
  items: string;
  returnedItems: string;
  qty: string;
  item: string;
  sku: string;
  unitPrice: string;
  lineTotal: string;
  subtotal: string;
  discounts: string;
  shipping: string;
  tax: string;
  adjustments: string;
  invoiceTotal: string;
  orderTotal: string;
  refund: string;
  payments: string;
  paidInCash: string;
  /** The mark of a slip printed before VTEX accepted its invoice. */
  provisional: string;
  provisionalHint: string;
  toCollectInCash: string;
  installments: (n: number) => string;
  cardEnding: (digits: string) => string;
  courier: string;
  tracking: string;
  shippingMethod: string;
  /** The delivery service (the SLA: "Normal", "Expressa"). */
  service: string;
  /** Heading of the customer's address on a return slip (nothing is delivered there). */
  customerAddress: string;
  scanInvoice: string;
  partialInvoice: string;
  page: string;
  of: string;
  volumes: string;
  thanks: string;
  /** `{count}` units in `{lines}` lines. */
  unitsInLines: (units: number, lines: number) => string;
}

const PT: SlipMessages = {
  title: { output: 'Nota de venda', return: 'Nota de devolução' },
  taxId: 'CNPJ',
  order: 'Pedido',
  sequence: 'Sequência',
  invoice: 'Nota fiscal',
  series: 'Série',
  invoiceKey: 'Chave de acesso',
  issued: 'Emissão',
  customer: 'Cliente',
  document: 'CPF/CNPJ',
  phone: 'Telefone',
  deliverTo: 'Entregar em',
  pickupAt: 'Retirada em',
  pickupPoint: 'Ponto de retirada',
  postalCode: 'CEP',
  items: 'Itens',
  returnedItems: 'Itens devolvidos',
  qty: 'Qtd',
  item: 'Item',
  sku: 'SKU',
  unitPrice: 'Preço unit.',
  lineTotal: 'Total',
  subtotal: 'Subtotal dos itens',
  discounts: 'Descontos',
  shipping: 'Frete',
  tax: 'Impostos',
  adjustments: 'Frete e descontos',
  invoiceTotal: 'Total da nota',
  orderTotal: 'Total do pedido',
  refund: 'Valor a reembolsar',
  payments: 'Pagamento',
  paidInCash: 'pago em dinheiro',
  provisional: 'PROVISÓRIO — ainda não enviado à VTEX',
  provisionalHint:
    'Não vale como comprovante final: o definitivo sai quando a VTEX aceitar a nota.',
  toCollectInCash: 'a receber em dinheiro',
  installments: (n) => `${n}x`,
  cardEnding: (d) => `final ${d}`,
  courier: 'Transportadora',
  tracking: 'Rastreio',
  shippingMethod: 'Entrega',
  service: 'Modalidade',
  customerAddress: 'Endereço do cliente',
  scanInvoice: 'Nota fiscal online',
  partialInvoice: 'Faturamento parcial',
  page: 'Página',
  of: 'de',
  volumes: 'Volumes',
  thanks: 'Obrigado pela compra!',
  unitsInLines: (u, l) =>
    `${u} ${u === 1 ? 'unidade' : 'unidades'} em ${l} ${l === 1 ? 'item' : 'itens'}`,
};

const ES: SlipMessages = {
  title: { output: 'Comprobante de venta', return: 'Comprobante de devolución' },
  taxId: 'CNPJ',
  order: 'Pedido',
  sequence: 'Secuencia',
  invoice: 'Factura',
  series: 'Serie',
  invoiceKey: 'Clave de acceso',
  issued: 'Emisión',
  customer: 'Cliente',
  document: 'Documento',
  phone: 'Teléfono',
  deliverTo: 'Entregar en',
  pickupAt: 'Retiro en',
  pickupPoint: 'Punto de retiro',
  postalCode: 'CP',
  items: 'Artículos',
  returnedItems: 'Artículos devueltos',
  qty: 'Cant.',
  item: 'Artículo',
  sku: 'SKU',
  unitPrice: 'Precio unit.',
  lineTotal: 'Total',
  subtotal: 'Subtotal de artículos',
  discounts: 'Descuentos',
  shipping: 'Envío',
  tax: 'Impuestos',
  adjustments: 'Envío y descuentos',
  invoiceTotal: 'Total de la factura',
  orderTotal: 'Total del pedido',
  refund: 'Importe a reembolsar',
  payments: 'Pago',
  paidInCash: 'pagado en efectivo',
  provisional: 'PROVISIONAL — aún no enviado a VTEX',
  provisionalHint:
    'No vale como comprobante final: el definitivo se imprime cuando VTEX acepte la factura.',
  toCollectInCash: 'a cobrar en efectivo',
  installments: (n) => `${n} cuotas`,
  cardEnding: (d) => `terminada en ${d}`,
  courier: 'Transportista',
  tracking: 'Seguimiento',
  shippingMethod: 'Envío',
  service: 'Modalidad',
  customerAddress: 'Dirección del cliente',
  scanInvoice: 'Factura en línea',
  partialInvoice: 'Facturación parcial',
  page: 'Página',
  of: 'de',
  volumes: 'Bultos',
  thanks: '¡Gracias por su compra!',
  unitsInLines: (u, l) =>
    `${u} ${u === 1 ? 'unidad' : 'unidades'} en ${l} ${l === 1 ? 'artículo' : 'artículos'}`,
};

const EN: SlipMessages = {
  title: { output: 'Sales slip', return: 'Return slip' },
  taxId: 'Tax ID',
  order: 'Order',
  sequence: 'Sequence',
  invoice: 'Invoice',
  series: 'Series',
  invoiceKey: 'Access key',
  issued: 'Issued',
  customer: 'Customer',
  document: 'Document',
  phone: 'Phone',
  deliverTo: 'Deliver to',
  pickupAt: 'Pickup at',
  pickupPoint: 'Pickup point',
  postalCode: 'Postal code',
  items: 'Items',
  returnedItems: 'Returned items',
  qty: 'Qty',
  item: 'Item',
  sku: 'SKU',
  unitPrice: 'Unit price',
  lineTotal: 'Total',
  subtotal: 'Items subtotal',
  discounts: 'Discounts',
  shipping: 'Shipping',
  tax: 'Tax',
  adjustments: 'Shipping and discounts',
  invoiceTotal: 'Invoice total',
  orderTotal: 'Order total',
  refund: 'Refund',
  payments: 'Payment',
  paidInCash: 'paid in cash',
  provisional: 'PROVISIONAL — not yet sent to VTEX',
  provisionalHint: 'Not the final slip: the final one prints once VTEX accepts the invoice.',
  toCollectInCash: 'to collect in cash',
  installments: (n) => `${n} installments`,
  cardEnding: (d) => `ending ${d}`,
  courier: 'Courier',
  tracking: 'Tracking',
  shippingMethod: 'Shipping',
  service: 'Service',
  customerAddress: 'Customer address',
  scanInvoice: 'Invoice online',
  partialInvoice: 'Partial invoice',
  page: 'Page',
  of: 'of',
  volumes: 'Parcels',
  thanks: 'Thank you for your purchase!',
  unitsInLines: (u, l) =>
    `${u} ${u === 1 ? 'unit' : 'units'} in ${l} ${l === 1 ? 'line' : 'lines'}`,
};

export const SLIP_MESSAGES: Record<SlipLocale, SlipMessages> = { 'pt-BR': PT, es: ES, en: EN };

/** Money and dates as the chosen language writes them, in the order's currency. */
export interface SlipFormat {
  money(cents: number): string;
  /** A VTEX time string (any ISO 8601 form) as a local date and time; the input when unparseable. */
  dateTime(iso: string): string;
  number(n: number): string;
}

/** Currencies without minor units would need another divisor; VTEX stores all in cents. */
export function slipFormat(locale: SlipLocale, currency: string, timeZone?: string): SlipFormat {
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency });
  // Spelled out rather than dateStyle 'short', which gives a two-digit year in some languages.
  const dt = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  });
  const num = new Intl.NumberFormat(locale);
  return {
    money: (cents) => money.format(cents / 100),
    dateTime(iso) {
      const ms = Date.parse(normalizeIso(iso));
      return Number.isFinite(ms) ? dt.format(ms) : iso;
    },
    number: (n) => num.format(n),
  };
}

/**
 * VTEX writes up to 7 fractional digits and offsets without a colon (`-0300`); Date.parse wants 3
 * digits and `-03:00`.
 */
export function normalizeIso(iso: string): string {
  return iso
    .trim()
    .replace(/(\.\d{3})\d+/, '$1')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/** An ISO 4217 code Intl accepts, or BRL (the stores this desk serves sell in reais). */
export function currencyOf(code: string | null | undefined): string {
  const c = (code ?? '').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) return 'BRL';
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: c });
    return c;
  } catch {
    return 'BRL';
  }
}
