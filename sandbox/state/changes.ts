import { randomBytes, randomUUID } from 'node:crypto';
import {
  CHANGE_ALLOWED_STATUSES,
  CHANGE_ERRORS,
  ChangeRequestBody,
  ChangeSettings,
  ChangeSettingsPatch,
  changeErrorMessage,
  type ChangeErrorCode,
  type ChangeItem,
  type ChangeStatus,
  type OrderDocument,
  type Receipt,
} from '../../vtex';
import type { SandboxContext } from '../context';
import { problem, VtexHttpError } from '../http/errors';
import { findSku } from './catalog';
import { vtexTime } from './clock';
import type { Db } from './db';
import { schema } from './db';

/**
 * Order modifications, "change v2" (digest §4.5): the order-system API accepts a change (202),
 * then works it through waiting-acknowledgement → waiting-confirmation → done on the sandbox clock
 * (a ticker), applying it to the order at the last step. Items, quantities, logistics, totals,
 * value and payments move together, and the order's changesAttachment records each change.
 *
 * The checks run when the change is requested and again when it is applied: an order invoiced or
 * canceled meanwhile (VTEX's known issue of a change racing an invoice) makes the change fail. A
 * failed change stops (`inProgress: false`), still blocks new changes (SalesOrderSystem014), and
 * waits for retry or cancel; after MAX_ATTEMPTS failures it is canceled (SalesOrderSystem017).
 */

/** Sandbox time from request to acknowledgement, and from acknowledgement to applying it. */
export const ACKNOWLEDGE_AFTER_MS = 2_000;
export const CONFIRM_AFTER_MS = 3_000;
export const MAX_ATTEMPTS = 3;

/** Payment groups whose value may grow after the purchase (VTEX: card, promissory, cash). */
const INCREASABLE_GROUPS: readonly string[] = ['creditCard', 'promissory', 'cash', 'creditControl'];

// ---- errors ------------------------------------------------------------------------------------

const RFC9110_SECTIONS: Record<number, string> = {
  400: '15.5.1',
  401: '15.5.2',
  403: '15.5.4',
  404: '15.5.5',
  409: '15.5.10',
};

/** The `type` URI VTEX's order-system errors use: the RFC 9110 section of the status. */
export function rfc9110Type(status: number): string {
  return `https://tools.ietf.org/html/rfc9110#section-${RFC9110_SECTIONS[status] ?? '15'}`;
}

/** Problem JSON with one of VTEX's change codes as an extension member (`code`). */
export function changeError(
  code: ChangeErrorCode,
  args: (string | number)[] = [],
  detail?: string,
): VtexHttpError {
  const e = CHANGE_ERRORS[code];
  const message = changeErrorMessage(code, ...args);
  const p = problem(
    e.http,
    e.title,
    detail ? `${message} ${detail}` : message,
    rfc9110Type(e.http),
  );
  return new VtexHttpError(e.http, { ...(p.body as Record<string, unknown>), code });
}

/** Problem JSON without a VTEX code (conditions VTEX documents only in prose). */
export function plainProblem(status: number, title: string, detail: string): VtexHttpError {
  return problem(status, title, detail, rfc9110Type(status));
}

// ---- storage -----------------------------------------------------------------------------------

export interface ChangeLog {
  date: string;
  status: ChangeStatus;
  type: 'info' | 'error';
  message: string;
  code?: string;
}

export interface SummaryItem {
  id: string;
  uniqueId: string;
  totalQuantity?: number;
  quantity: number;
  price: number;
  measurementUnit: string;
  unitMultiplier: number;
  imageUrl: string;
  sellingPrice: number;
  priceTags: string[];
  detailUrl: string;
  name: string;
  refId: string;
  deliveryIds: Record<string, unknown>[] | null;
}

export interface ReplacedEntry {
  replaceType: 'ItemReplacement' | 'WeightChange' | 'PriceChange' | 'QuantityChange';
  userInputType: 'ItemReplacement' | 'WeightChange' | 'PriceChange' | 'QuantityChange';
  from: { items: SummaryItem[]; shippingData: null };
  to: { items: SummaryItem[]; shippingData: { logisticsInfo: Record<string, unknown>[] } | null };
  type: 'UserInput';
}

interface ChangeTotal {
  id: string;
  name: string;
  value: number;
}

/** What the PATCH and preview answer; GET adds status, inProgress and logs. */
export interface ChangeView {
  reason: string;
  manualDiscountValue: number;
  manualIncrementValue: number;
  totalChangeValue: number;
  totals: ChangeTotal[];
  add: { items: ChangeItem[] } | null;
  remove: { items: ChangeItem[] } | null;
  replace: Record<string, unknown>[];
  date: string;
  origin: { account: string; orderId: string; component: string };
  settings: Record<string, unknown>;
}

export interface AppliedChange {
  date: string;
  receipt: Receipt;
  itemsBefore: OrderDocument['items'];
  logisticsBefore: Record<string, unknown>[];
  added: SummaryItem[];
  removed: SummaryItem[];
  replaced: ReplacedEntry[];
  /** Order totals deltas (Items, Discounts incl. manual values, Shipping, Tax). */
  orderTotals: ChangeTotal[];
  totalChangeValue: number;
  manualDiscountValue: number;
  manualIncrementValue: number;
}

export interface ChangeRecord {
  requestId: string;
  workflowId: string;
  orderId: string;
  status: ChangeStatus;
  inProgress: boolean;
  failed: boolean;
  attempts: number;
  dueMs: number;
  createdMs: number;
  body: ChangeRequestBody;
  view: ChangeView;
  logs: ChangeLog[];
  applied: AppliedChange | null;
}

const ready = new WeakSet<Db>();

