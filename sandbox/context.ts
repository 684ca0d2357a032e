import { AccountStore, DEFAULT_KEY, type KeyPair } from './state/accounts';
import { SandboxClock } from './state/clock';
import { openDb, type Db } from './state/db';
import { EffectLog } from './state/effects';
import { SandboxEventBus } from './state/events';
import { OrderStore } from './state/orders';

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

export type ResolvedOptions = Required<Omit<SandboxOptions, 'db' | 'clock' | 'fetch' | 'faults'>> & {
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
  const ctx: SandboxContext = {
    options,
    db,
    clock,
    events,
    orders: new OrderStore(db, clock, events),
    effects: new EffectLog(db),
    accounts,
    fetch: opts.fetch ?? fetch,
    tickers: [],
    disposers: [],
    async tick() {
      for (const t of ctx.tickers) await t();
    },
  };
  return ctx;
}
