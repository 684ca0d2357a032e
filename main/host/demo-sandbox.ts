import { privateDir, privateSqliteFile } from '../core/private-files';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';

export interface DemoSandbox {
  /** http://127.0.0.1:PORT, the VTEX base URL of demo mode. */
  url: string;
  /** The key pair the sandbox accepts (its default one); absent on a stand-in (tests). */
  appKey?: string;
  appToken?: string;
  close(): Promise<void>;
}

export interface DemoSandboxOptions {
  /** The sandbox's own SQLite file (the demo survives restarts); in memory when absent. */
  dbFile?: string;
  /** Orders created when the store is empty. */
  seedOrders?: number;
  /** New orders a minute, so the demo feed is alive. */
  ordersPerMinute?: number;
  /** The customer's grace period: short, so demo orders reach "ready for handling" soon. */
  windowToCancelSeconds?: number;
  /** How often real time drives the sandbox's timers; 0 leaves time to its control API (tests). */
  tickIntervalMs?: number;
  /** How long orders stay in VTEX's passing statuses (start-handling, invoice, …). */
  statusDelayMs?: number;
}

/** What demo mode runs by default. */
export const DEMO_DEFAULTS = {
  seedOrders: 40,
  ordersPerMinute: 2,
  windowToCancelSeconds: 60,
  // Like a real account, an accepted status change shows a moment later; short enough for a demo.
  statusDelayMs: 2000,
} as const;

/**
 * The local VTEX Orders API that demo mode works against, on a free loopback port, with its own
 * database file in the data folder. Its control API (/_sandbox/…) is reachable at the same
 * address with the same key: tests create orders, move time, cause an outage through it.
 */
export async function startDemoSandbox(opts: DemoSandboxOptions = {}): Promise<DemoSandbox> {
  // The one place desk code reaches the sandbox. Loaded on demand: with an account configured,
  // no sandbox code is ever loaded.
  const { buildApp } = await import('../../sandbox/app');
  const { DEFAULT_KEY } = await import('../../sandbox/state/accounts');
  if (opts.dbFile) {
    // The demo's orders are made up, but they sit in the same private folder as the real ones.
    privateDir(dirname(opts.dbFile));
    privateSqliteFile(opts.dbFile);
  }
  const app = await buildApp({
    seedOrders: opts.seedOrders ?? DEMO_DEFAULTS.seedOrders,
    ordersPerMinute: opts.ordersPerMinute ?? DEMO_DEFAULTS.ordersPerMinute,
    windowToCancelSeconds: opts.windowToCancelSeconds ?? DEMO_DEFAULTS.windowToCancelSeconds,
    statusDelayMs: opts.statusDelayMs ?? DEMO_DEFAULTS.statusDelayMs,
    ...(opts.dbFile ? { db: opts.dbFile } : {}),
    ...(opts.tickIntervalMs !== undefined ? { tickIntervalMs: opts.tickIntervalMs } : {}),
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    appKey: DEFAULT_KEY.appKey,
    appToken: DEFAULT_KEY.appToken,
    close: () => app.close(),
  };
}
