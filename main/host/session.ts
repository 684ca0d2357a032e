import { createHash } from 'node:crypto';
import { privateDir } from '../core/private-files';
import { dirname, join } from 'node:path';
import type { AppMode } from '../../preload/contract';
import { OPEN_STATUSES } from '../../vtex';
import type { Clock } from '../core/clock';
import { closeDeskDb, openDeskDb } from '../core/db';
import { createDeskCore, type DeskCore } from '../core/desk-core';
import type { CoreEvent } from '../core/events';
import type { FeedPollerOptions } from '../core/feed/poller';
import { createPrintQueue, type PrintQueue } from '../core/print/queue';
import type { PrintJob } from '../core/print/jobs';
import type { SlipPrinter } from '../core/print/printer';
import type { PrintSettingsSnapshot } from '../core/print/settings';
import type { FeedFilterChoice } from '../core/settings';
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  VtexClient,
  type VtexClientOptions,
} from '../core/vtex/client';
import type { Sleep } from '../core/vtex/timing';
import type { DeskSession } from '../ipc/desk-services';

/**
 * One running desk core: the cache of one VTEX account (or of the demo sandbox), its client, the
 * feed poller and sync engine, and the print queue. Switching the connection closes one session
 * and opens another; each connection has its own cache file, so orders of the demo and of a real
 * account (or of two accounts) never mix, and actions waiting for one account stay in its file.
 */

/** Where the desk connects. */
export interface SessionTarget {
  mode: AppMode;
  baseUrl: string;
  appKey: string;
  appToken: string;
  feedFilter: FeedFilterChoice;
}

/** Timings for tests and benches (the defaults are the production ones). */
export interface DeskTuning {
  poller?: FeedPollerOptions;
  outbox?: {
    settleMs?: number;
    backoff?: { baseMs: number; maxMs: number };
    idlePollMs?: number;
    probe?: { minMs: number; maxMs: number };
  };
  client?: {
    timeoutMs?: number;
    maxRetries?: number;
    /** The client's limiter (benchmarks turn it off to ingest as fast as the desk can). */
    rateLimit?: VtexClientOptions['rateLimit'];
  };
}

export interface SessionOptions {
  dataDir: string;
  clock: Clock;
  sleep?: Sleep;
  tuning?: DeskTuning;
  /** Null: no printing in this host (the print channels say so). */
  printer: SlipPrinter | null;
  printSettings(): PrintSettingsSnapshot;
  onCoreEvent(e: CoreEvent): void;
  onPrintJob(job: PrintJob): void;
  onError(err: unknown, context: string): void;
}

export interface RunningSession extends DeskSession {
  readonly target: SessionTarget;
  readonly dbFile: string;
  start(): void;
  close(): Promise<void>;
}

/** The cache file of a connection: one per VTEX address and appKey. */
export function cacheFileOf(
  dataDir: string,
  target: Pick<SessionTarget, 'mode' | 'baseUrl' | 'appKey'>,
): string {
  if (target.mode === 'demo') return join(dataDir, 'demo', 'desk.db');
  const host = new URL(target.baseUrl).host.replace(/[^A-Za-z0-9.-]+/g, '_').slice(0, 60);
  const id = createHash('sha256').update(`${target.baseUrl}\n${target.appKey}`).digest('hex');
  return join(dataDir, 'cache', `${host}-${id.slice(0, 12)}.db`);
}

export function openSession(target: SessionTarget, opts: SessionOptions): RunningSession {
  const dbFile = cacheFileOf(opts.dataDir, target);
  privateDir(dirname(dbFile));
  const db = openDeskDb(dbFile, { clock: opts.clock });
  let core: DeskCore;
  let client: VtexClient;
  let print: PrintQueue | null = null;
  try {
    client = new VtexClient({
      baseUrl: target.baseUrl,
      appKey: target.appKey,
      appToken: target.appToken,
      clock: opts.clock,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      // Many stations of one account come back online together (power, network): spread their
      // first requests over a second so they do not hit the account's shared limit at once.
      ...(target.mode === 'demo'
        ? {}
        : { rateLimit: { perMinute: DEFAULT_RATE_LIMIT_PER_MINUTE, startJitterMs: 1000 } }),
      ...(opts.tuning?.client ?? {}),
    });
    core = createDeskCore({
      db,
      client,
      clock: opts.clock,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      settings: { feedFilter: target.feedFilter },
      // The demo's few orders are all worth showing: invoiced and canceled ones too, so every
      // queue has something in it. A real account reconciles only the open work (the default).
      ...(target.mode === 'demo'
        ? { catchUp: { statuses: [...OPEN_STATUSES, 'invoiced', 'canceled'], lookbackDays: 14 } }
        : {}),
      ...(opts.tuning?.poller ? { poller: opts.tuning.poller } : {}),
      outbox: { ...(opts.tuning?.outbox ?? {}) },
      onListenerError: (err) => opts.onError(err, 'core event listener'),
    });
    if (opts.printer) {
      print = createPrintQueue({
        db,
        printer: opts.printer,
        dataDir: opts.dataDir,
        clock: opts.clock,
        settings: opts.printSettings,
        onJobChanged: opts.onPrintJob,
        onError: (err, context) => opts.onError(err, `print: ${context}`),
      });
    }
  } catch (err) {
    closeDeskDb(db);
    throw err;
  }
  const unsubscribe = core.subscribe(opts.onCoreEvent);
  // Auto-print waits for VTEX to accept an invoice: the outbox's news settles those waits.
  const unsubscribePrint = print
    ? ((queue: PrintQueue) =>
        core.subscribe((e) => {
          if (
            e.type === 'actions-changed' ||
            e.type === 'outbox-status' ||
            e.type === 'orders-changed'
          ) {
            void queue.onOutboxEvent(e);
          }
        }))(print)
    : () => undefined;
  let closed = false;
  return {
    target,
    dbFile,
    db,
    client,
    core,
    print,
    start: () => core.start(),
    async close() {
      if (closed) return;
      closed = true;
      // The loops finish their current step first; only then may the database close.
      await core.stop();
      await print?.close();
      unsubscribe();
      unsubscribePrint();
      closeDeskDb(db);
    },
  };
}
