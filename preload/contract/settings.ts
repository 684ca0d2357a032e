import { z } from 'zod';
import { AppMode } from './app';
import { EpochMs, OrderId } from './orders';

/**
 * Settings, the feed filter, the hook and the operator. The VTEX appToken is write-only: it goes
 * in with `settings:save` / `settings:test-connection` and never comes back (only `hasAppToken`).
 */

const hostLabel = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const AccountConnectionInput = z.strictObject({
  mode: z.literal('account'),
  /** The "mystore" of mystore.myvtex.com. */
  accountName: z
    .string()
    .trim()
    .toLowerCase()
    .regex(hostLabel, 'use only letters, digits and dashes (the account name, not a URL)'),
  /** Default vtexcommercestable. */
  environment: z
    .string()
    .trim()
    .toLowerCase()
    .regex(hostLabel, 'use only letters, digits and dashes')
    .optional(),
});

export const UrlConnectionInput = z.strictObject({
  mode: z.literal('url'),
  /** A test server or sandbox (http only on 127.0.0.1). */
  baseUrl: z.string().trim().min(1).max(300),
});

export const ConnectionInput = z.discriminatedUnion('mode', [
  AccountConnectionInput,
  UrlConnectionInput,
]);
export type ConnectionInput = z.input<typeof ConnectionInput>;

export const ConnectionView = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('account'), accountName: z.string(), environment: z.string() }),
  z.strictObject({ mode: z.literal('url'), baseUrl: z.string() }),
]);

export const FeedFilterInput = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('FromWorkflow'),
    statuses: z.array(z.string().trim().min(1).max(80)).min(1, 'choose at least one status'),
  }),
  z.strictObject({
    type: z.literal('FromOrders'),
    expression: z.string().trim().min(1, 'enter a JSONata expression').max(5000),
    disableSingleFire: z.boolean().default(false),
  }),
]);
export type FeedFilterInput = z.input<typeof FeedFilterInput>;
export const FeedFilterView = FeedFilterInput;
export type FeedFilterView = z.output<typeof FeedFilterInput>;

export const StoreHeader = z.strictObject({
  name: z.string().trim().max(120),
  address: z.string().trim().max(400),
  taxId: z.string().trim().max(40),
  /** IANA zone for printed dates ('' = this computer's). */
  timeZone: z.string().trim().max(64),
});

export const PrintingView = z.strictObject({
  thermalPrinter: z.string().max(200),
  sheetPrinter: z.string().max(200),
  sheetSize: z.enum(['A4', 'Letter']),
  autoPrintOnInvoice: z.boolean(),
  autoPrintKind: z.enum(['thermal', 'sheet']),
  copies: z.number().int().min(1).max(10),
  locale: z.enum(['pt-BR', 'es', 'en']).optional(),
  /** Saved slips are deleted after this many days (default 90). */
  slipRetentionDays: z.number().int().min(1).max(3650),
});

/** The counter sale: what VTEX gets for a sale at the counter. */
export const CounterSettingsView = z.strictObject({
  /** The e-mail of every counter sale at VTEX (the desk does not ask customers for one). */
  email: z.email('enter an e-mail address').max(200),
  /** The customer name of a sale to a final consumer. */
  finalConsumerName: z.string().trim().min(1).max(120),
  /** The pickup point's SLA id at VTEX; '' = the first the account offers. */
  pickupSla: z.string().trim().max(200),
  /** Checkout's payment system id for cash (201 "Dinheiro" on a default account). */
  paymentSystem: z.string().trim().regex(/^\d+$/, 'a payment system id is a number'),
  /** The store's cancellation window at VTEX, for the "ends about" time. */
  cancelWindowMinutes: z.number().int().min(0).max(43_200),
});
export type CounterSettingsView = z.output<typeof CounterSettingsView>;

export const Locale = z.enum(['pt-BR', 'es', 'en']);
export type Locale = z.output<typeof Locale>;

export const SettingsView = z.strictObject({
  mode: AppMode,
  /** Null in demo mode (no account configured). */
  connection: ConnectionView.nullable(),
  /** The VTEX address the desk talks to (the local sandbox's in demo mode). */
  baseUrl: z.string().nullable(),
  appKey: z.string().nullable(),
  /** Whether an appToken is stored (the token itself never leaves main). */
  hasAppToken: z.boolean(),
  stationName: z.string(),
  store: StoreHeader,
  printing: PrintingView,
  feedFilter: FeedFilterView,
  counter: CounterSettingsView.optional(),
  locale: Locale.nullable(),
  /** Where the cache, settings and slips live. */
  dataDir: z.string(),
  /** The sentences the settings screen shows next to the fields (one appKey per station, …). */
  notes: z.strictObject({ appKey: z.string(), appToken: z.string(), connection: z.string() }),
});
export type SettingsView = z.output<typeof SettingsView>;

export const SaveSettingsRequest = z.strictObject({
  /** Setting a connection (with appKey and appToken) leaves demo mode. */
  connection: ConnectionInput.optional(),
  appKey: z.string().trim().min(1).max(200).optional(),
  /** Write-only. Left out: the stored one is kept. */
  appToken: z.string().trim().min(1).max(1000).optional(),
  stationName: z.string().trim().min(1, 'name this station (e.g. "Packing 2")').max(60).optional(),
  store: StoreHeader.partial().optional(),
  printing: PrintingView.partial().optional(),
  counter: CounterSettingsView.partial().optional(),
});
export type SaveSettingsRequest = z.input<typeof SaveSettingsRequest>;

