import { z } from 'zod';
import type { TrackingEventsRequest } from '../../../vtex';
import {
  ConversationMessages,
  DoNotes,
  FeedConfigResponse,
  FeedItem,
  HookConfigResponse,
  MAXLOT_MAX,
  isCanonicalOrderDocument,
  OrderDocument,
  OrderListResponse,
  PaymentTransactionResponse,
  Receipt,
  UserOrdersResponse,
  ChangeListView,
  ChangePreviewView,
  OrderFormResponse,
  PlacementResponse,
  PLACEMENT_COOKIES,
  pickCookies,
  type AddCartItemsRequest,
  type CartTransactionRequest,
  type ClientProfileAttachment,
  type PaymentAttachment,
  type ShippingAttachment,
  type CancelRequest,
  type ChangeRequestBodyInput,
  type ConversationMessage,
  type FeedConfigRequest,
  type HookConfigRequest,
  type DoNote,
  type DoNoteRequest,
  type InvoiceRequestInput,
  type TrackingPatchRequest,
} from '../../../vtex';
import {
  codeForStatus,
  describeErrorBody,
  networkCode,
  networkErrorNotSent,
  statusIsAmbiguous,
  VtexClientError,
} from './errors';
import { RateLimiter } from './rate-limiter';
import {
  backoffDelay,
  DEFAULT_BACKOFF,
  DEFAULT_RATE_LIMIT_PAUSE_MS,
  parseRetryAfter,
  type BackoffOptions,
  type RetryPolicy,
} from './retry';
import { realSleep, type Sleep } from './timing';
import { rememberSource } from './source-text';
import { fetchTransport, nodeTransport, TransportTimeout, type Transport } from './transport';
import type { Clock } from '../clock';

/**
 * VTEX's published limit is 6000 requests per minute per account: the ceiling of the adaptive
 * limiter, which slows down by itself when the account's other stations leave less than that.
 */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;

export interface VtexClientOptions {
  /** `https://{account}.{environment}.com.br`, or the sandbox's URL. */
  baseUrl: string;
  appKey: string;
  appToken: string;
  clock?: Clock;
  sleep?: Sleep;
  /** Source of jitter; tests pass a fixed one. */
  random?: () => number;
  /** Sends requests through this fetch instead of the built-in node:http transport (tests). */
  fetch?: typeof fetch;
  /** Connections kept open to VTEX by the built-in transport (default 64). */
  maxSockets?: number;
  /** Per attempt, covering the response body too. */
  timeoutMs?: number;
  /**
   * Client-side limit: `perMinute` is the ceiling the adaptive rate never exceeds;
   * `startJitterMs` spreads the first request of stations that start together; `initialPerMinute`
   * is where its slow start begins (default a quarter of the ceiling). `false` turns it
   * off (tests of the server's own 429).
   */
  rateLimit?:
    | { perMinute: number; burst?: number; startJitterMs?: number; initialPerMinute?: number }
    | false;
  /** Attempts after the first for calls whose policy is `safe`. */
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** A Retry-After longer than this is not waited out inside a call: the caller gets the error. */
  maxRetryWaitMs?: number;
  /** One line per attempt for the log; never contains credentials. */
  onRequest?: (log: RequestLog) => void;
}

export interface RequestLog {
  method: string;
  path: string;
  attempt: number;
  status?: number;
  code?: string;
  durationMs: number;
}

