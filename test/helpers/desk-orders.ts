import type { OrderDocument } from '../../vtex';

/**
 * Realistic, internally consistent VTEX order documents for the desk's store tests and the bench.
 * Deterministic: order `index` with a given `seed` is always the same document, so a bench can
 * regenerate order k to know what to search for. Totals add up (items + shipping − discounts =
 * value = payments = invoice), dates follow the status, names carry accents, some ids and
 * documents carry punctuation. Fast enough for 100k documents in about a second.
 */

export const BASE_MS = Date.parse('2026-11-27T12:00:00.000Z');
const DAY = 86_400_000;

/** VTEX writes 7 fractional digits and `Z`. `ticks` fills digits 4–7 (100 ns units). */
export function vtexTime(ms: number, ticks = 0): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, `.$1${String(ticks % 10_000).padStart(4, '0')}Z`);
}

/** mulberry32: tiny, fast, good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const FIRST = [
  'José',
  'João',
  'Maria',
  'Ana',
  'Conceição',
  'Ângela',
  'Inês',
  'Antônio',
  'Luís',
  'Márcia',
  'Sebastião',
  'Raí',
  'Zoë',
  'François',
  'Cláudia',
  'Fábio',
  'Débora',
  'Júlia',
  'Lúcia',
  'André',
  'Pedro',
  'Paulo',
  'Carla',
  'Bruno',
  'Rafael',
  'Tatiana',
  'Helena',
  'Gonçalo',
  'Mônica',
  'Vitória',
  'Otávio',
  'Caio',
  'Letícia',
  'Patrícia',
  'Sérgio',
  'Renata',
  'Thiago',
  'Bárbara',
  'Ênio',
  'Íris',
  'Ana-Clara',
  'Jean-Pierre',
  'Eduardo',
  'Gabriel',
  'Isabela',
  'Larissa',
  'Marcelo',
  'Natália',
  'Rodrigo',
  'Simone',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Conceição',
  'Gonçalves',
  'Araújo',
  'Lúcio',
  'Müller',
  'Fernandes',
  'Rodrigues',
  'Almeida',
  'Pereira',
  'Carvalho',
  'Gomes',
  'Ribeiro',
  'Martins',
  'Rocha',
  'Barbosa',
  'Lopes',
  'Cardoso',
  'Teixeira',
  'Correia',
  'Mendes',
  'Nascimento',
  'Brandão',
  'Magalhães',
  'Assunção',
  'Guimarães',
  'Simões',
  "D'Ávila",
  'Estêvão',
  'Falcão',
  'Leão',
  'Romão',
  'Sampaio',
  'Vasconcelos',
  'Queiroz',
  'Moraes',
  'Freitas',
  'Peixoto',
  'Bittencourt',
  'Siqueira',
  'Tavares',
  'Xavier',
  'Yamamoto',
  'Zanetti',
  'Öztürk',
  'Núñez',
  'Kowalski',
];
const DOMAINS = [
  'gmail.com',
  'hotmail.com',
  'outlook.com',
  'yahoo.com.br',
  'uol.com.br',
  'empresa.com.br',
];
const NOUNS = [
  'Camiseta',
  'Calça',
  'Tênis',
  'Jaqueta',
  'Mochila',
  'Relógio',
  'Óculos',
  'Boné',
  'Meia',
  'Bermuda',
  'Vestido',
  'Saia',
  'Blusa',
  'Casaco',
  'Cinto',
  'Carteira',
  'Sandália',
  'Chinelo',
  'Pijama',
  'Cachecol',
];
const ADJECTIVES = [
  'Básica',
  'Esportiva',
  'Clássica',
  'Térmica',
  'Orgânica',
  'Estampada',
  'Listrada',
  'Confortável',
  'Impermeável',
  'Elegante',
];
const MATERIALS = ['Algodão', 'Poliéster', 'Couro', 'Linho', 'Lã', 'Jeans', 'Seda', 'Nylon'];
const COLORS = ['Azul', 'Preto', 'Branco', 'Vermelho', 'Verde', 'Cinza', 'Marrom', 'Amarelo'];
const CITIES: [string, string, string][] = [
  ['São Paulo', 'SP', '01310-100'],
  ['Rio de Janeiro', 'RJ', '20040-020'],
  ['Belo Horizonte', 'MG', '30130-010'],
  ['Curitiba', 'PR', '80010-000'],
  ['Porto Alegre', 'RS', '90010-150'],
  ['Florianópolis', 'SC', '88010-000'],
  ['Brasília', 'DF', '70040-010'],
  ['Goiânia', 'GO', '74003-010'],
];
const STREETS = [
  'Rua das Flores',
  'Avenida Paulista',
  'Rua Augusta',
  'Alameda Santos',
  'Rua São João',
  'Travessa Conceição',
];
const PAYMENTS: [string, string, string][] = [
  ['2', 'Visa', 'creditCard'],
  ['4', 'Mastercard', 'creditCard'],
  ['6', 'Boleto Bancário', 'bankInvoice'],
  ['201', 'Dinheiro', 'promissory'],
  ['125', 'Pix', 'instantPayment'],
];
/** Weighted: a warehouse cache is mostly open work and recent history. */
const STATUSES: [string, number][] = [
  ['payment-pending', 6],
  ['payment-approved', 8],
  ['window-to-cancel', 4],
  ['ready-for-handling', 20],
  ['handling', 15],
  ['invoiced', 35],
  ['canceled', 10],
  ['cancellation-requested', 2],
];
const STATUS_TOTAL = STATUSES.reduce((n, [, w]) => n + w, 0);