function ensure(db: Db): void {
  if (ready.has(db)) return;
  schema(
    db,
    `CREATE TABLE IF NOT EXISTS order_changes (
       request_id TEXT PRIMARY KEY,
       order_id TEXT NOT NULL,
       created_ms INTEGER NOT NULL,
       seq INTEGER NOT NULL,
       status TEXT NOT NULL,
       in_progress INTEGER NOT NULL,
       due_ms INTEGER NOT NULL,
       record TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS order_changes_order ON order_changes(order_id, seq);
     CREATE INDEX IF NOT EXISTS order_changes_due ON order_changes(in_progress, due_ms);
     CREATE TABLE IF NOT EXISTS order_change_settings (account TEXT PRIMARY KEY, settings TEXT NOT NULL);`,
  );
  ready.add(db);
}

function save(db: Db, r: ChangeRecord, insert = false): void {
  ensure(db);
  const params = {
    request_id: r.requestId,
    order_id: r.orderId,
    created_ms: r.createdMs,
    status: r.status,
    in_progress: r.inProgress ? 1 : 0,
    due_ms: r.dueMs,
    record: JSON.stringify(r),
  };
  if (insert) {
    db.prepare(
      `INSERT INTO order_changes (request_id, order_id, created_ms, seq, status, in_progress, due_ms, record)
       VALUES (@request_id, @order_id, @created_ms,
               (SELECT COALESCE(MAX(seq), 0) + 1 FROM order_changes), @status, @in_progress, @due_ms, @record)`,
    ).run(params);
  } else {
    db.prepare(
      `UPDATE order_changes SET status=@status, in_progress=@in_progress, due_ms=@due_ms, record=@record
       WHERE request_id=@request_id`,
    ).run(params);
  }
}

export function listChangeRecords(db: Db, orderId: string): ChangeRecord[] {
  ensure(db);
  return (
    db.prepare('SELECT record FROM order_changes WHERE order_id = ? ORDER BY seq').all(orderId) as {
      record: string;
    }[]
  ).map((r) => JSON.parse(r.record) as ChangeRecord);
}

function getRecord(db: Db, orderId: string, requestId: string): ChangeRecord {
  ensure(db);
  const row = db
    .prepare('SELECT record FROM order_changes WHERE request_id = ? AND order_id = ?')
    .get(requestId, orderId) as { record: string } | undefined;
  if (!row) throw changeError('CHK0289', [requestId]);
  return JSON.parse(row.record) as ChangeRecord;
}

/** A change not yet done or canceled (a failed one included) blocks the next one. */
function openChange(db: Db, orderId: string): ChangeRecord | undefined {
  return listChangeRecords(db, orderId).find((r) => r.status !== 'done' && r.status !== 'canceled');
}

// ---- settings ----------------------------------------------------------------------------------

export const DEFAULT_CHANGE_SETTINGS: ChangeSettings = {
  paymentConfiguration: { customPaymentSystemsAllowed: [] },
  rolloutConfiguration: {
    usingDefaultBehavior: true,
    enableApi: true,
    enableAdminOrders: { enabledWorkspaces: ['*'] },
    enableMyOrders: { enabledWorkspaces: ['*'] },
  },
  pipelineConfiguration: {
    enableTaxHubRecalculation: false,
    compensateShippingChanges: true,
    enablePromotionRecalculation: false,
    enableNativeTaxRecalculation: false,
  },
};

function mergeSettings(
  base: ChangeSettings,
  patch: ChangeSettingsPatch | null | undefined,
): ChangeSettings {
  if (!patch) return base;
  return {
    paymentConfiguration: { ...base.paymentConfiguration, ...(patch.paymentConfiguration ?? {}) },
    rolloutConfiguration: { ...base.rolloutConfiguration, ...(patch.rolloutConfiguration ?? {}) },
    pipelineConfiguration: {
      ...base.pipelineConfiguration,
      ...(patch.pipelineConfiguration ?? {}),
    },
  } as ChangeSettings;
}

export function getChangeSettings(ctx: SandboxContext): ChangeSettings {
  ensure(ctx.db);
  const row = ctx.db
    .prepare('SELECT settings FROM order_change_settings WHERE account = ?')
    .get(ctx.options.accountName) as { settings: string } | undefined;
  return row
    ? (JSON.parse(row.settings) as ChangeSettings)
    : structuredClone(DEFAULT_CHANGE_SETTINGS);
}

/** PUT settings: the given groups are merged over the current ones; the default behaviour ends. */
export function putChangeSettings(ctx: SandboxContext, body: unknown): ChangeSettings {
  const patch = ChangeSettingsPatch.parse(body);
  const next = mergeSettings(getChangeSettings(ctx), patch);
  next.rolloutConfiguration.usingDefaultBehavior = false;
  ChangeSettings.parse(next);
  ctx.db
    .prepare(
      `INSERT INTO order_change_settings (account, settings) VALUES (?, ?)
       ON CONFLICT(account) DO UPDATE SET settings = excluded.settings`,
    )
    .run(ctx.options.accountName, JSON.stringify(next));
  return next;
}

/**
 * The settings object of a change. The PATCH schema nests the groups, the GET schemas want
 * `customPaymentSystemsAllowed` at the top: both are written, so readers of either find theirs.
 */
function settingsView(s: ChangeSettings): Record<string, unknown> {
  return {
    customPaymentSystemsAllowed: s.paymentConfiguration.customPaymentSystemsAllowed,
    paymentConfiguration: s.paymentConfiguration,
    rolloutConfiguration: s.rolloutConfiguration,
    pipelineConfiguration: s.pipelineConfiguration,
  };
}

// ---- planning a change -------------------------------------------------------------------------

type Item = OrderDocument['items'][number];
type Logistics = Record<string, unknown> & {
  itemIndex: number;
  price?: unknown;
  deliveryIds?: unknown;
};

interface Line {
  item: Item;
  li: Logistics | null;
}