/** Per-call overrides. */
export interface CallOptions {
  /** Overrides the method's retry count (writes default to 0). */
  retries?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ListOrdersQuery {
  /** Full text: order id, email, document, client name. `+` is refused by VTEX. */
  q?: string;
  /** f_status; several values are sent comma-separated. */
  status?: readonly string[] | string;
  /** f_creationDate window, inclusive; ms since epoch or ISO strings. */
  creationDate?: { from: number | string; to: number | string };
  orderBy?: {
    field: 'creationDate' | 'orderId' | 'items' | 'totalValue' | 'origin';
    dir: 'asc' | 'desc';
  };
  /** 1-based; VTEX serves at most 30 pages. */
  page?: number;
  /** At most 100. */
  perPage?: number;
  /** Any other List orders parameter, passed as is (f_authorizedDate, salesChannelId, …). */
  extra?: Record<string, string>;
}

export interface UserOrdersQuery {
  clientEmail: string;
  page?: number;
  perPage?: number;
}

type Expect<T> =
  | {
      kind: 'json';
      schema: z.ZodType<T>;
      /** Keep the body text with the parsed value for the cache (see source-text.ts). */
      keepSource?: boolean;
      /**
       * True when the parsed body already is what `schema` would return (vtex/canonical.ts): it
       * is then the value, without the schema's copy.
       */
      canonical?: (json: unknown) => boolean;
      /** An empty body is answered as null instead of failing. */
      emptyAsNull?: boolean;
    }
  /** The body is ignored (200 with or without a body, 204). */
  | { kind: 'none' };

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  policy: RetryPolicy;
  expect: Expect<T>;
  call?: CallOptions;
  /** Sent as the Cookie header (Checkout's placement cookies). */
  cookie?: string;
  /** Receives the answer's Set-Cookie headers of a 2xx answer. */
  onCookies?: (setCookies: string[]) => void;
}

const enc = encodeURIComponent;

function isoOf(t: number | string): string {
  return typeof t === 'number' ? new Date(t).toISOString() : t;
}

/**
 * Adds camelCase aliases for PascalCase keys (deeply) where the camelCase key is absent. Used only
 * when a response fails its schema: VTEX answers some fields in either casing (pitfall 10).
 */
export function withCamelAliases(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withCamelAliases);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) out[k] = withCamelAliases(val);
  for (const k of Object.keys(out)) {
    const first = k.charAt(0);
    if (first !== first.toUpperCase() || first === first.toLowerCase()) continue;
    const camel = first.toLowerCase() + k.slice(1);
    if (!(camel in out)) out[camel] = out[k];
  }
  return out;
}

/**
 * The desk's VTEX Orders API client. Every call goes through one pipeline: rate limiter → fetch
 * with a per-attempt timeout → classification into a `VtexClientError` → retry (only when the
 * method's policy allows it) → zod parse with the shared wire schemas.
 *
 * The appToken lives in a private field: it is sent as a header and appears nowhere else (not in
 * errors, logs, `JSON.stringify(client)` or `util.inspect`).
 */
export class VtexClient {
  readonly baseUrl: string;
  readonly appKey: string;
  readonly #appToken: string;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly random: () => number;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: BackoffOptions;
  private readonly maxRetryWaitMs: number;
  private readonly limiter: RateLimiter | null;
  private readonly onRequest: ((log: RequestLog) => void) | undefined;