export const PRODUCT_COUNT = 2000;

export interface Product {
  skuId: string;
  productId: string;
  ean: string;
  refId: string;
  name: string;
  price: number;
}

/** A fixed catalogue: product k always has the same SKU, EAN, refId, name and price. */
export function product(k: number): Product {
  const n = ((k % PRODUCT_COUNT) + PRODUCT_COUNT) % PRODUCT_COUNT;
  const name = `${NOUNS[n % NOUNS.length]} ${ADJECTIVES[Math.floor(n / NOUNS.length) % ADJECTIVES.length]} ${MATERIALS[Math.floor(n / 200) % MATERIALS.length]} ${COLORS[Math.floor(n / 7) % COLORS.length]}`;
  return {
    skuId: String(10_000 + n),
    productId: String(5_000 + Math.floor(n / 4)),
    // 789 (Brazil) + 9 digits + a fixed check digit: 13 digits, unique per product.
    ean: `789${String(100_000_000 + n * 37).padStart(9, '0')}${n % 10}`,
    refId: `REF-${String(n).padStart(5, '0')}`,
    name,
    price: 1990 + ((n * 7919) % 45_000),
  };
}

export interface ItemSpec {
  product?: number;
  skuId?: string;
  ean?: string | null;
  refId?: string | null;
  name?: string;
  price?: number;
  quantity?: number;
}

export interface OrderSpec {
  /** Position in the generated set; fixes the ids and, with `seed`, everything random. */
  index?: number;
  seed?: number;
  orderId?: string;
  sequence?: string;
  status?: string;
  creationMs?: number;
  /** Defaults to creation + some minutes, later for orders further along. */
  lastChangeMs?: number;
  /** Sub-millisecond digits of lastChange (0–9999). */
  lastChangeTicks?: number;
  customer?: {
    firstName?: string;
    lastName?: string;
    email?: string;
    document?: string;
  };
  items?: ItemSpec[];
  pickup?: boolean;
  affiliateId?: string | null;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9]/g, '')
    .toLowerCase();
}

/** Real customers write their e-mail many ways; most local parts are unique tokens. */
function emailFor(r: () => number, firstName: string, lastName: string): string {
  const f = fold(firstName);
  const l = fold(lastName.split(' ').at(-1) ?? lastName);
  const n = String(Math.floor(r() * 10_000));
  const local = [
    `${f}.${l}${n}`,
    `${f}${l}${n}`,
    `${f}_${l}`,
    `${f.charAt(0)}${l}${n}`,
    `${f}${n}`,
    `${l}.${f}`,
  ][Math.floor(r() * 6)] as string;
  return `${local}@${pick(r, DOMAINS)}`;
}