interface Plan {
  doc: OrderDocument;
  view: Omit<ChangeView, 'date'>;
  added: SummaryItem[];
  removed: SummaryItem[];
  replaced: ReplacedEntry[];
  orderTotals: ChangeTotal[];
  totalChangeValue: number;
  manualDiscountValue: number;
  manualIncrementValue: number;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Order-level conditions, checked before anything else (and again when the change is applied). */
export function checkChangeableOrder(order: OrderDocument): void {
  if (order.status === 'canceled' || order.status === 'cancel')
    throw changeError('SalesOrderSystem008');
  if ((order.packageAttachment?.packages ?? []).some((p) => p.type.toLowerCase() !== 'input')) {
    throw changeError('SalesOrderSystem046');
  }
  if (order.origin === 'Chain') throw changeError('CHK0095');
  if (!CHANGE_ALLOWED_STATUSES.includes(order.status)) {
    throw changeError(
      'CHK0124',
      [],
      `Orders change only in ${CHANGE_ALLOWED_STATUSES.join(', ')}; this order is ${order.status}.`,
    );
  }
}

function deliveryIdsOf(li: Logistics | null, quantity: number): Record<string, unknown>[] | null {
  const ids = Array.isArray(li?.deliveryIds) ? (li.deliveryIds as Record<string, unknown>[]) : null;
  if (!ids) return null;
  return ids.map((d) => ({
    courierId: str(d.courierId),
    warehouseId: str(d.warehouseId),
    dockId: str(d.dockId),
    courierName: str(d.courierName),
    quantity: ids.length === 1 ? quantity : num(d.quantity),
    totalListPrice: null,
    accountCarrierName: str(d.accountCarrierName),
    kitItemDetails: [],
  }));
}

function summaryItem(line: Line, quantity: number, withTotal: boolean): SummaryItem {
  const it = line.item;
  return {
    id: it.id,
    uniqueId: it.uniqueId,
    ...(withTotal ? { totalQuantity: it.quantity } : {}),
    quantity,
    price: it.price,
    measurementUnit: it.measurementUnit ?? 'un',
    unitMultiplier: it.unitMultiplier ?? 1,
    imageUrl: it.imageUrl ?? '',
    sellingPrice: it.sellingPrice ?? it.price,
    priceTags: [],
    detailUrl: it.detailUrl ?? '',
    name: it.name,
    refId: it.refId ?? '',
    deliveryIds: deliveryIdsOf(line.li, quantity),
  };
}

function setQuantity(line: Line, quantity: number): void {
  line.item.quantity = quantity;
  const selling = line.item.sellingPrice ?? line.item.price;
  if (line.item.priceDefinitions && typeof line.item.priceDefinitions === 'object') {
    line.item.priceDefinitions = {
      ...(line.item.priceDefinitions as Record<string, unknown>),
      sellingPrices: [{ value: selling, quantity }],
      calculatedSellingPrice: selling,
      total: selling * quantity,
    };
  }
  if (line.li && Array.isArray(line.li.deliveryIds) && line.li.deliveryIds.length === 1) {
    const d = line.li.deliveryIds[0] as Record<string, unknown>;
    line.li.deliveryIds = [{ ...d, quantity }];
  }
}

function checkQuantity(it: ChangeItem): void {
  if (it.quantity < 1)
    throw changeError(
      'CHK0023',
      [],
      `SKU ${it.id}: quantity must be at least 1, got ${it.quantity}.`,
    );
}

/** Takes units out of the order's lines (remove, replace.from). */
function take(
  lines: Line[],
  it: ChangeItem,
  operation: string,
): { line: Line; quantity: number }[] {
  checkQuantity(it);
  const sameSku = lines.filter((l) => l.item.id === it.id);
  if (sameSku.length === 0) throw changeError('SalesOrderSystem010', [it.id, operation]);
  let candidates = sameSku.filter((l) => l.item.quantity > 0);
  if (it.uniqueId) {
    candidates = candidates.filter((l) => l.item.uniqueId === it.uniqueId);
    if (candidates.length === 0)
      throw changeError(
        'SalesOrderSystem026',
        [],
        `No line of SKU ${it.id} has uniqueId ${it.uniqueId}.`,
      );
  }
  if (
    it.measurementUnit &&
    candidates.some((l) => (l.item.measurementUnit ?? 'un') !== it.measurementUnit)
  ) {
    throw changeError('SalesOrderSystem055');
  }
  const available = candidates.reduce((s, l) => s + l.item.quantity, 0);
  if (it.quantity > available) throw changeError('SalesOrderSystem011', [available, it.id]);
  const out: { line: Line; quantity: number }[] = [];
  let need = it.quantity;
  for (const l of candidates) {
    const n = Math.min(need, l.item.quantity);
    if (n <= 0) continue;
    out.push({ line: l, quantity: n });
    setQuantity(l, l.item.quantity - n);
    need -= n;
    if (need === 0) break;
  }
  return out;
}

function newUniqueId(): string {
  return randomBytes(16).toString('hex').toUpperCase();
}

function itemFromCatalog(
  id: string,
  price: number | null | undefined,
  accountName: string,
): Item | null {
  const sku = findSku(id);
  if (!sku && (price === null || price === undefined)) return null;
  const unit = price ?? sku?.price ?? 0;
  return {
    uniqueId: newUniqueId(),
    id,
    productId: sku?.productId ?? id,
    ean: sku?.ean ?? null,
    lockId: null,
    itemAttachment: { content: {}, name: null },
    attachments: [],
    quantity: 0,
    seller: '1',
    name: sku?.name ?? `SKU ${id}`,
    refId: sku?.refId ?? null,
    price: unit,
    listPrice: sku?.listPrice ?? unit,
    manualPrice: null,
    priceTags: [],
    imageUrl: sku ? sku.imageUrl.replace('https://sandbox.', `https://${accountName}.`) : null,
    detailUrl: sku?.detailUrl ?? null,
    components: [],
    bundleItems: [],
    params: [],
    offerings: [],
    attachmentOfferings: [],
    sellerSku: id,
    priceValidUntil: null,
    commission: 0,
    tax: 0,
    preSaleDate: null,
    additionalInfo: {
      brandName: sku?.brand ?? null,
      brandId: sku?.brandId ?? null,
      categoriesIds: sku?.categoryIds ?? null,
      productClusterId: '',
      commercialConditionId: '1',
      dimension: sku
        ? {
            cubicweight: 0,
            height: sku.dimension.height,
            length: sku.dimension.length,
            weight: sku.weightGrams,
            width: sku.dimension.width,
          }
        : null,
      offeringInfo: null,
      offeringType: null,
      offeringTypeId: null,
    },
    measurementUnit: sku?.measurementUnit ?? 'un',
    unitMultiplier: sku?.unitMultiplier ?? 1,
    sellingPrice: unit,
    isGift: false,
    shippingPrice: null,
    rewardValue: 0,
    freightCommission: 0,
    priceDefinitions: { sellingPrices: [], calculatedSellingPrice: unit, total: 0 },
    taxCode: null,
    parentItemIndex: null,
    parentAssemblyBinding: null,
    callCenterOperator: null,
    serialNumbers: null,
    assemblies: [],
    costPrice: unit,
  } as Item;
}

/** Puts units into the order (add, replace.to): an existing line when it matches, else a new one. */
function put(lines: Line[], it: ChangeItem, accountName: string): Line {
  checkQuantity(it);
  const byUnique = it.uniqueId ? lines.find((l) => l.item.uniqueId === it.uniqueId) : undefined;
  if (byUnique && byUnique.item.id === it.id) {
    // The same line, possibly with a new weight or price (replace of a weighable item).
    const item = byUnique.item;
    const oldMult = item.unitMultiplier ?? 1;
    if (it.unitMultiplier && it.unitMultiplier !== oldMult) {
      // The sandbox keeps price × quantity = the line's value, so a weight change scales the price.
      const k = it.unitMultiplier / oldMult;
      item.price = Math.round(item.price * k);
      item.sellingPrice = Math.round((item.sellingPrice ?? item.price) * k);
      item.listPrice = Math.round((item.listPrice ?? item.price) * k);
      item.unitMultiplier = it.unitMultiplier;
    }
    if (it.measurementUnit) item.measurementUnit = it.measurementUnit;
    if (it.price !== null && it.price !== undefined) {
      item.price = it.price;
      item.sellingPrice = it.price;
    }
    setQuantity(byUnique, item.quantity + it.quantity);
    return byUnique;
  }
  const same = lines.find(
    (l) =>
      l.item.id === it.id &&
      l.item.quantity > 0 &&
      (!it.measurementUnit || (l.item.measurementUnit ?? 'un') === it.measurementUnit) &&
      (it.price === null || it.price === undefined || it.price === l.item.price) &&
      (!it.unitMultiplier || it.unitMultiplier === (l.item.unitMultiplier ?? 1)),
  );
  if (same && !it.uniqueId) {
    setQuantity(same, same.item.quantity + it.quantity);
    return same;
  }
  const model = lines.find((l) => l.item.id === it.id);
  let item: Item | null;
  if (model) {
    item = structuredClone(model.item);
    item.uniqueId = newUniqueId();
    if (it.price !== null && it.price !== undefined) {
      item.price = it.price;
      item.sellingPrice = it.price;
    }
  } else {
    item = itemFromCatalog(it.id, it.price, accountName);
  }
  if (!item)
    throw changeError(
      'CHK0022',
      [],
      `SKU ${it.id} is not in the order or the catalog; send its price to add it.`,
    );
  // A replacement may keep the uniqueId of the line it empties (VTEX's ItemReplacement example).
  if (it.uniqueId && (!byUnique || byUnique.item.quantity === 0)) item.uniqueId = it.uniqueId;
  if (it.measurementUnit) item.measurementUnit = it.measurementUnit;
  if (it.unitMultiplier) item.unitMultiplier = it.unitMultiplier;
  const template = lines.find((l) => l.li)?.li ?? null;
  const li: Logistics | null = template
    ? { ...structuredClone(template), itemIndex: -1, price: 0, listPrice: 0, sellingPrice: 0 }
    : null;
  const line: Line = { item, li };
  setQuantity(line, it.quantity);
  lines.push(line);
  return line;
}

function replaceType(
  from: ChangeItem[],
  to: ChangeItem[],
  fromLines: Line[],
): ReplacedEntry['replaceType'] {
  const f = from[0];
  const t = to[0];
  const fl = fromLines[0];
  if (from.length !== 1 || to.length !== 1 || !f || !t || !fl || f.id !== t.id)
    return 'ItemReplacement';
  if (t.unitMultiplier && t.unitMultiplier !== (fl.item.unitMultiplier ?? 1)) return 'WeightChange';
  if (t.price !== null && t.price !== undefined && t.price !== fl.item.price) return 'PriceChange';
  return 'QuantityChange';
}

function changeItemView(line: Line): Record<string, unknown> {
  const it = line.item;
  return {
    uniqueId: it.uniqueId,
    id: it.id,
    productId: it.productId ?? null,
    productRefId: null,
    refId: it.refId ?? null,
    ean: it.ean ?? null,
    name: it.name,
    skuName: it.name,
    modalType: null,
    parentItemIndex: null,
    parentAssemblyBinding: null,
    assemblies: [],
    priceValidUntil: null,
    tax: num(it.tax),
    price: it.price,
    listPrice: it.listPrice ?? it.price,
    manualPrice: null,
    manualPriceAppliedBy: null,
    sellingPrice: it.sellingPrice ?? it.price,
    rewardValue: 0,
    isGift: it.isGift ?? false,
    additionalInfo: {
      dimension: null,
      brandName: it.additionalInfo?.brandName ?? null,
      brandId: null,
      offeringInfo: null,
      offeringType: null,
      offeringTypeId: null,
      categoriesIds: it.additionalInfo?.categoriesIds ?? null,
      productClusterId: null,
      commercialConditionId: null,
    },
    preSaleDate: null,
    productCategoryIds: null,
    productCategories: {},
    quantity: it.quantity,
    seller: it.seller ?? null,
    sellerChain: [it.seller ?? null],
    imageUrl: it.imageUrl ?? null,
    detailUrl: it.detailUrl ?? null,
    components: [],
    bundleItems: [],
    attachments: [],
    attachmentOfferings: [],
    offerings: [],
    priceTags: [],
    availability: 'available',
    measurementUnit: it.measurementUnit ?? 'un',
    unitMultiplier: it.unitMultiplier ?? 1,
    manufacturerCode: null,
    priceDefinition: null,
  };
}

function logisticsView(line: Line, itemIndex: number): Record<string, unknown> {
  const li = line.li ?? ({ itemIndex } as Logistics);
  const store = (li.pickupStoreInfo ?? null) as Record<string, unknown> | null;
  return {
    itemIndex,
    selectedSla: str(li.selectedSla),
    selectedDeliveryChannel: str(li.selectedDeliveryChannel) || 'delivery',
    addressId: str(li.addressId),
    slas: [],
    shipsTo: Array.isArray(li.shipsTo) ? li.shipsTo : [],
    itemId: line.item.id,
    deliveryChannels: [],
    price: num(li.price),
    listPrice: num(li.listPrice),
    shippingEstimate: (li.shippingEstimate as string | undefined) ?? null,
    dockEstimate: null,
    shippingEstimateDate: (li.shippingEstimateDate as string | undefined) ?? null,
    lockTTL: (li.lockTTL as string | undefined) ?? null,
    deliveryCompany: (li.deliveryCompany as string | undefined) ?? null,
    polygonName: null,
    transitTime: (li.transitTime as string | undefined) ?? null,
    sellingPrice: num(li.sellingPrice ?? li.price),
    deliveryIds: (deliveryIdsOf(line.li, line.item.quantity) ?? []).map(
      ({ totalListPrice: _t, ...d }) => d,
    ),
    deliveryWindow: null,
    pickupPointId: (li.pickupPointId as string | undefined) ?? null,
    pickupStoreInfo: {
      isPickupStore: store?.isPickupStore === true,
      friendlyName: (store?.friendlyName as string | undefined) ?? null,
      address: null,
      additionalInfo: (store?.additionalInfo as string | undefined) ?? null,
      dockId: (store?.dockId as string | undefined) ?? null,
    },
    pickupDistance: null,
  };
}

function linesTotals(lines: Line[]): { items: number; discounts: number; shipping: number } {
  let items = 0;
  let discounts = 0;
  let shipping = 0;
  for (const l of lines) {
    items += l.item.price * l.item.quantity;
    discounts += ((l.item.sellingPrice ?? l.item.price) - l.item.price) * l.item.quantity;
    shipping += num(l.li?.price);
  }
  return { items, discounts, shipping };
}

function linesOf(doc: OrderDocument): Line[] {
  const lis = (doc.shippingData?.logisticsInfo ?? []) as Logistics[];
  return doc.items.map((item, i) => ({ item, li: lis.find((l) => l.itemIndex === i) ?? null }));
}

/** Moves `delta` cents onto the order's payments: increases on the first, decreases from the last. */
function adjustPayments(doc: OrderDocument, delta: number): void {
  const payments = doc.paymentData?.transactions?.[0]?.payments ?? [];
  if (payments.length === 0 || delta === 0) return;
  if (delta > 0) {
    const p = payments.find((x) => INCREASABLE_GROUPS.includes(x.group ?? '')) ?? payments[0];
    if (!p) return;
    p.value += delta;
    p.referenceValue = (p.referenceValue ?? p.value - delta) + delta;
    return;
  }
  let left = -delta;
  for (let i = payments.length - 1; i >= 0 && left > 0; i--) {
    const p = payments[i];
    if (!p) continue;
    const cut = Math.min(left, p.value);
    p.value -= cut;
    p.referenceValue = Math.max(0, (p.referenceValue ?? p.value + cut) - cut);
    left -= cut;
  }
}

/**
 * Works a change out on a copy of the order: the new document, what the change answers, and the
 * summary entries. Throws the VTEX error of the first rule the change breaks.
 */
export function planChange(
  order: OrderDocument,
  body: ChangeRequestBody,
  settings: ChangeSettings,
  accountName: string,
): Plan {
  checkChangeableOrder(order);
  if (!settings.rolloutConfiguration.enableApi) {
    throw plainProblem(
      403,
      'Forbidden',
      'Order modifications through the API are disabled (rolloutConfiguration.enableApi is false in the change settings).',
    );
  }
  const manualDiscountValue = body.manualDiscountValue ?? 0;
  const manualIncrementValue = body.manualIncrementValue ?? 0;
  if (manualDiscountValue < 0 || manualIncrementValue < 0) throw changeError('CHK0098');
  const adds = body.add?.items ?? [];
  const removes = body.remove?.items ?? [];
  const replaces = body.replace ?? [];
  if (
    adds.length + removes.length + replaces.length === 0 &&
    manualDiscountValue === 0 &&
    manualIncrementValue === 0
  ) {
    throw changeError(
      'CHK0124',
      [],
      'The change adds, removes and replaces nothing and has no manual value.',
    );
  }

  const doc = structuredClone(order);
  const lines = linesOf(doc);
  const before = linesTotals(linesOf(order));
  const removed: SummaryItem[] = [];
  const added: SummaryItem[] = [];
  const replaced: ReplacedEntry[] = [];
  const replaceView: Record<string, unknown>[] = [];
  const addressIds = new Set(
    [
      doc.shippingData?.address?.addressId,
      ...(doc.shippingData?.selectedAddresses ?? []).map((a) => a.addressId),
    ].filter((a): a is string => typeof a === 'string' && a !== ''),
  );

  for (const it of removes) {
    for (const t of take(lines, it, 'Remove')) removed.push(summaryItem(t.line, t.quantity, false));
  }
  for (const rep of replaces) {
    const taken = rep.from.items.flatMap((it) => take(lines, it, 'Replace From'));
    const targets = rep.to.items.map((it) => put(lines, it, accountName));
    for (const li of rep.to.shippingData?.logisticsInfo ?? []) {
      const target = targets[li.itemIndex];
      if (!target)
        throw changeError(
          'SalesOrderSystem013',
          [],
          `to.shippingData.logisticsInfo itemIndex ${li.itemIndex} names no item of "to".`,
        );
      if (li.addressId && addressIds.size > 0 && !addressIds.has(li.addressId))
        throw changeError('SalesOrderSystem045');
      target.li = {
        ...(target.li ?? { itemIndex: -1 }),
        selectedSla: li.selectedSla,
        ...(li.selectedDeliveryChannel
          ? { selectedDeliveryChannel: li.selectedDeliveryChannel }
          : {}),
        ...(li.addressId ? { addressId: li.addressId } : {}),
        price: li.price,
        listPrice: li.price,
        sellingPrice: li.price,
      };
    }
    const type = replaceType(
      rep.from.items,
      rep.to.items,
      taken.map((t) => t.line),
    );
    replaced.push({
      replaceType: type,
      userInputType: type,
      from: { items: taken.map((t) => summaryItem(t.line, t.quantity, false)), shippingData: null },
      to: {
        items: targets.map((l, i) =>
          summaryItem(l, rep.to.items[i]?.quantity ?? l.item.quantity, true),
        ),
        shippingData: rep.to.shippingData
          ? { logisticsInfo: targets.map((l, i) => logisticsView(l, i)) }
          : null,
      },
      type: 'UserInput',
    });
    replaceView.push({
      from: {
        paymentData: { transactions: [] },
        items: taken.map((t) => ({
          id: t.line.item.id,
          quantity: t.quantity,
          price: t.line.item.price,
          measurementUnit: t.line.item.measurementUnit ?? 'un',
          unitMultiplier: t.line.item.unitMultiplier ?? 1,
          sellingPrice: t.line.item.sellingPrice ?? t.line.item.price,
          name: t.line.item.name,
          detailUrl: t.line.item.detailUrl ?? null,
          imageUrl: t.line.item.imageUrl ?? null,
        })),
        shippingData: { logisticsInfo: [] },
      },
      to: {
        items: targets.map((l, i) => ({
          ...changeItemView(l),
          quantity: rep.to.items[i]?.quantity ?? l.item.quantity,
        })),
        paymentData: { transactions: [] },
        receiptData: null,
        shippingData: {
          logisticsInfo: rep.to.shippingData ? targets.map((l, i) => logisticsView(l, i)) : [],
        },
      },
    });
  }
  for (const it of adds) {
    const line = put(lines, it, accountName);
    added.push({ ...summaryItem(line, it.quantity, true) });
  }

  const kept = lines.filter((l) => l.item.quantity > 0);
  if (kept.length === 0) {
    throw changeError(
      'CHK0124',
      [],
      'The change would remove every item of the order; cancel the order instead.',
    );
  }
  const after = linesTotals(kept);
  const dItems = after.items - before.items;
  const dDiscounts = after.discounts - before.discounts;
  const dShipping = after.shipping - before.shipping;
  const manual = manualIncrementValue - manualDiscountValue;
  const totalChangeValue = dItems + dDiscounts + dShipping + manual;
  const newValue = order.value + totalChangeValue;
  if (newValue <= 0) {
    throw changeError(
      'CHK0034',
      [],
      `The order is worth ${order.value} cents and the change ${totalChangeValue}.`,
    );
  }
  if (totalChangeValue > 0) {
    const custom = settings.paymentConfiguration.customPaymentSystemsAllowed;
    const payments = order.paymentData?.transactions?.flatMap((t) => t.payments) ?? [];
    const ok = payments.some(
      (p) =>
        INCREASABLE_GROUPS.includes(p.group ?? '') ||
        custom.includes(String(p.paymentSystem ?? '')),
    );
    if (!ok) throw changeError('CHK00342');
  }

  doc.items = kept.map((l) => l.item);
  if (doc.shippingData?.logisticsInfo) {
    doc.shippingData.logisticsInfo = kept.flatMap((l, i) =>
      l.li
        ? [{ ...l.li, itemIndex: i } as NonNullable<typeof doc.shippingData.logisticsInfo>[number]]
        : [],
    );
  }
  const bump = (id: string, name: string, delta: number) => {
    const t = doc.totals.find((x) => x.id === id);
    if (t) t.value += delta;
    else if (delta !== 0) doc.totals.push({ id, name, value: delta });
  };
  bump('Items', 'Total dos Itens', dItems);
  bump('Discounts', 'Total dos Descontos', dDiscounts + manual);
  bump('Shipping', 'Total do Frete', dShipping);
  doc.value = newValue;
  adjustPayments(doc, totalChangeValue);

  const totals: ChangeTotal[] = [
    { id: 'Items', name: 'Items Total', value: dItems },
    { id: 'Discounts', name: 'Discounts Total', value: dDiscounts },
    { id: 'Shipping', name: 'Shipping Total', value: dShipping },
    { id: 'Tax', name: 'Tax Total', value: 0 },
    { id: 'ManualValues', name: 'Manual Values Total', value: manual },
  ];
  return {
    doc,
    view: {
      reason: body.reason,
      manualDiscountValue,
      manualIncrementValue,
      totalChangeValue,
      totals,
      add: body.add ? { items: body.add.items } : null,
      remove: body.remove ? { items: body.remove.items } : null,
      replace: replaceView,
      origin: {
        account: accountName,
        orderId: order.orderId,
        component: `${order.origin ?? 'Fulfillment'}Component`,
      },
      settings: settingsView(settings),
    },
    added,
    removed,
    replaced,
    orderTotals: [
      { id: 'Items', name: 'Items Total', value: dItems },
      { id: 'Discounts', name: 'Discounts Total', value: dDiscounts + manual },
      { id: 'Shipping', name: 'Shipping Total', value: dShipping },
      { id: 'Tax', name: 'Tax Total', value: 0 },
    ],
    totalChangeValue,
    manualDiscountValue,
    manualIncrementValue,
  };
}

// ---- the API's operations ----------------------------------------------------------------------

function mustOrder(ctx: SandboxContext, orderId: string): OrderDocument {
  const order = ctx.orders.get(orderId);
  if (!order) throw changeError('CHK0201', [orderId]);
  return order;
}

function effectiveSettings(ctx: SandboxContext, body: ChangeRequestBody): ChangeSettings {
  return mergeSettings(getChangeSettings(ctx), body.settings);
}

/** `POST …/changes/preview`: what the change would do; nothing is stored or applied. */
export function previewChange(ctx: SandboxContext, orderId: string, input: unknown): ChangeView {
  const body = ChangeRequestBody.parse(input);
  const order = mustOrder(ctx, orderId);
  const plan = planChange(order, body, effectiveSettings(ctx, body), ctx.options.accountName);
  return { ...plan.view, date: vtexTime(ctx.clock.now()) };
}

/** `PATCH …/changes` (202): accepts the change; the ticker applies it. */
export function requestChange(ctx: SandboxContext, orderId: string, input: unknown): ChangeRecord {
  const body = ChangeRequestBody.parse(input);
  const order = mustOrder(ctx, orderId);
  checkChangeableOrder(order);
  const open = openChange(ctx.db, order.orderId);
  if (open)
    throw changeError(
      'SalesOrderSystem014',
      [],
      `Change ${open.requestId} is ${open.failed ? 'failed and waits for retry or cancel' : open.status}.`,
    );
  const plan = planChange(order, body, effectiveSettings(ctx, body), ctx.options.accountName);
  const now = ctx.clock.now();
  const date = vtexTime(now);
  const record: ChangeRecord = {
    requestId: randomUUID(),
    workflowId: randomUUID(),
    orderId: order.orderId,
    status: 'waiting-acknowledgement',
    inProgress: true,
    failed: false,
    attempts: 0,
    dueMs: now + ACKNOWLEDGE_AFTER_MS,
    createdMs: now,
    body,
    view: { ...plan.view, date },
    logs: [
      { date, status: 'waiting-acknowledgement', type: 'info', message: 'Change request received' },
    ],
    applied: null,
  };
  save(ctx.db, record, true);
  return record;
}

export function listChanges(ctx: SandboxContext, orderId: string): ChangeRecord[] {
  const order = mustOrder(ctx, orderId);
  return listChangeRecords(ctx.db, order.orderId);
}

export function getChange(ctx: SandboxContext, orderId: string, requestId: string): ChangeRecord {
  const order = mustOrder(ctx, orderId);
  return getRecord(ctx.db, order.orderId, requestId);
}

/** `POST …/{id}/retry`: a failed change goes back to being applied; returns whether it was. */
export function retryChange(ctx: SandboxContext, orderId: string, requestId: string): boolean {
  const r = getChange(ctx, orderId, requestId);
  if (r.status === 'done' || r.status === 'canceled') {
    throw changeError('SalesOrderSystem016', [], `The change is ${r.status}.`);
  }
  // Still progressing: nothing to retry, and nothing is harmed by asking.
  if (!r.failed) return false;
  const now = ctx.clock.now();
  r.failed = false;
  r.inProgress = true;
  r.status = 'waiting-confirmation';
  r.dueMs = now;
  r.logs.push({ date: vtexTime(now), status: r.status, type: 'info', message: 'Retry requested' });
  save(ctx.db, r);
  return true;
}

/**
 * `POST …/{id}/cancel`: only a change that failed (so was not applied) can be canceled. Canceling
 * a canceled change again changes nothing.
 */
export function cancelChange(
  ctx: SandboxContext,
  orderId: string,
  requestId: string,
  reason: string,
): boolean {
  const r = getChange(ctx, orderId, requestId);
  if (r.status === 'canceled') return false;
  if (r.status === 'done') {
    throw plainProblem(
      409,
      'Change already applied',
      'Once an order modification has been successfully processed it cannot be canceled; create a new modification to revert it.',
    );
  }
  if (!r.failed) {
    throw plainProblem(
      409,
      'Change in progress',
      'Only a change that failed can be canceled; this one is still being processed.',
    );
  }
  const now = vtexTime(ctx.clock.now());
  r.status = 'canceled';
  r.inProgress = false;
  r.logs.push({ date: now, status: 'canceled', type: 'info', message: `Canceled: ${reason}` });
  save(ctx.db, r);
  return true;
}

function fail(ctx: SandboxContext, r: ChangeRecord, err: unknown, now: number): void {
  const body = err instanceof VtexHttpError ? (err.body as Record<string, unknown>) : {};
  const code = typeof body.code === 'string' ? body.code : undefined;
  const message =
    typeof body.detail === 'string'
      ? body.detail
      : err instanceof Error
        ? err.message
        : String(err);
  r.failed = true;
  r.inProgress = false;
  r.attempts += 1;
  r.logs.push({
    date: vtexTime(now),
    status: r.status,
    type: 'error',
    message,
    ...(code ? { code } : {}),
  });
  if (r.attempts >= MAX_ATTEMPTS) {
    r.status = 'canceled';
    r.logs.push({
      date: vtexTime(now),
      status: 'canceled',
      type: 'error',
      message: changeErrorMessage('SalesOrderSystem017'),
      code: 'SalesOrderSystem017',
    });
  }
  save(ctx.db, r);
}

function apply(ctx: SandboxContext, r: ChangeRecord, now: number): void {
  const order = ctx.orders.get(r.orderId);
  if (!order) throw changeError('CHK0201', [r.orderId]);
  const plan = planChange(order, r.body, effectiveSettings(ctx, r.body), ctx.options.accountName);
  const date = vtexTime(now);
  const receipt: Receipt = {
    date,
    orderId: order.orderId,
    receipt: randomBytes(16).toString('hex'),
  };
  const entry = {
    reason: r.body.reason,
    discountValue: Math.max(0, -plan.totalChangeValue),
    incrementValue: Math.max(0, plan.totalChangeValue),
    itemsAdded: [...plan.added, ...plan.replaced.flatMap((x) => x.to.items)].map((i) => ({
      id: i.id,
      name: i.name,
      quantity: i.quantity,
      price: i.price,
      unitMultiplier: null,
    })),
    itemsRemoved: [...plan.removed, ...plan.replaced.flatMap((x) => x.from.items)].map((i) => ({
      id: i.id,
      name: i.name,
      quantity: i.quantity,
      price: i.price,
      unitMultiplier: null,
    })),
    receipt,
  };
  const prior = (order.changesAttachment ?? null) as {
    id?: string;
    changesData?: unknown[];
  } | null;
  ctx.orders.update(order.orderId, (doc) => {
    Object.assign(doc, plan.doc);
    doc.changesAttachment = {
      id: prior?.id ?? 'changeAttachment',
      changesData: [...(prior?.changesData ?? []), entry],
    };
  });
  r.applied = {
    date,
    receipt,
    itemsBefore: order.items,
    logisticsBefore: (order.shippingData?.logisticsInfo ?? []) as Record<string, unknown>[],
    added: plan.added,
    removed: plan.removed,
    replaced: plan.replaced,
    orderTotals: plan.orderTotals,
    totalChangeValue: plan.totalChangeValue,
    manualDiscountValue: plan.manualDiscountValue,
    manualIncrementValue: plan.manualIncrementValue,
  };
  r.view = { ...plan.view, date: r.view.date };
  r.status = 'done';
  r.inProgress = false;
  r.logs.push({
    date,
    status: 'done',
    type: 'info',
    message: `Applied to the order (receipt ${receipt.receipt})`,
  });
  save(ctx.db, r);
}

/** One step of every due change; a big clock jump walks a change through all its steps. */
export function advanceChanges(ctx: SandboxContext): void {
  ensure(ctx.db);
  const now = ctx.clock.now();
  const due = ctx.db.prepare(
    'SELECT record FROM order_changes WHERE in_progress = 1 AND due_ms <= ? ORDER BY due_ms LIMIT 100',
  );
  for (let round = 0; round < 10; round++) {
    const rows = due.all(now) as { record: string }[];
    if (rows.length === 0) return;
    for (const row of rows) {
      const r = JSON.parse(row.record) as ChangeRecord;
      if (r.status === 'waiting-acknowledgement') {
        r.status = 'waiting-confirmation';
        r.logs.push({
          date: vtexTime(r.dueMs),
          status: r.status,
          type: 'info',
          message: 'Change acknowledged',
        });
        r.dueMs += CONFIRM_AFTER_MS;
        save(ctx.db, r);
        continue;
      }
      try {
        apply(ctx, r, now);
      } catch (err) {
        fail(ctx, r, err, now);
      }
    }
  }
}

/** Registers the ticker that moves changes along; called once per app by the change routes. */
export function installChangeFlow(ctx: SandboxContext): void {
  ctx.tickers.push(() => advanceChanges(ctx));
}

/** The GET view of one change: the PATCH answer plus status, inProgress and logs. */
export function changeDetail(r: ChangeRecord): Record<string, unknown> {
  return {
    requestId: r.requestId,
    workflowId: r.workflowId,
    status: r.status,
    inProgress: r.inProgress,
    ...r.view,
    logs: r.logs,
  };
}

/** `GET /api/orders/pvt/document/{orderId}/change-summary`: every applied change, aggregated. */
export function changeSummary(ctx: SandboxContext, orderId: string): Record<string, unknown> {
  const order = ctx.orders.get(orderId);
  if (!order) throw plainProblem(404, 'Not Found', `Order ${orderId} not found.`);
  const applied = listChangeRecords(ctx.db, order.orderId)
    .filter((r) => r.status === 'done' && r.applied)
    .map((r) => r.applied as AppliedChange);
  const first = applied[0];
  const originalItems = first?.itemsBefore ?? order.items;
  const originalLis = (first?.logisticsBefore ??
    order.shippingData?.logisticsInfo ??
    []) as Logistics[];
  const totals = new Map<string, ChangeTotal>();
  for (const a of applied) {
    for (const t of a.orderTotals) {
      const cur = totals.get(t.id) ?? { id: t.id, name: t.name, value: 0 };
      cur.value += t.value;
      totals.set(t.id, cur);
    }
  }
  return {
    original: originalItems.map((item, i) => {
      const li = originalLis.find((l) => l.itemIndex === i) ?? null;
      const selling = item.sellingPrice ?? item.price;
      // The summary types these as non-null strings where Get order allows null.
      const info = (item.additionalInfo ?? {}) as Record<string, unknown>;
      return {
        ...item,
        totalQuantity: item.quantity,
        itemIndex: i,
        deliveryIds: deliveryIdsOf(li, item.quantity),
        additionalInfo: { ...info, offeringTypeId: str(info.offeringTypeId) },
        priceDefinition: {
          calculatedSellingPrice: selling,
          total: selling * item.quantity,
          sellingPrices: [{ value: selling, quantity: item.quantity }],
          reason: '',
        },
      };
    }),
    added: applied.flatMap((a) => a.added),
    removed: applied.flatMap((a) => a.removed),
    replaced: applied.flatMap((a) => a.replaced),
    manualDiscountValueAggregated: applied.reduce((s, a) => s + a.manualDiscountValue, 0),
    manualIncrementValueAggregated: applied.reduce((s, a) => s + a.manualIncrementValue, 0),
    totalChangeValueAggregated: applied.reduce((s, a) => s + a.totalChangeValue, 0),
    totals: [...totals.values()].map((t) => ({ ...t, alternativeTotals: null })),
    lastChange: applied.at(-1)?.date ?? order.lastChange,
  };
}
