/**
 * The sandbox store's fixed world: its SKUs, sellers, pickup points, payment systems and the
 * Brazilian cities customers live in. Fixed data (not generated) so the desk, tests and demos see
 * the same products, EANs and prices on every run; only orders are generated from a seed.
 */

export interface Sku {
  /** The SKU id VTEX uses in `items[].id` and invoices. */
  id: string;
  productId: string;
  refId: string;
  /** EAN-13 with a valid check digit. */
  ean: string;
  name: string;
  brand: string;
  brandId: string;
  categoryIds: string;
  /** "From" price in cents (`listPrice`). */
  listPrice: number;
  /** Current selling price in cents per unit of sale (`price` = `sellingPrice`). */
  price: number;
  measurementUnit: string;
  unitMultiplier: number;
  /** Shipping weight of one unit of sale, in grams (drives the freight quote). */
  weightGrams: number;
  dimension: { height: number; width: number; length: number };
  imageUrl: string;
  detailUrl: string;
  /** Seller ids that sell this SKU; "1" is the store itself. */
  sellers: readonly string[];
}

export interface SellerInfo {
  id: string;
  name: string;
  /** Shown in the seller's logo URL. */
  slug: string;
}

/** "1" is always the store; the others are marketplace sellers selling through it. */
export const SELLERS: readonly SellerInfo[] = [
  { id: '1', name: '', slug: '' },
  { id: 'cafesdosul', name: 'Cafés do Sul', slug: 'cafesdosul' },
  { id: 'casaeconforto', name: 'Casa & Conforto', slug: 'casaeconforto' },
  { id: 'eletrobrasil', name: 'EletroBrasil Utilidades', slug: 'eletrobrasil' },
];

/** The `sellers[]` entry of an order; seller "1" carries the account's own name. */
export function sellerEntry(
  accountName: string,
  sellerId: string,
): { id: string; name: string; logo: string; fulfillmentEndpoint: string } {
  const s = SELLERS.find((x) => x.id === sellerId);
  const own = sellerId === '1';
  const name = own ? accountName : (s?.name ?? sellerId);
  const an = own ? accountName : (s?.slug ?? sellerId);
  return {
    id: sellerId,
    name,
    logo: `https://${an}.vteximg.com.br/arquivos/logo-${an}.png`,
    fulfillmentEndpoint: `http://fulfillment.vtexcommerce.com.br/api/fulfillment?an=${an}`,
  };
}

