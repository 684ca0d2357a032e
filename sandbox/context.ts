import { AccountStore, DEFAULT_KEY, type KeyPair } from './state/accounts';
import { SandboxClock } from './state/clock';
import { openDb, type Db } from './state/db';
import { EffectLog } from './state/effects';
import { SandboxEventBus } from './state/events';
import { FaultStore } from './state/faults';
import { FeedStore } from './state/feed';
import { HookStore } from './state/hook';
import { OrderStore } from './state/orders';
import { DEFAULT_STATUS_DELAY_MS } from './state/passing';

export interface SandboxOptions {
  /** SQLite file that keeps state across restarts; in memory when absent. */
  db?: string;
  /** The VTEX account name the sandbox pretends to be (hook `Origin.Account`, hostnames). */
  accountName?: string;
  /** Registered key pairs; each appKey has its own feed and hook. */
  appKeys?: KeyPair[];
  /** Orders created at start (only when the store is empty). */
  seedOrders?: number;
  /** New orders arriving per minute of sandbox time (0: none), so a demo feed is alive. */
  ordersPerMinute?: number;
  /** Customer grace period in `window-to-cancel`; VTEX's default is 30 minutes. */
  windowToCancelSeconds?: number;
  /**
   * Sandbox milliseconds an order stays in a passing status (start-handling, approve-payment,
   * invoice, cancel) after an accepted request before the workflow moves it on; 0 moves at once.
   */
  statusDelayMs?: number;
  /** Requests per minute per account before 429 (VTEX: 6000). */
  rateLimitPerMinute?: number;
  /** Seed of the order generator, for reproducible demo data. */
  seed?: number;
  /** Injected clock (tests). */
  clock?: SandboxClock;
  /** How often real time drives the timers (ms); 0 leaves time entirely to the control API. */
  tickIntervalMs?: number;
  /** Fetch used for hook deliveries (tests may inject one). */
  fetch?: typeof fetch;
  /** Fault rules active from the start (also settable through the control API). */
  faults?: unknown[];
  /** Fastify logger on/off. */
  logger?: boolean;
}

export type ResolvedOptions = Required<
  Omit<SandboxOptions, 'db' | 'clock' | 'fetch' | 'faults'>
> & {
  db: string;
};

export interface SandboxContext {
  options: ResolvedOptions;
  db: Db;
  clock: SandboxClock;
  events: SandboxEventBus;
  orders: OrderStore;
  effects: EffectLog;
  accounts: AccountStore;
  /** Feed v3 queues and configurations per appKey, the v2 feed, and delivery faults (setDelivery). */
  feed: FeedStore;
  /** Hook configurations and the delivery queue; `flush()` awaits pending deliveries. */
  hooks: HookStore;
  /** Fault injection rules and the outage switch (routes/faults.ts applies them). */
  faults: FaultStore;
  fetch: typeof fetch;
  /**
   * Timer work (status timers, feed retention, hook retries, order arrival). Run after every clock
   * advance and on the real-time tick. Each must be cheap when there is nothing due.
   */
  tickers: (() => void | Promise<void>)[];
  tick(): Promise<void>;
  /** Cleanup callbacks run when the app closes. */
  disposers: (() => void | Promise<void>)[];
}

export function createContext(opts: SandboxOptions = {}): SandboxContext {
  const options: ResolvedOptions = {
    db: opts.db ?? ':memory:',
    accountName: opts.accountName ?? 'sandbox',
    appKeys: opts.appKeys ?? [DEFAULT_KEY],
    seedOrders: opts.seedOrders ?? 0,
    ordersPerMinute: opts.ordersPerMinute ?? 0,
    windowToCancelSeconds: opts.windowToCancelSeconds ?? 1800,
    statusDelayMs: opts.statusDelayMs ?? DEFAULT_STATUS_DELAY_MS,
    rateLimitPerMinute: opts.rateLimitPerMinute ?? 6000,
    seed: opts.seed ?? 42,
    tickIntervalMs: opts.tickIntervalMs ?? 1000,
    logger: opts.logger ?? false,
  };
  const db = openDb(options.db);
  const clock = opts.clock ?? new SandboxClock();
  const events = new SandboxEventBus();
  events.setMaxListeners(50);
  const accounts = new AccountStore(db);
  for (const pair of options.appKeys) accounts.register(pair);
  const orders = new OrderStore(db, clock, events);
  const feed = new FeedStore(db, clock, events, orders, {
    seed: options.seed,
    appKeys: () => accounts.list().map((k) => k.appKey),
  });
  // Through ctx.fetch, so a fetch replaced on the context later is the one deliveries use.
  const hooks = new HookStore(db, clock, events, orders, {
    accountName: options.accountName,
    fetch: (input, init) => ctx.fetch(input, init),
  });
  const ctx: SandboxContext = {
    options,
    db,
    clock,
    events,
    orders,
    effects: new EffectLog(db),
    accounts,
    feed,
    hooks,
    faults: new FaultStore({ initial: opts.faults ?? [], seed: options.seed }),
    fetch: opts.fetch ?? fetch,
    tickers: [],
    disposers: [],
    async tick() {
      for (const t of ctx.tickers) await t();
    },
  };
  ctx.tickers.push(
    () => feed.tick(),
    () => hooks.tick(),
  );
  ctx.disposers.push(() => {
    feed.dispose();
    hooks.dispose();
  });
  return ctx;
}