export const CONNECTION_RESULTS = [
  'ok',
  'unauthorized',
  'forbidden',
  'unreachable',
  'error',
] as const;
export const ResourceCheck = z.strictObject({
  /** A License Manager resource, as VTEX names it ("Notify invoice"). */
  resource: z.string(),
  /** true: the key holds it; false: VTEX refused (403); null: the check could not tell. */
  allowed: z.boolean().nullable(),
});

export const ConnectionTestResult = z.strictObject({
  result: z.enum(CONNECTION_RESULTS),
  /** What to tell the person (why it failed and what to check). */
  message: z.string(),
  baseUrl: z.string(),
  at: EpochMs,
  /** One harmless call per resource the desk uses, when the key and token were accepted. */
  resources: z.array(ResourceCheck).optional(),
});
export type ConnectionTestResult = z.output<typeof ConnectionTestResult>;

export const SaveSettingsResponse = z.strictObject({
  settings: SettingsView,
  /** The connection test made because the connection or credentials changed; else null. */
  connectionTest: ConnectionTestResult.nullable(),
  /** The sync core was restarted against a new connection (e.g. demo mode was left). */
  restarted: z.boolean(),
});

export const TestConnectionRequest = z
  .strictObject({
    /** Each left out: the saved one. */
    connection: ConnectionInput.optional(),
    appKey: z.string().trim().min(1).max(200).optional(),
    appToken: z.string().trim().min(1).max(1000).optional(),
  })
  .optional();

// ---- feed and hook --------------------------------------------------------------------------

export const VtexFeedConfigView = z.strictObject({
  filter: FeedFilterView.nullable(),
  /** Seconds an item stays invisible after a read / how long VTEX keeps items. */
  visibilityTimeoutInSeconds: z.number().nullable(),
  messageRetentionPeriodInSeconds: z.number().nullable(),
  /** Items waiting in the feed (when VTEX says). */
  quantity: z.number().nullable(),
});

export const FeedConfigResponse = z.strictObject({
  /** The desk's filter (Settings). */
  filter: FeedFilterView,
  /** What VTEX has for this appKey now; null when not read (offline) or none exists. */
  vtex: VtexFeedConfigView.nullable(),
  /** Why `vtex` is null when it could not be read. */
  vtexError: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
  /** The statuses a FromWorkflow filter can name, and the desk's default choice. */
  statuses: z.array(z.string()),
  defaultStatuses: z.array(z.string()),
});

export const SetFeedFilterRequest = z.strictObject({ filter: FeedFilterInput });

export const TestExpressionRequest = z.strictObject({
  expression: z.string().trim().min(1, 'enter a JSONata expression').max(5000),
  /** The cached order to try it on; default: the newest cached order. */
  orderId: OrderId.optional(),
});

export const ExpressionOutcome = z.strictObject({
  /** Whether the order passes the filter (null when it could not be evaluated). */
  result: z.boolean().nullable(),
  /** The expression's raw value, as JSON text (local evaluation only). */
  value: z.string().nullable(),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
});

export const TestExpressionResponse = z.strictObject({
  /** The order the expression was tried on (null: no order cached yet). */
  orderId: z.string().nullable(),
  local: ExpressionOutcome,
  /** VTEX's test endpoint; null when skipped (no order). */
  vtex: ExpressionOutcome.nullable(),
});

export const HookView = z.strictObject({
  url: z.string(),
  headers: z.record(z.string(), z.string()),
  filter: FeedFilterView.nullable(),
});

export const HookGetResponse = z.strictObject({ hook: HookView.nullable() });

export const SetHookRequest = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(500),
  headers: z.record(z.string().max(100), z.string().max(1000)).optional(),
  /** Default: the desk's feed filter. */
  filter: FeedFilterInput.optional(),
});

// ---- operator -------------------------------------------------------------------------------

export const OperatorView = z.strictObject({
  name: z.string(),
  /** When the shift started. */
  since: EpochMs,
  /** The name is protected by a PIN at this station. */
  hasPin: z.boolean(),
});
export type OperatorView = z.output<typeof OperatorView>;

export const OperatorResponse = z.strictObject({ operator: OperatorView.nullable() });

export const StartShiftRequest = z.strictObject({
  name: z.string().trim().min(1, 'enter your name').max(60),
  /**
   * 4–8 digits. The first shift with a PIN protects the name at this station; later shifts under
   * that name need it (PIN_REQUIRED / PIN_WRONG).
   */
  pin: z
    .string()
    .regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits')
    .optional(),
});

/** A second person's name and PIN (a supervisor override at the pack check). */
export const VerifyPinRequest = z.strictObject({
  name: z.string().trim().min(1, 'enter a name').max(60),
  pin: z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits'),
});

const NoPayload = z.strictObject({}).optional();

export const settingsContract = {
  'settings:get': { request: NoPayload, response: SettingsView },
  'settings:save': { request: SaveSettingsRequest, response: SaveSettingsResponse },
  'settings:test-connection': { request: TestConnectionRequest, response: ConnectionTestResult },
  'feed:get-config': { request: NoPayload, response: FeedConfigResponse },
  'feed:set-filter': { request: SetFeedFilterRequest, response: FeedConfigResponse },
  'feed:test-expression': { request: TestExpressionRequest, response: TestExpressionResponse },
  'hook:get': { request: NoPayload, response: HookGetResponse },
  'hook:set': { request: SetHookRequest, response: HookGetResponse },
  'hook:delete': { request: NoPayload, response: HookGetResponse },
  'operator:get': { request: NoPayload, response: OperatorResponse },
  'operator:start-shift': { request: StartShiftRequest, response: OperatorResponse },
  'operator:end-shift': { request: NoPayload, response: OperatorResponse },
  'operator:verify-pin': {
    request: VerifyPinRequest,
    response: z.strictObject({ name: z.string() }),
  },
} as const;