/** GS1 check digit of the first 12 digits of an EAN-13. */
export function eanCheckDigit(first12: string): number {
  if (!/^\d{12}$/.test(first12)) throw new RangeError('an EAN-13 body has 12 digits');
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

export function isValidEan13(ean: string): boolean {
  return /^\d{13}$/.test(ean) && eanCheckDigit(ean.slice(0, 12)) === Number(ean[12]);
}

interface SkuRow {
  name: string;
  brand: string;
  cat: string;
  list: number;
  price: number;
  unit?: string;
  mult?: number;
  grams: number;
  dim: [number, number, number];
  sellers?: string[];
}

/** Brand ids of the fixed catalog (VTEX brand ids are numeric strings). */
const BRAND_IDS: Record<string, string> = {};

// Categories: /1/ Cafés, /2/ Cozinha, /3/ Eletroportáteis, /4/ Cama e banho, /5/ Mercearia.
const ROWS: SkuRow[] = [
  {
    name: 'Café Torrado em Grãos Bourbon Amarelo 1kg',
    brand: 'Fazenda Aurora',
    cat: '/1/',
    list: 8990,
    price: 7990,
    grams: 1050,
    dim: [25, 14, 8],
    sellers: ['1', 'cafesdosul'],
  },
  {
    name: 'Café Moído Tradicional 500g',
    brand: 'Fazenda Aurora',
    cat: '/1/',
    list: 2890,
    price: 2490,
    grams: 530,
    dim: [18, 10, 6],
    sellers: ['1', 'cafesdosul'],
  },
  {
    name: 'Café Especial Cerrado Mineiro 250g',
    brand: 'Cafés do Sul',
    cat: '/1/',
    list: 4590,
    price: 4590,
    grams: 270,
    dim: [16, 9, 5],
    sellers: ['cafesdosul'],
  },
  {
    name: 'Café em Cápsulas Intenso 10 unidades',
    brand: 'Cafés do Sul',
    cat: '/1/',
    list: 2690,
    price: 2290,
    grams: 80,
    dim: [12, 6, 6],
    sellers: ['1', 'cafesdosul'],
  },
  {
    name: 'Café Torrado a Granel Catuaí Vermelho',
    brand: 'Fazenda Aurora',
    cat: '/1/',
    list: 9990,
    price: 8990,
    unit: 'kg',
    mult: 1,
    grams: 1000,
    dim: [25, 14, 8],
  },
  {
    name: 'Chá Mate Tostado Natural 250g',
    brand: 'Erva Viva',
    cat: '/1/',
    list: 1590,
    price: 1390,
    grams: 260,
    dim: [18, 10, 6],
  },
  {
    name: 'Filtro de Papel 103 com 30 unidades',
    brand: 'Coador Brasil',
    cat: '/1/',
    list: 890,
    price: 790,
    grams: 90,
    dim: [15, 12, 3],
  },
  {
    name: 'Coador de Pano Algodão Nº 4',
    brand: 'Coador Brasil',
    cat: '/1/',
    list: 1290,
    price: 990,
    grams: 60,
    dim: [20, 12, 2],
  },
  {
    name: 'Cafeteira Francesa Vidro 600ml',
    brand: 'Casa Aurora',
    cat: '/2/',
    list: 11990,
    price: 8990,
    grams: 700,
    dim: [20, 12, 12],
  },
  {
    name: 'Moedor de Café Manual Cerâmica',
    brand: 'Casa Aurora',
    cat: '/2/',
    list: 15990,
    price: 13990,
    grams: 650,
    dim: [22, 10, 10],
  },
  {
    name: 'Chaleira Bico de Ganso Inox 1L',
    brand: 'Inox Forte',
    cat: '/2/',
    list: 18990,
    price: 16990,
    grams: 900,
    dim: [26, 18, 14],
  },
  {
    name: 'Caneca Esmaltada Azul 350ml',
    brand: 'Casa Aurora',
    cat: '/2/',
    list: 4990,
    price: 3990,
    grams: 300,
    dim: [10, 10, 10],
    sellers: ['1', 'casaeconforto'],
  },
  {
    name: 'Jogo de 6 Xícaras Porcelana com Pires',
    brand: 'Porcelana Real',
    cat: '/2/',
    list: 21990,
    price: 17990,
    grams: 2400,
    dim: [30, 25, 15],
    sellers: ['1', 'casaeconforto'],
  },
  {
    name: 'Panela de Ferro Fundido 24cm',
    brand: 'Ferro Mineiro',
    cat: '/2/',
    list: 34990,
    price: 29990,
    grams: 4200,
    dim: [35, 28, 14],
  },
  {
    name: 'Frigideira Antiaderente 28cm',
    brand: 'Inox Forte',
    cat: '/2/',
    list: 16990,
    price: 12990,
    grams: 1300,
    dim: [50, 30, 8],
  },
  {
    name: 'Tábua de Corte Bambu Grande',
    brand: 'Casa Aurora',
    cat: '/2/',
    list: 7990,
    price: 6490,
    grams: 1100,
    dim: [45, 30, 3],
  },
  {
    name: 'Faca do Chef Aço Inox 8 polegadas',
    brand: 'Inox Forte',
    cat: '/2/',
    list: 14990,
    price: 11990,
    grams: 350,
    dim: [35, 8, 3],
  },
  {
    name: 'Pote Hermético Vidro 1,5L',
    brand: 'Casa Aurora',
    cat: '/2/',
    list: 5990,
    price: 4790,
    grams: 900,
    dim: [16, 16, 20],
    sellers: ['1', 'casaeconforto'],
  },
  {
    name: 'Garrafa Térmica Inox 1L',
    brand: 'Inox Forte',
    cat: '/2/',
    list: 12990,
    price: 9990,
    grams: 800,
    dim: [32, 11, 11],
  },
  {
    name: 'Pano de Prato Algodão Kit com 3',
    brand: 'Casa & Conforto',
    cat: '/2/',
    list: 3990,
    price: 2990,
    grams: 250,
    dim: [25, 20, 3],
    sellers: ['casaeconforto'],
  },
  {
    name: 'Cafeteira Elétrica Programável 30 xícaras',
    brand: 'EletroBrasil',
    cat: '/3/',
    list: 32990,
    price: 27990,
    grams: 2600,
    dim: [38, 25, 30],
    sellers: ['1', 'eletrobrasil'],
  },
  {
    name: 'Máquina de Espresso 15 bar',
    brand: 'EletroBrasil',
    cat: '/3/',
    list: 89990,
    price: 74990,
    grams: 5200,
    dim: [40, 30, 35],
    sellers: ['1', 'eletrobrasil'],
  },
  {
    name: 'Liquidificador 1200W 3L',
    brand: 'EletroBrasil',
    cat: '/3/',
    list: 24990,
    price: 19990,
    grams: 3100,
    dim: [45, 25, 25],
    sellers: ['1', 'eletrobrasil'],
  },
  {
    name: 'Sanduicheira Grill Antiaderente',
    brand: 'EletroBrasil',
    cat: '/3/',
    list: 14990,
    price: 11990,
    grams: 1800,
    dim: [30, 28, 12],
    sellers: ['eletrobrasil'],
  },
  {
    name: 'Fritadeira Sem Óleo 4L',
    brand: 'EletroBrasil',
    cat: '/3/',
    list: 49990,
    price: 39990,
    grams: 4500,
    dim: [40, 35, 38],
    sellers: ['1', 'eletrobrasil'],
  },
  {
    name: 'Chaleira Elétrica Inox 1,7L',
    brand: 'Inox Forte',
    cat: '/3/',
    list: 17990,
    price: 14990,
    grams: 1200,
    dim: [26, 20, 24],
  },
  {
    name: 'Espumador de Leite Elétrico',
    brand: 'Casa Aurora',
    cat: '/3/',
    list: 8990,
    price: 6990,
    grams: 400,
    dim: [20, 10, 10],
  },
  {
    name: 'Jogo de Lençol Casal 200 fios',
    brand: 'Casa & Conforto',
    cat: '/4/',
    list: 19990,
    price: 15990,
    grams: 1400,
    dim: [35, 30, 8],
    sellers: ['1', 'casaeconforto'],
  },
  {
    name: 'Toalha de Banho Gigante Algodão',
    brand: 'Casa & Conforto',
    cat: '/4/',
    list: 8990,
    price: 6990,
    grams: 700,
    dim: [30, 25, 6],
    sellers: ['1', 'casaeconforto'],
  },
  {
    name: 'Travesseiro Fibra Siliconada',
    brand: 'Casa & Conforto',
    cat: '/4/',
    list: 6990,
    price: 5490,
    grams: 900,
    dim: [70, 50, 15],
    sellers: ['casaeconforto'],
  },
  {
    name: 'Edredom Queen Microfibra',
    brand: 'Casa & Conforto',
    cat: '/4/',
    list: 29990,
    price: 23990,
    grams: 2800,
    dim: [50, 40, 20],
    sellers: ['1', 'casaeconforto'],
  },
  {
    name: 'Manta de Sofá Tricô',
    brand: 'Casa Aurora',
    cat: '/4/',
    list: 13990,
    price: 10990,
    grams: 1200,
    dim: [40, 30, 12],
  },
  {
    name: 'Açúcar Demerara Orgânico 1kg',
    brand: 'Engenho Verde',
    cat: '/5/',
    list: 1290,
    price: 1090,
    grams: 1020,
    dim: [20, 12, 6],
  },
  {
    name: 'Mel Silvestre 500g',
    brand: 'Engenho Verde',
    cat: '/5/',
    list: 3490,
    price: 2990,
    grams: 650,
    dim: [12, 8, 8],
  },
  {
    name: 'Doce de Leite Artesanal 400g',
    brand: 'Fazenda Aurora',
    cat: '/5/',
    list: 2490,
    price: 2190,
    grams: 520,
    dim: [10, 10, 10],
  },
  {
    name: 'Biscoito de Polvilho 100g',
    brand: 'Engenho Verde',
    cat: '/5/',
    list: 790,
    price: 690,
    grams: 120,
    dim: [25, 10, 6],
  },
  {
    name: 'Castanha de Caju Torrada a Granel',
    brand: 'Engenho Verde',
    cat: '/5/',
    list: 2790,
    price: 2390,
    unit: 'g',
    mult: 250,
    grams: 250,
    dim: [20, 15, 8],
  },
  {
    name: 'Queijo Canastra Meia Cura',
    brand: 'Serra da Canastra',
    cat: '/5/',
    list: 12990,
    price: 11990,
    unit: 'kg',
    mult: 1,
    grams: 1000,
    dim: [18, 18, 8],
  },
  {
    name: 'Granola Tradicional 800g',
    brand: 'Engenho Verde',
    cat: '/5/',
    list: 3290,
    price: 2790,
    grams: 820,
    dim: [28, 18, 6],
  },
  {
    name: 'Cacau em Pó 100% 200g',
    brand: 'Engenho Verde',
    cat: '/5/',
    list: 2990,
    price: 2490,
    grams: 220,
    dim: [14, 9, 5],
  },
];

function slug(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function buildCatalog(): Sku[] {
  let nextBrand = 2000000;
  return ROWS.map((r, i) => {
    BRAND_IDS[r.brand] ??= String(nextBrand++);
    const n = i + 1;
    // 789 = GS1 Brasil; 4-digit company prefix per brand, 5-digit item reference.
    const body = `789${String(6150 + Number(BRAND_IDS[r.brand]) - 2000000).padStart(4, '0')}${String(10000 + n * 37).padStart(5, '0')}`;
    const id = String(100 + n);
    const s = slug(r.name);
    return {
      id,
      productId: String(10 + n),
      refId: `${r.cat.replace(/\//g, '')}-${String(n).padStart(3, '0')}-${s.split('-').slice(0, 2).join('-').toUpperCase()}`,
      ean: body + String(eanCheckDigit(body)),
      name: r.name,
      brand: r.brand,
      brandId: BRAND_IDS[r.brand] ?? '2000000',
      categoryIds: r.cat,
      listPrice: r.list,
      price: r.price,
      measurementUnit: r.unit ?? 'un',
      unitMultiplier: r.mult ?? 1,
      weightGrams: r.grams,
      dimension: { height: r.dim[2], width: r.dim[1], length: r.dim[0] },
      imageUrl: `https://sandbox.vteximg.com.br/arquivos/ids/${155400 + n}-55-55/${s}.jpg`,
      detailUrl: `/${s}/p`,
      sellers: r.sellers ?? ['1'],
    };
  });
}

const SKUS: readonly Sku[] = Object.freeze(buildCatalog());

/** The store's fixed catalog (about 40 SKUs). */
export function catalog(): readonly Sku[] {
  return SKUS;
}

export function findSku(id: string): Sku | undefined {
  return SKUS.find((s) => s.id === id);
}

/** The image URL of a SKU on the given account's image host. */
export function skuImageUrl(sku: Sku, accountName: string): string {
  return sku.imageUrl.replace('https://sandbox.', `https://${accountName}.`);
}

export interface PickupPoint {
  id: string;
  /** The SLA id a customer selects for this point. */
  slaId: string;
  friendlyName: string;
  address: {
    addressType: 'pickup';
    receiverName: null;
    addressId: string;
    postalCode: string;
    city: string;
    state: string;
    country: 'BRA';
    street: string;
    number: string;
    neighborhood: string;
    complement: string;
    reference: null;
    geoCoordinates: [number, number];
  };
  additionalInfo: string;
  dockId: string;
}

export const PICKUP_POINTS: readonly PickupPoint[] = [
  {
    id: '1_loja-pinheiros',
    slaId: 'Retirada Loja Pinheiros',
    friendlyName: 'Loja Pinheiros',
    address: {
      addressType: 'pickup',
      receiverName: null,
      addressId: 'loja-pinheiros',
      postalCode: '05422-001',
      city: 'São Paulo',
      state: 'SP',
      country: 'BRA',
      street: 'Rua dos Pinheiros',
      number: '870',
      neighborhood: 'Pinheiros',
      complement: 'Loja 2',
      reference: null,
      geoCoordinates: [-46.6846, -23.5664],
    },
    additionalInfo: 'Retire no balcão com documento com foto. Seg a sáb, 9h às 20h.',
    dockId: 'doca-pinheiros',
  },
  {
    id: '1_loja-savassi',
    slaId: 'Retirada Loja Savassi',
    friendlyName: 'Loja Savassi',
    address: {
      addressType: 'pickup',
      receiverName: null,
      addressId: 'loja-savassi',
      postalCode: '30130-151',
      city: 'Belo Horizonte',
      state: 'MG',
      country: 'BRA',
      street: 'Rua Pernambuco',
      number: '1000',
      neighborhood: 'Savassi',
      complement: '',
      reference: null,
      geoCoordinates: [-43.9345, -19.938],
    },
    additionalInfo: 'Retirada no caixa 1. Seg a sex, 10h às 19h.',
    dockId: 'doca-savassi',
  },
  {
    id: '1_loja-botafogo',
    slaId: 'Retirada Loja Botafogo',
    friendlyName: 'Loja Botafogo',
    address: {
      addressType: 'pickup',
      receiverName: null,
      addressId: 'loja-botafogo',
      postalCode: '22250-040',
      city: 'Rio de Janeiro',
      state: 'RJ',
      country: 'BRA',
      street: 'Praia de Botafogo',
      number: '400',
      neighborhood: 'Botafogo',
      complement: 'Térreo',
      reference: null,
      geoCoordinates: [-43.1826, -22.9444],
    },
    additionalInfo: 'Retire na recepção do shopping. Todos os dias, 10h às 22h.',
    dockId: 'doca-botafogo',
  },
];

export function findPickupPoint(slaIdOrId: string): PickupPoint | undefined {
  return PICKUP_POINTS.find((p) => p.slaId === slaIdOrId || p.id === slaIdOrId);
}

export interface DeliverySla {
  id: 'Normal' | 'Expressa';
  couriers: readonly { courierId: string; courierName: string }[];
  minDays: number;
  maxDays: number;
  /** Base price in cents plus a price per started kilogram. */
  base: number;
  perKg: number;
}

export const DELIVERY_SLAS: readonly DeliverySla[] = [
  {
    id: 'Normal',
    couriers: [
      { courierId: '1a2b3c', courierName: 'Correios PAC' },
      { courierId: '4d5e6f', courierName: 'Jadlog' },
    ],
    minDays: 3,
    maxDays: 8,
    base: 1490,
    perKg: 150,
  },
  {
    id: 'Expressa',
    couriers: [
      { courierId: '7a8b9c', courierName: 'Correios SEDEX' },
      { courierId: '0d1e2f', courierName: 'Loggi' },
    ],
    minDays: 1,
    maxDays: 3,
    base: 2490,
    perKg: 300,
  },
];

export function findDeliverySla(id: string): DeliverySla | undefined {
  return DELIVERY_SLAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
}

export const WAREHOUSE = { warehouseId: 'armazem-sp-01', dockId: 'doca-1' } as const;

/** Orders whose items add up to this (cents) ship free with the Normal SLA. */
export const FREE_SHIPPING_FROM = 29900;

/**
 * The freight of one shipment, in cents, split over its lines by weight so the parts add up
 * exactly. A pure function of the cart, so a cart (orderForm) and a generated order agree.
 */
export function quoteShipping(
  lines: readonly { sku: Sku; quantity: number; lineTotal: number }[],
  slaId: 'Normal' | 'Expressa',
): number[] {
  const sla = findDeliverySla(slaId);
  if (!sla || lines.length === 0) return lines.map(() => 0);
  const itemsTotal = lines.reduce((s, l) => s + l.lineTotal, 0);
  if (sla.id === 'Normal' && itemsTotal >= FREE_SHIPPING_FROM) return lines.map(() => 0);
  const grams = lines.map((l) => l.sku.weightGrams * l.quantity);
  const totalGrams = grams.reduce((a, b) => a + b, 0);
  const total = sla.base + sla.perKg * Math.ceil(totalGrams / 1000);
  return splitExact(total, grams);
}

/** Splits `total` cents in proportion to `weights`, largest remainder first, summing exactly. */
export function splitExact(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw
    .map((r, i) => ({ i, frac: r - Math.floor(r) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}

export type PaymentGroup =
  'creditCard' | 'bankInvoice' | 'promissory' | 'giftCard' | 'instantPayment' | 'debitCard';

export interface PaymentSystem {
  id: string;
  name: string;
  group: PaymentGroup;
}

/** VTEX payment system ids as they appear in `paymentSystem`. */
export const PAYMENT_SYSTEMS: readonly PaymentSystem[] = [
  { id: '2', name: 'Visa', group: 'creditCard' },
  { id: '4', name: 'Mastercard', group: 'creditCard' },
  { id: '1', name: 'American Express', group: 'creditCard' },
  { id: '6', name: 'Boleto Bancário', group: 'bankInvoice' },
  { id: '17', name: 'Promissory', group: 'promissory' },
  { id: '201', name: 'Dinheiro', group: 'promissory' },
  { id: '16', name: 'Vale', group: 'giftCard' },
  { id: '125', name: 'Pix', group: 'instantPayment' },
  { id: '44', name: 'Visa Electron', group: 'debitCard' },
];

export function findPaymentSystem(id: string | number): PaymentSystem | undefined {
  return PAYMENT_SYSTEMS.find((p) => p.id === String(id));
}

/** Payment groups the gateway authorizes by itself; the others wait for a payment notification. */
export const ONLINE_PAYMENT_GROUPS: readonly string[] = [
  'creditCard',
  'debitCard',
  'giftCard',
  'instantPayment',
];

export interface City {
  name: string;
  state: string;
  ddd: string;
  /** First and last 5-digit CEP prefix of the city. */
  cep: [number, number];
  lat: number;
  lon: number;
  neighborhoods: readonly string[];
}

export const CITIES: readonly City[] = [
  {
    name: 'São Paulo',
    state: 'SP',
    ddd: '11',
    cep: [1000, 5999],
    lat: -23.5505,
    lon: -46.6333,
    neighborhoods: [
      'Pinheiros',
      'Vila Mariana',
      'Moema',
      'Tatuapé',
      'Santana',
      'Perdizes',
      'Butantã',
      'Mooca',
    ],
  },
  {
    name: 'Campinas',
    state: 'SP',
    ddd: '19',
    cep: [13000, 13139],
    lat: -22.9056,
    lon: -47.0608,
    neighborhoods: ['Cambuí', 'Taquaral', 'Barão Geraldo'],
  },
  {
    name: 'Rio de Janeiro',
    state: 'RJ',
    ddd: '21',
    cep: [20000, 23799],
    lat: -22.9068,
    lon: -43.1729,
    neighborhoods: ['Copacabana', 'Tijuca', 'Botafogo', 'Barra da Tijuca', 'Méier', 'Laranjeiras'],
  },
  {
    name: 'Niterói',
    state: 'RJ',
    ddd: '21',
    cep: [24000, 24399],
    lat: -22.8832,
    lon: -43.1034,
    neighborhoods: ['Icaraí', 'Santa Rosa', 'Ingá'],
  },
  {
    name: 'Belo Horizonte',
    state: 'MG',
    ddd: '31',
    cep: [30000, 31999],
    lat: -19.9167,
    lon: -43.9345,
    neighborhoods: ['Savassi', 'Funcionários', 'Pampulha', 'Buritis'],
  },
  {
    name: 'Curitiba',
    state: 'PR',
    ddd: '41',
    cep: [80000, 82999],
    lat: -25.4284,
    lon: -49.2733,
    neighborhoods: ['Batel', 'Água Verde', 'Centro Cívico', 'Bigorrilho'],
  },
  {
    name: 'Porto Alegre',
    state: 'RS',
    ddd: '51',
    cep: [90000, 91999],
    lat: -30.0346,
    lon: -51.2177,
    neighborhoods: ['Moinhos de Vento', 'Menino Deus', 'Petrópolis'],
  },
  {
    name: 'Florianópolis',
    state: 'SC',
    ddd: '48',
    cep: [88000, 88099],
    lat: -27.5954,
    lon: -48.548,
    neighborhoods: ['Trindade', 'Centro', 'Lagoa da Conceição'],
  },
  {
    name: 'Salvador',
    state: 'BA',
    ddd: '71',
    cep: [40000, 42499],
    lat: -12.9777,
    lon: -38.5016,
    neighborhoods: ['Barra', 'Pituba', 'Rio Vermelho'],
  },
  {
    name: 'Recife',
    state: 'PE',
    ddd: '81',
    cep: [50000, 52999],
    lat: -8.0476,
    lon: -34.877,
    neighborhoods: ['Boa Viagem', 'Casa Forte', 'Espinheiro'],
  },
  {
    name: 'Fortaleza',
    state: 'CE',
    ddd: '85',
    cep: [60000, 61599],
    lat: -3.7319,
    lon: -38.5267,
    neighborhoods: ['Aldeota', 'Meireles', 'Benfica'],
  },
  {
    name: 'Brasília',
    state: 'DF',
    ddd: '61',
    cep: [70000, 72799],
    lat: -15.7939,
    lon: -47.8828,
    neighborhoods: ['Asa Sul', 'Asa Norte', 'Lago Sul'],
  },
  {
    name: 'Goiânia',
    state: 'GO',
    ddd: '62',
    cep: [74000, 74899],
    lat: -16.6869,
    lon: -49.2648,
    neighborhoods: ['Setor Bueno', 'Setor Marista', 'Setor Oeste'],
  },
  {
    name: 'Manaus',
    state: 'AM',
    ddd: '92',
    cep: [69000, 69099],
    lat: -3.119,
    lon: -60.0217,
    neighborhoods: ['Adrianópolis', 'Ponta Negra'],
  },
  {
    name: 'Belém',
    state: 'PA',
    ddd: '91',
    cep: [66000, 66999],
    lat: -1.4558,
    lon: -48.4902,
    neighborhoods: ['Nazaré', 'Umarizal'],
  },
];

/** External marketplaces whose orders arrive through an integration (affiliate ids). */
export const MARKETPLACES: readonly {
  affiliateId: string;
  name: string;
  baseURL: string;
  paymentMethods: readonly string[];
}[] = [
  {
    affiliateId: 'MLB',
    name: 'Mercado Livre',
    baseURL: 'https://api.mercadolibre.com',
    paymentMethods: ['credit_card', 'account_money', 'pix', 'ticket'],
  },
  {
    affiliateId: 'MGZ',
    name: 'Magalu',
    baseURL: 'https://api.magalu.com',
    paymentMethods: ['credit_card', 'pix', 'boleto'],
  },
  {
    affiliateId: 'AMZ',
    name: 'Amazon',
    baseURL: 'https://sellingpartnerapi-na.amazon.com',
    paymentMethods: ['credit_card', 'pix'],
  },
];