  constructor(opts: VtexClientOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new TypeError(`The VTEX base URL "${opts.baseUrl}" is not a valid URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new TypeError(`The VTEX base URL must be http(s), got ${url.protocol}`);
    }
    if (!opts.appKey) throw new TypeError('The appKey is empty');
    if (!opts.appToken) throw new TypeError('The appToken is empty');
    this.baseUrl = url.origin + url.pathname.replace(/\/+$/, '');
    this.appKey = opts.appKey;
    this.#appToken = opts.appToken;
    const clock = opts.clock ?? { now: () => Date.now() };
    this.now = () => clock.now();
    this.sleep = opts.sleep ?? realSleep;
    this.random = opts.random ?? Math.random;
    this.transport = opts.fetch
      ? fetchTransport(opts.fetch)
      : nodeTransport(url, { maxSockets: opts.maxSockets ?? 64 });
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.maxRetries = opts.maxRetries ?? 4;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.maxRetryWaitMs = opts.maxRetryWaitMs ?? 65_000;
    this.onRequest = opts.onRequest;
    const rl = opts.rateLimit ?? { perMinute: DEFAULT_RATE_LIMIT_PER_MINUTE };
    this.limiter =
      rl === false
        ? null
        : new RateLimiter({
            perMinute: rl.perMinute,
            ...(rl.burst !== undefined ? { burst: rl.burst } : {}),
            ...(rl.startJitterMs !== undefined ? { startJitterMs: rl.startJitterMs } : {}),
            ...(rl.initialPerMinute !== undefined ? { initialPerMinute: rl.initialPerMinute } : {}),
            now: this.now,
            sleep: this.sleep,
            random: this.random,
          });
  }

  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, appKey: this.appKey, appToken: '[redacted]' };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `VtexClient { baseUrl: '${this.baseUrl}', appKey: '${this.appKey}', appToken: [redacted] }`;
  }

  /** Until when all calls are held because VTEX answered 429 (0 when not held). */
  get rateLimitedUntil(): number {
    return this.limiter?.pausedUntilMs ?? 0;
  }

  /** The rate the adaptive limiter allows now, requests per minute (null without a limiter). */
  get allowedPerMinute(): number | null {
    return this.limiter?.perMinute ?? null;
  }

  // ---- Orders: reads -------------------------------------------------------------------------

  getOrder(orderId: string, call?: CallOptions): Promise<OrderDocument> {
    return this.request({
      method: 'GET',
      path: `/api/oms/pvt/orders/${enc(orderId)}`,
      policy: 'safe',
      expect: {
        kind: 'json',
        schema: OrderDocument,
        keepSource: true,
        canonical: isCanonicalOrderDocument,
      },
      ...(call ? { call } : {}),
    });
  }

  getOrderGroup(orderGroup: string, call?: CallOptions): Promise<OrderDocument[]> {
    return this.request({
      method: 'GET',
      path: `/api/oms/pvt/orders/order-group/${enc(orderGroup)}`,
      policy: 'safe',
      expect: { kind: 'json', schema: OrderDocument.array() },
      ...(call ? { call } : {}),
    });
  }

  listOrders(query: ListOrdersQuery = {}, call?: CallOptions): Promise<OrderListResponse> {
    const status = query.status === undefined ? undefined : [query.status].flat().join(',');
    const q: Record<string, string | undefined> = {
      q: query.q,
      f_status: status === '' ? undefined : status,
      f_creationDate: query.creationDate
        ? `creationDate:[${isoOf(query.creationDate.from)} TO ${isoOf(query.creationDate.to)}]`
        : undefined,
      orderBy: query.orderBy ? `${query.orderBy.field},${query.orderBy.dir}` : undefined,
      page: query.page === undefined ? undefined : String(query.page),
      per_page: query.perPage === undefined ? undefined : String(query.perPage),
      ...query.extra,
    };
    return this.request({
      method: 'GET',
      path: '/api/oms/pvt/orders',
      query: q,
      policy: 'safe',
      expect: { kind: 'json', schema: OrderListResponse },
      ...(call ? { call } : {}),
    });
  }

  getConversation(orderId: string, call?: CallOptions): Promise<ConversationMessage[]> {
    return this.request({
      method: 'GET',
      path: `/api/oms/pvt/orders/${enc(orderId)}/conversation-message`,
      policy: 'safe',
      expect: { kind: 'json', schema: ConversationMessages },
      ...(call ? { call } : {}),
    });
  }

  getPaymentTransaction(orderId: string, call?: CallOptions): Promise<PaymentTransactionResponse> {
    return this.request({
      method: 'GET',
      path: `/api/oms/pvt/orders/${enc(orderId)}/payment-transaction`,
      policy: 'safe',
      expect: { kind: 'json', schema: PaymentTransactionResponse },
      ...(call ? { call } : {}),
    });
  }

  userOrders(query: UserOrdersQuery, call?: CallOptions): Promise<UserOrdersResponse> {
    return this.request({
      method: 'GET',
      path: '/api/oms/user/orders',
      query: {
        clientEmail: query.clientEmail,
        page: query.page === undefined ? undefined : String(query.page),
        per_page: query.perPage === undefined ? undefined : String(query.perPage),
      },
      policy: 'safe',
      expect: { kind: 'json', schema: UserOrdersResponse },
      ...(call ? { call } : {}),
    });
  }

  // ---- Feed v3 ---------------------------------------------------------------------------------

  /**
   * Up to `maxlot` feed items. Items are read one by one: one that does not parse comes back with
   * `malformed` (and whatever handle and orderId it had) instead of failing the whole batch.
   */
  getFeed(maxlot: number = MAXLOT_MAX, call?: CallOptions): Promise<FeedBatchItem[]> {
    const n = Math.min(MAXLOT_MAX, Math.max(1, Math.floor(maxlot)));
    return this.request({
      method: 'GET',
      path: '/api/orders/feed',
      query: { maxlot: String(n) },
      policy: 'safe',
      expect: { kind: 'json', schema: TolerantFeedItems },
      ...(call ? { call } : {}),
    });
  }

  /** Deleting the same handles twice is harmless, so a commit is retried like a read. */
  async commitFeed(handles: readonly string[], call?: CallOptions): Promise<void> {
    if (handles.length === 0) return;
    await this.request({
      method: 'POST',
      path: '/api/orders/feed',
      body: { handles },
      policy: 'safe',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  /**
   * The appKey's feed configuration. VTEX documents 404 for none; an empty body or `null` is
   * read the same way (VTEX_NOT_FOUND), whichever a real account answers.
   */
  async getFeedConfig(call?: CallOptions): Promise<FeedConfigResponse> {
    const path = '/api/orders/feed/config';
    const c = await this.request({
      method: 'GET',
      path,
      policy: 'safe',
      expect: { kind: 'json', schema: FeedConfigResponse.nullable(), emptyAsNull: true },
      ...(call ? { call } : {}),
    });
    if (c) return c;
    throw new VtexClientError({
      code: 'VTEX_NOT_FOUND',
      message: `GET ${path} answered no configuration`,
      method: 'GET',
      path,
    });
  }

  /** The POST replaces the whole configuration, so repeating it is harmless. */
  async setFeedConfig(config: FeedConfigRequest, call?: CallOptions): Promise<void> {
    await this.request({
      method: 'POST',
      path: '/api/orders/feed/config',
      body: config,
      policy: 'safe',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  async deleteFeedConfig(call?: CallOptions): Promise<void> {
    await this.request({
      method: 'DELETE',
      path: '/api/orders/feed/config',
      policy: 'safe',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  getHookConfig(call?: CallOptions): Promise<HookConfigResponse> {
    return this.request({
      method: 'GET',
      path: '/api/orders/hook/config',
      policy: 'safe',
      expect: { kind: 'json', schema: HookConfigResponse },
      ...(call ? { call } : {}),
    });
  }

  async setHookConfig(config: HookConfigRequest, call?: CallOptions): Promise<void> {
    await this.request({
      method: 'POST',
      path: '/api/orders/hook/config',
      body: config,
      policy: 'safe',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  async deleteHookConfig(call?: CallOptions): Promise<void> {
    await this.request({
      method: 'DELETE',
      path: '/api/orders/hook/config',
      policy: 'safe',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  /** Evaluates a feed filter expression against a document (pure, so retried like a read). */
  testJsonata(expression: string, document: unknown, call?: CallOptions): Promise<boolean> {
    return this.request({
      method: 'POST',
      path: '/api/orders/expressions/jsonata',
      body: {
        Expression: expression,
        Document: typeof document === 'string' ? document : JSON.stringify(document),
      },
      policy: 'safe',
      expect: { kind: 'json', schema: BooleanBody },
      ...(call ? { call } : {}),
    });
  }

  // ---- Orders: writes (never retried by default: the outbox owns their repetition) ------------

  async startHandling(orderId: string, call?: CallOptions): Promise<void> {
    await this.request({
      method: 'POST',
      path: `/api/oms/pvt/orders/${enc(orderId)}/start-handling`,
      policy: 'never',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  cancel(orderId: string, body: CancelRequest = {}, call?: CallOptions): Promise<Receipt> {
    return this.request({
      method: 'POST',
      path: `/api/oms/pvt/orders/${enc(orderId)}/cancel`,
      body,
      policy: 'never',
      expect: { kind: 'json', schema: Receipt },
      ...(call ? { call } : {}),
    });
  }

  invoice(orderId: string, body: InvoiceRequestInput, call?: CallOptions): Promise<Receipt> {
    return this.request({
      method: 'POST',
      path: `/api/oms/pvt/orders/${enc(orderId)}/invoice`,
      body,
      policy: 'never',
      expect: { kind: 'json', schema: Receipt },
      ...(call ? { call } : {}),
    });
  }

  patchInvoice(
    orderId: string,
    invoiceNumber: string,
    body: TrackingPatchRequest,
    call?: CallOptions,
  ): Promise<Receipt> {
    return this.request({
      method: 'PATCH',
      path: `/api/oms/pvt/orders/${enc(orderId)}/invoice/${enc(invoiceNumber)}`,
      body,
      policy: 'never',
      expect: { kind: 'json', schema: Receipt },
      ...(call ? { call } : {}),
    });
  }

  putTracking(
    orderId: string,
    invoiceNumber: string,
    body: z.input<typeof TrackingEventsRequest>,
    call?: CallOptions,
  ): Promise<Receipt> {
    return this.request({
      method: 'PUT',
      path: `/api/oms/pvt/orders/${enc(orderId)}/invoice/${enc(invoiceNumber)}/tracking`,
      body,
      policy: 'never',
      expect: { kind: 'json', schema: Receipt },
      ...(call ? { call } : {}),
    });
  }

  async paymentNotification(orderId: string, paymentId: string, call?: CallOptions): Promise<void> {
    await this.request({
      method: 'POST',
      path: `/api/oms/pvt/orders/${enc(orderId)}/payments/${enc(paymentId)}/payment-notification`,
      policy: 'never',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  /**
   * `POST /api/do/notes` (VTEX DO, "Create Note"): a note on the order, which `getNotes` can read
   * back. The answer's body is not needed (the note is found again by its text), so it is not read.
   */
  async addNote(
    orderId: string,
    body: { description: string; domain?: string },
    call?: CallOptions,
  ): Promise<void> {
    const note: DoNoteRequest = {
      target: { id: orderId, type: 'order' },
      domain: body.domain ?? 'oms',
      description: body.description,
    };
    await this.request({
      method: 'POST',
      path: '/api/do/notes',
      body: note,
      policy: 'never',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  // ---- Order changes (v2: /api/order-system; every call names the account with `an`) --------

  /**
   * The account the order-system API is asked about: the first label of VTEX's host
   * (`{account}.vtexcommercestable.com.br`); for an address without one (the sandbox on
   * 127.0.0.1), the sandbox's account name.
   */
  get accountName(): string {
    const host = new URL(this.baseUrl).hostname;
    if (/^[\d.]+$/.test(host) || host === 'localhost' || host.startsWith('[')) return 'sandbox';
    return host.split('.')[0] ?? host;
  }

  /** What a change would do (no effect at VTEX, so it may be repeated). */
  previewChange(
    orderId: string,
    body: ChangeRequestBodyInput,
    call?: CallOptions,
  ): Promise<ChangePreviewView> {
    return this.request({
      method: 'POST',
      path: `/api/order-system/orders/${enc(orderId)}/changes/preview`,
      query: { an: this.accountName },
      body,
      policy: 'safe',
      expect: { kind: 'json', schema: ChangePreviewView },
      ...(call ? { call } : {}),
    });
  }

  /** Asks VTEX to apply a change (202); VTEX works it through its steps afterwards. */
  requestChange(
    orderId: string,
    body: ChangeRequestBodyInput,
    call?: CallOptions,
  ): Promise<ChangePreviewView> {
    return this.request({
      method: 'PATCH',
      path: `/api/order-system/orders/${enc(orderId)}/changes`,
      query: { an: this.accountName },
      body,
      policy: 'never',
      expect: { kind: 'json', schema: ChangePreviewView },
      ...(call ? { call } : {}),
    });
  }

  /** The order's change requests, oldest first, with their status and logs. */
  listChanges(orderId: string, call?: CallOptions): Promise<ChangeListView> {
    return this.request({
      method: 'GET',
      path: `/api/order-system/orders/${enc(orderId)}/changes`,
      query: { an: this.accountName },
      policy: 'safe',
      expect: { kind: 'json', schema: ChangeListView },
      ...(call ? { call } : {}),
    });
  }

  /** Applies a failed change again (VTEX ignores it for a change that did not fail). */
  async retryChange(orderId: string, requestId: string, call?: CallOptions): Promise<void> {
    await this.request({
      method: 'POST',
      path: `/api/order-system/orders/${enc(orderId)}/changes/${enc(requestId)}/retry`,
      query: { an: this.accountName },
      policy: 'never',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  /** Gives up a failed change (canceling a canceled change again changes nothing). */
  async cancelChange(
    orderId: string,
    requestId: string,
    reason: string,
    call?: CallOptions,
  ): Promise<void> {
    await this.request({
      method: 'POST',
      path: `/api/order-system/orders/${enc(orderId)}/changes/${enc(requestId)}/cancel`,
      query: { an: this.accountName },
      body: { reason },
      policy: 'never',
      expect: { kind: 'none' },
      ...(call ? { call } : {}),
    });
  }

  // ---- Marketplace: change seller (Checkout) ------------------------------------------------

  /** The marketplace's window to change seller, in days. */
  getChangeSellerWindow(call?: CallOptions): Promise<number> {
    return this.request({
      method: 'GET',
      path: '/api/checkout/pvt/configuration/window-to-change-seller',
      policy: 'safe',
      expect: { kind: 'json', schema: z.number().int().nonnegative() },
      ...(call ? { call } : {}),
    });
  }

  /** Moves an order to another seller (inside the window, or before payment approval). */
  changeSeller(orderId: string, body: ChangeSellerRequest, call?: CallOptions): Promise<unknown> {
    return this.request({
      method: 'PUT',
      path: `/api/checkout/pvt/orders/${enc(orderId)}/sellers`,
      body,
      policy: 'never',
      expect: { kind: 'json', schema: z.unknown() },
      ...(call ? { call } : {}),
    });
  }

  // ---- Checkout: the counter sale's cart and order placement -----------------------------------

  /** A new, empty cart (orderForm). Repeating it only leaves an empty cart behind. */
  newCart(call?: CallOptions): Promise<OrderFormResponse> {
    return this.request({
      method: 'GET',
      path: '/api/checkout/pub/orderForm',
      query: { forceNewCart: 'true' },
      policy: 'safe',
      expect: { kind: 'json', schema: OrderFormResponse },
      ...(call ? { call } : {}),
    });
  }

  getCart(orderFormId: string, call?: CallOptions): Promise<OrderFormResponse> {
    return this.request({
      method: 'GET',
      path: `/api/checkout/pub/orderForm/${enc(orderFormId)}`,
      policy: 'safe',
      expect: { kind: 'json', schema: OrderFormResponse },
      ...(call ? { call } : {}),
    });
  }

  /** Adds units to the cart (a repeat adds them again: never retried here). */
  addCartItems(
    orderFormId: string,
    body: AddCartItemsRequest,
    call?: CallOptions,
  ): Promise<OrderFormResponse> {
    return this.request({
      method: 'POST',
      path: `/api/checkout/pub/orderForm/${enc(orderFormId)}/items`,
      body,
      policy: 'never',
      expect: { kind: 'json', schema: OrderFormResponse },
      ...(call ? { call } : {}),
    });
  }

  /** Replaces one attachment of the cart, so repeating it is harmless. */
  attachToCart(
    orderFormId: string,
    attachment: 'clientProfileData' | 'shippingData' | 'paymentData',
    body: ClientProfileAttachment | ShippingAttachment | PaymentAttachment,
    call?: CallOptions,
  ): Promise<OrderFormResponse> {
    return this.request({
      method: 'POST',
      path: `/api/checkout/pub/orderForm/${enc(orderFormId)}/attachments/${attachment}`,
      body,
      policy: 'safe',
      expect: { kind: 'json', schema: OrderFormResponse },
      ...(call ? { call } : {}),
    });
  }

  /**
   * Places the cart as an order. Never retried: a lost answer may mean VTEX placed it, which only
   * a read of the orders can tell. Gives back the cookies the gateway callback needs.
   */
  async placeCart(
    orderFormId: string,
    body: CartTransactionRequest,
    call?: CallOptions,
  ): Promise<{ placement: PlacementResponse; cookies: string[] }> {
    let cookies: string[] = [];
    const placement = await this.request({
      method: 'POST',
      path: `/api/checkout/pub/orderForm/${enc(orderFormId)}/transaction`,
      body,
      policy: 'never',
      expect: { kind: 'json', schema: PlacementResponse },
      onCookies: (sc) => (cookies = pickCookies(sc, PLACEMENT_COOKIES)),
      ...(call ? { call } : {}),
    });
    return { placement, cookies };
  }

  /** Processes a placed order group (the gateway callback), with the placement's cookies. */
  async processOrder(
    orderGroup: string,
    cookies: readonly string[],
    call?: CallOptions,
  ): Promise<void> {
    await this.request({
      method: 'POST',
      path: `/api/checkout/pub/gatewayCallback/${enc(orderGroup)}`,
      policy: 'never',
      expect: { kind: 'none' },
      cookie: cookies.join('; '),
      ...(call ? { call } : {}),
    });
  }

  /** `GET /api/do/notes?target.id=`: the order's notes (VTEX DO). */
  getNotes(orderId: string, call?: CallOptions): Promise<DoNote[]> {
    return this.request({
      method: 'GET',
      path: '/api/do/notes',
      query: { 'target.id': orderId },
      policy: 'safe',
      expect: { kind: 'json', schema: DoNotes },
      ...(call ? { call } : {}),
    });
  }

  // ---- The pipeline ----------------------------------------------------------------------------

  private async request<T>(spec: RequestSpec<T>): Promise<T> {
    const retries = spec.call?.retries ?? (spec.policy === 'safe' ? this.maxRetries : 0);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(spec, attempt);
      } catch (err) {
        if (!(err instanceof VtexClientError)) throw err;
        if (err.code === 'VTEX_RATE_LIMITED') {
          // Hold every call, not only this one, and slow down: the account's budget is shared.
          this.limiter?.onThrottled(err.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS);
        }
        if (!err.retryable || attempt >= retries) throw err;
        const wait =
          err.code === 'VTEX_RATE_LIMITED'
            ? (err.retryAfterMs ?? DEFAULT_RATE_LIMIT_PAUSE_MS)
            : (err.retryAfterMs ?? backoffDelay(attempt, this.backoff, this.random));
        if (wait > this.maxRetryWaitMs) throw err;
        // With a limiter the 429 pause is waited out in `take()`; without one, here.
        if (err.code !== 'VTEX_RATE_LIMITED' || !this.limiter)
          await this.sleep(wait, spec.call?.signal);
      }
    }
  }

  private url(spec: RequestSpec<unknown>): string {
    let u = this.baseUrl + spec.path;
    if (spec.query) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(spec.query)) if (v !== undefined) params.set(k, v);
      const s = params.toString();
      if (s) u += `?${s}`;
    }
    return u;
  }

  private async attempt<T>(spec: RequestSpec<T>, attempt: number): Promise<T> {
    const signal = spec.call?.signal;
    await this.limiter?.take(signal);
    // The slot taken above is given back exactly once, when the transport is over (below).
    let inFlight = this.limiter !== null;
    const release = (roundTripMs?: number): void => {
      if (inFlight) this.limiter?.done(roundTripMs);
      inFlight = false;
    };
    if (signal?.aborted) {
      release();
      throw signal.reason;
    }
    const url = this.url(spec as RequestSpec<unknown>);
    const logPath = url.slice(this.baseUrl.length);
    const timeoutMs = spec.call?.timeoutMs ?? this.timeoutMs;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-vtex-api-appkey': this.appKey,
      'x-vtex-api-apptoken': this.#appToken,
    };
    // VTEX's OpenAPI lists Content-Type: application/json on every call, bodiless ones included.
    headers['content-type'] = 'application/json';
    if (spec.cookie) headers.cookie = spec.cookie;
    const started = performance.now();
    const base = { method: spec.method, path: logPath };
    const log = (status: number | undefined, code: string | undefined): void =>
      this.onRequest?.({
        ...base,
        attempt,
        durationMs: Math.round(performance.now() - started),
        ...(status !== undefined ? { status } : {}),
        ...(code !== undefined ? { code } : {}),
      });

    let res: { status: number; header(name: string): string | null; setCookies(): string[] };
    let text: string;
    try {
      const answer = await this.transport({
        method: spec.method,
        url,
        headers,
        ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
        timeoutMs,
        ...(signal ? { signal } : {}),
      });
      release(performance.now() - started);
      res = answer;
      text = answer.text;
      // Every answer but a 429 used up one of the account's requests.
      if (answer.status !== 429) this.limiter?.onAccepted();
    } catch (err) {
      release();
      // The caller's own abort (stop()) is not a VTEX failure: pass it through unchanged.
      if (signal?.aborted) throw signal.reason;
      const timedOut = err instanceof TransportTimeout;
      const e = new VtexClientError({
        ...base,
        code: timedOut ? 'VTEX_TIMEOUT' : 'VTEX_NETWORK',
        message: timedOut
          ? `VTEX did not answer ${spec.method} ${logPath} within ${timeoutMs} ms`
          : `Could not reach VTEX for ${spec.method} ${logPath}: ${networkCode(err) ?? (err as Error).message}`,
        ambiguous: timedOut || !networkErrorNotSent(err),
        cause: err,
      });
      log(undefined, e.code);
      throw e;
    }

    if (res.status < 200 || res.status >= 300) {
      const body = parseMaybeJson(text);
      const d = describeErrorBody(body);
      const code = codeForStatus(res.status);
      const retryAfterMs =
        parseRetryAfter(res.header('retry-after'), this.now()) ??
        (code === 'VTEX_RATE_LIMITED' ? DEFAULT_RATE_LIMIT_PAUSE_MS : undefined);
      const e = new VtexClientError({
        ...base,
        code,
        status: res.status,
        message: `${spec.method} ${logPath} → ${res.status}${d.message ? `: ${d.message}` : ''}`,
        ambiguous: statusIsAmbiguous(res.status),
        ...(d.vtexCode !== undefined ? { vtexCode: d.vtexCode } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
      log(res.status, e.code);
      throw e;
    }

    log(res.status, undefined);
    spec.onCookies?.(res.setCookies());
    if (spec.expect.kind === 'none') return undefined as T;
    if (spec.expect.emptyAsNull && text.trim() === '') return null as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new VtexClientError({
        ...base,
        code: 'VTEX_BAD_RESPONSE',
        status: res.status,
        message: `${spec.method} ${logPath} answered ${res.status} with a body that is not JSON`,
      });
    }
    if (spec.expect.canonical?.(json)) {
      if (spec.expect.keepSource) rememberSource(json, json, text);
      return json as T;
    }
    const parsed = spec.expect.schema.safeParse(json);
    if (parsed.success) {
      if (spec.expect.keepSource) rememberSource(parsed.data, json, text);
      return parsed.data;
    }
    const again = spec.expect.schema.safeParse(withCamelAliases(json));
    if (again.success) return again.data;
    throw new VtexClientError({
      ...base,
      code: 'VTEX_BAD_RESPONSE',
      status: res.status,
      message: `${spec.method} ${logPath} answered a body the desk cannot read: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
        .join('; ')}`,
    });
  }
}

/** Body of VTEX's change seller: the new seller, the value paid, and each item's delivery. */
export interface ChangeSellerRequest {
  newSellerId: string;
  marketplacePaymentValue: number;
  shippingData: {
    logisticsInfo: {
      itemIndex: number;
      selectedSla: string;
      selectedDeliveryChannel?: string | null;
    }[];
  };
}

/** A feed item, or one that did not parse (`malformed` says why). */
export type FeedBatchItem = FeedItem & { malformed?: string };

const TolerantFeedItems = z.array(z.unknown()).transform((raw): FeedBatchItem[] =>
  raw.map((x) => {
    const r = FeedItem.safeParse(x);
    if (r.success) return r.data;
    const folded = FeedItem.safeParse(withCamelAliases(x));
    if (folded.success) return folded.data;
    const o = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' ? v : '');
    return {
      eventId: str(o.eventId),
      handle: str(o.handle),
      domain: str(o.domain),
      state: str(o.state),
      lastState: str(o.lastState),
      orderId: str(o.orderId),
      lastChange: str(o.lastChange),
      currentChange: str(o.currentChange),
      malformed: r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || 'item'}: ${i.message}`)
        .join('; '),
    };
  }),
);

/** The JSONata test endpoint answers a bare `true`/`false`. */
const BooleanBody = z.boolean();

function parseMaybeJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