function cpf(r: () => number, formatted: boolean): string {
  let d = '';
  for (let i = 0; i < 11; i++) d += Math.floor(r() * 10);
  return formatted ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}` : d;
}

function statusFor(r: () => number): string {
  let x = r() * STATUS_TOTAL;
  for (const [s, w] of STATUSES) {
    x -= w;
    if (x < 0) return s;
  }
  return 'invoiced';
}

/** The order id of generated order `index`: unique per index, 13-digit group + seller suffix. */
export function orderIdOf(index: number, seed = 1): string {
  const group = 1_170_000_000_000 + index * 37 + ((index * 13 + seed) % 37);
  return `${group}-0${1 + (index % 11 === 0 ? 1 : 0)}`;
}

export function sequenceOf(index: number): string {
  return String(500_000 + index);
}

/** One realistic order. Everything not given is derived from `index` and `seed`. */
export function makeOrder(spec: OrderSpec = {}): OrderDocument {
  const index = spec.index ?? 0;
  const seed = spec.seed ?? 1;
  const r = rng(seed * 1_000_003 + index);
  const orderId = spec.orderId ?? orderIdOf(index, seed);
  const status = spec.status ?? statusFor(r);
  const creationMs = spec.creationMs ?? BASE_MS - Math.floor(r() * 60 * DAY);
  const lastChangeMs = spec.lastChangeMs ?? creationMs + 60_000 + Math.floor(r() * 2 * DAY);

  const firstName = spec.customer?.firstName ?? pick(r, FIRST);
  const lastName =
    spec.customer?.lastName ?? `${pick(r, LAST)}${r() < 0.3 ? ` ${pick(r, LAST)}` : ''}`;
  const email = spec.customer?.email ?? emailFor(r, firstName, lastName);
  const document = spec.customer?.document ?? cpf(r, r() < 0.1);

  const specs: ItemSpec[] =
    spec.items ?? Array.from({ length: 1 + Math.floor(r() * 4) }, () => ({}));
  const items = specs.map((s, i) => {
    const p = product(s.product ?? Math.floor(r() * PRODUCT_COUNT));
    const price = s.price ?? p.price;
    return {
      uniqueId: `${orderId.replace('-', '')}${i}`.padEnd(32, 'A'),
      id: s.skuId ?? p.skuId,
      productId: p.productId,
      ean: s.ean === undefined ? p.ean : s.ean,
      refId: s.refId === undefined ? p.refId : s.refId,
      name: s.name ?? p.name,
      quantity: s.quantity ?? 1 + Math.floor(r() * 3),
      seller: '1',
      price,
      listPrice: price,
      sellingPrice: price,
      measurementUnit: 'un',
      unitMultiplier: 1,
      isGift: false,
      imageUrl: `https://store.vteximg.com.br/arquivos/ids/${p.skuId}-55-55/image.jpg`,
    };
  });
  const itemsTotal = items.reduce((n, it) => n + it.price * it.quantity, 0);
  const pickup = spec.pickup ?? r() < 0.15;
  const shipping = pickup ? 0 : 990 + Math.floor(r() * 2000);
  const discount = r() < 0.2 ? -Math.floor(itemsTotal * 0.1) : 0;
  const value = itemsTotal + shipping + discount;
  const [city, state, postalCode] = pick(r, CITIES);
  const [paymentSystem, paymentSystemName, group] = pick(r, PAYMENTS);
  const paid = !['payment-pending', 'canceled'].includes(status);
  const invoiced = status === 'invoiced';
  const invoicedMs = lastChangeMs;

  return {
    orderId,
    sequence: spec.sequence ?? sequenceOf(index),
    marketplaceOrderId: '',
    sellerOrderId: `00-${orderId}`,
    origin: 'Marketplace',
    affiliateId: spec.affiliateId !== undefined ? spec.affiliateId : r() < 0.1 ? 'MLB' : '',
    salesChannel: '1',
    merchantName: null,
    status,
    workflowIsInError: false,
    statusDescription: status,
    value,
    creationDate: vtexTime(creationMs, Math.floor(r() * 10_000)),
    lastChange: vtexTime(lastChangeMs, spec.lastChangeTicks ?? Math.floor(r() * 10_000)),
    orderGroup: orderId.split('-')[0] ?? null,
    hostname: 'lojademo',
    totals: [
      { id: 'Items', name: 'Total dos Itens', value: itemsTotal },
      { id: 'Discounts', name: 'Total dos Descontos', value: discount },
      { id: 'Shipping', name: 'Total do Frete', value: shipping },
      { id: 'Tax', name: 'Total da Taxa', value: 0 },
    ],
    items,
    clientProfileData: {
      id: 'clientProfileData',
      email,
      firstName,
      lastName,
      documentType: 'cpf',
      document,
      phone: `+55119${String(Math.floor(r() * 1e8)).padStart(8, '0')}`,
      isCorporate: false,
      userProfileId: null,
    },
    shippingData: {
      id: 'shippingData',
      address: {
        addressType: pickup ? 'pickup' : 'residential',
        receiverName: `${firstName} ${lastName}`,
        addressId: `addr-${index}`,
        postalCode,
        city,
        state,
        country: 'BRA',
        street: pick(r, STREETS),
        number: String(1 + Math.floor(r() * 2000)),
        neighborhood: 'Centro',
        complement: null,
        reference: null,
        geoCoordinates: [],
      },
      logisticsInfo: items.map((_, i) => ({
        itemIndex: i,
        selectedSla: pickup ? 'Retirada na Loja' : 'Normal',
        selectedDeliveryChannel: pickup ? 'pickup-in-point' : 'delivery',
        price: i === 0 ? shipping : 0,
        shippingEstimate: pickup ? '1bd' : '5bd',
        deliveryChannel: pickup ? 'pickup-in-point' : 'delivery',
        pickupStoreInfo: pickup
          ? { isPickupStore: true, friendlyName: 'Loja Centro', address: null, dockId: '1' }
          : { isPickupStore: false, friendlyName: null, address: null, dockId: null },
        deliveryIds: [
          {
            courierId: '1',
            courierName: pickup ? 'Retirada' : 'Transportadora',
            dockId: '1',
            warehouseId: '1_1',
            quantity: items[i]?.quantity ?? 1,
          },
        ],
      })),
    },
    paymentData: {
      giftCards: [],
      transactions: [
        {
          isActive: true,
          transactionId: `TX${orderId.replace('-', '')}`,
          merchantName: 'LOJADEMO',
          payments: [
            {
              id: `PAY${orderId.replace('-', '')}`,
              paymentSystem,
              paymentSystemName,
              value,
              installments: group === 'creditCard' ? 1 + Math.floor(r() * 6) : 1,
              referenceValue: value,
              group,
              tid: paid ? String(Math.floor(r() * 1e10)) : null,
            },
          ],
        },
      ],
    },
    packageAttachment: {
      packages: invoiced
        ? [
            {
              items: items.map((it, i) => ({
                itemIndex: i,
                quantity: it.quantity,
                price: it.price,
              })),
              courier: pickup ? 'Retirada' : 'Transportadora',
              invoiceNumber: `NF-${sequenceOf(index)}`,
              invoiceValue: value,
              invoiceUrl: null,
              issuanceDate: vtexTime(invoicedMs),
              trackingNumber: pickup ? null : `BR${index}XX`,
              invoiceKey: null,
              trackingUrl: null,
              type: 'Output',
            },
          ]
        : [],
    },
    storePreferencesData: {
      countryCode: 'BRA',
      currencyCode: 'BRL',
      currencySymbol: 'R$',
      timeZone: 'E. South America Standard Time',
    },
    allowCancellation: !invoiced && status !== 'canceled',
    allowEdition: false,
    isCompleted: true,
    authorizedDate: paid ? vtexTime(creationMs + 30_000) : null,
    invoicedDate: invoiced ? vtexTime(invoicedMs) : null,
    cancelReason: status === 'canceled' ? 'Pedido cancelado pelo cliente' : null,
  };
}

/** `count` orders from `start`, in arrays of `batch` (what one upsert transaction takes). */
export function* bulkOrders(
  count: number,
  opts: { seed?: number; start?: number; batch?: number } = {},
): Generator<OrderDocument[]> {
  const seed = opts.seed ?? 1;
  const start = opts.start ?? 0;
  const batch = opts.batch ?? 5000;
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    yield Array.from({ length: n }, (_, k) => makeOrder({ index: start + i + k, seed }));
  }
}
