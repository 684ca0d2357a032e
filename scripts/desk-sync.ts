/**
 * `npm run desk:sync -- --base-url URL --app-key K --app-token T --db FILE [--once]`
 *
 * Runs the desk's sync core without any UI: feed configuration, catch-up when due, then the feed
 * loop, printing progress and counts; and the outbox: actions queued by the desk (or desk:act) are
 * sent to VTEX. With --once it exits 0 once the catch-up (if needed) is done, a feed GET came back
 * empty and no action is pending (actions in Needs attention do not hold it; they are listed).
 * A transient feed error (network, 5xx, 429) does not end it: it keeps draining until the
 * deadline (--deadline-ms), then exits 5 saying what is left. Exit codes are in EXIT below.
 * SIGINT/SIGTERM finish the current cycle and exit 0.
 *
 * The app token may come from ORDER_DESK_APP_TOKEN instead of the command line (which other users
 * of the machine can see in the process list). It is never printed.
 */
import { parseArgs } from 'node:util';
import { closeDeskDb, openDeskDb, type DeskDb } from '../main/core/db';
import { createDeskCore, type DeskCore } from '../main/core/desk-core';
import type { CoreEvent } from '../main/core/events';
import { listActions, OutboxBusyError } from '../main/core/outbox';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, VtexClient } from '../main/core/vtex/client';
import { flushSearchIndex } from '../main/core/feed/search-indexer';
import { isVtexClientError } from '../main/core/vtex/errors';

/** Exit codes, stable for scripts. */
export const EXIT = {
  ok: 0,
  error: 1,
  usage: 2,
  /** VTEX refused the app key or token; actions, if any, wait. */
  credentials: 3,
  /** Another desk:sync (or the desk) is syncing this cache. */
  busy: 4,
  /** --once: the deadline passed with work left (listed). */
  deadline: 5,
} as const;

const USAGE = `Usage: npm run desk:sync -- --base-url URL --app-key KEY --db FILE [options]

  --base-url URL            VTEX account URL (https://{account}.vtexcommercestable.com.br) or the sandbox's
  --app-key KEY             the station's appKey (one appKey per station)
  --app-token TOKEN         its appToken; better: set ORDER_DESK_APP_TOKEN
  --db FILE                 the desk's SQLite cache (created when missing)
  --once                    catch up if needed, read the feed until it is empty, exit
  --replace-foreign-config  replace a feed configuration someone else set for this appKey
  --max-idle-ms N           longest wait between polls of an empty feed (default 10000)
  --rate-limit N            requests per minute the desk allows itself (default ${DEFAULT_RATE_LIMIT_PER_MINUTE},
                            VTEX's published limit per account; shared stations find their share)
  --settle-ms N             after a send that may have landed, wait this long before reading
                            the order back (default 3000)
  --backoff-ms N            first retry delay of a failed action (default 1000; doubles, capped)
  --deadline-ms N           --once: give up after this long, saying what is left (default 600000)
  --help                    this text

Exit codes: 0 done; 1 error; 2 bad usage; 3 VTEX refused the credentials (actions wait);
4 another sync is running for this cache; 5 --once reached its deadline with work left.`;

class UsageError extends Error {}

interface Flags {
  baseUrl: string;
  appKey: string;
  appToken: string;
  db: string;
  once: boolean;
  replaceForeignConfig: boolean;
  maxIdleMs: number;
  rateLimit: number;
  settleMs: number;
  backoffMs: number;
  deadlineMs: number;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new UsageError(`--${name} must be a positive integer, got "${raw}"`);
  return n;
}

function parseFlags(argv: string[], env: NodeJS.ProcessEnv): Flags | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        'base-url': { type: 'string' },
        'app-key': { type: 'string' },
        'app-token': { type: 'string' },
        db: { type: 'string' },
        once: { type: 'boolean', default: false },
        'replace-foreign-config': { type: 'boolean', default: false },
        'max-idle-ms': { type: 'string' },
        'rate-limit': { type: 'string' },
        'settle-ms': { type: 'string' },
        'backoff-ms': { type: 'string' },
        'deadline-ms': { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return 'help';
  const missing = (['base-url', 'app-key', 'db'] as const).filter((k) => !values[k]);
  if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const appToken = values['app-token'] ?? env.ORDER_DESK_APP_TOKEN;
  if (!appToken)
    throw new UsageError('missing the app token: pass --app-token or set ORDER_DESK_APP_TOKEN');
  const baseUrl = values['base-url'] ?? '';
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    throw new UsageError(`--base-url must be an http(s) URL, got "${baseUrl}"`);
  }
  return {
    baseUrl,
    appKey: values['app-key'] ?? '',
    appToken,
    db: values.db ?? '',
    once: values.once ?? false,
    replaceForeignConfig: values['replace-foreign-config'] ?? false,
    maxIdleMs: positiveInt('max-idle-ms', values['max-idle-ms'], 10_000),
    rateLimit: positiveInt('rate-limit', values['rate-limit'], DEFAULT_RATE_LIMIT_PER_MINUTE),
    settleMs: positiveInt('settle-ms', values['settle-ms'], 3000),
    backoffMs: positiveInt('backoff-ms', values['backoff-ms'], 1000),
    deadlineMs: positiveInt('deadline-ms', values['deadline-ms'], 600_000),
  };
}

/** The desk's usual idle waits (1 s → 2 → 5 → 10), capped at --max-idle-ms. */
function idleSteps(max: number): number[] {
  const steps = [1000, 2000, 5000, 10_000].map((ms) => Math.min(ms, max));
  return [...new Set(steps)];
}

function printer(out: (line: string) => void): (e: CoreEvent) => void {
  let lastPct = -1;
  let lastFeed = '';
  let lastOutbox = '';
  return (e) => {
    switch (e.type) {
      case 'outbox-status': {
        const s = e.status;
        const key = `${s.online}|${s.paused}|${s.pending}|${s.attention}`;
        if (key === lastOutbox) return;
        lastOutbox = key;
        out(
          `outbox pending=${s.pending} attention=${s.attention} online=${s.online}${s.paused ? ` paused=${s.paused}` : ''}`,
        );
        return;
      }
      case 'actions-changed':
        return;
      case 'catch-up-progress': {
        if (e.phase === 'fetching') {
          const pct = e.total ? Math.floor((e.done / e.total) * 10) * 10 : 100;
          if (pct === lastPct) return;
          lastPct = pct;
        } else {
          lastPct = -1;
        }
        out(`catch-up (${e.reason}) ${e.phase} ${e.done}/${e.total}`);
        return;
      }
      case 'sync-status': {
        const s = e.status;
        const key = `${s.feed}|${s.online}|${s.warnings.map((w) => w.code).join(',')}`;
        if (key === lastFeed) return;
        lastFeed = key;
        out(`status feed=${s.feed} online=${s.online} quarantined=${s.quarantined}`);
        for (const w of s.warnings) out(`warning ${w.code}: ${w.message}`);
        return;
      }
      case 'orders-changed':
        out(`stored ${e.orderIds.length} order(s) from the ${e.source}`);
        return;
      case 'error':
        out(`error ${e.code}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`);
        return;
      case 'shared-key-suspected':
        out(`warning SHARED_KEY_SUSPECTED: ${e.message}`);
        return;
    }
  };
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let flags: Flags | 'help';
  try {
    flags = parseFlags(argv, env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`desk:sync: ${e.message} (--help for usage)`);
    return EXIT.usage;
  }
  if (flags === 'help') {
    console.log(USAGE);
    return EXIT.ok;
  }

  let db: DeskDb;
  try {
    db = openDeskDb(flags.db);
  } catch (e) {
    console.error(`desk:sync: ${(e as Error).message}`);
    return 1;
  }
  // The search entries the ingest left for its background batches are written before the cache
  // closes; were this to fail, they stay listed and the next start writes them.
  const close = (): void => {
    try {
      flushSearchIndex(db);
    } catch (e) {
      console.error(
        `desk:sync: the search index could not be brought up to date: ${(e as Error).message}`,
      );
    }
    closeDeskDb(db);
  };
  const client = new VtexClient({
    baseUrl: flags.baseUrl,
    appKey: flags.appKey,
    appToken: flags.appToken,
    rateLimit: { perMinute: flags.rateLimit },
  });
  const core: DeskCore = createDeskCore({
    db,
    client,
    settings: { replaceForeignFeedConfig: flags.replaceForeignConfig },
    poller: { idleBackoffMs: idleSteps(flags.maxIdleMs) },
    outbox: {
      settleMs: flags.settleMs,
      backoff: { baseMs: flags.backoffMs, maxMs: 60_000 },
    },
    onListenerError: (err) => console.error('desk:sync: listener failed', err),
  });
  const out = (line: string): void => console.log(line);
  core.subscribe(printer(out));
  out(
    `desk:sync ${flags.once ? 'once' : 'running'} base=${client.baseUrl} appKey=${client.appKey} db=${flags.db}`,
  );

  const summary = (): void => {
    const s = core.snapshot();
    const byStatus = Object.entries(s.byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    out(
      `cached ${s.orders} order(s)${byStatus ? ` (${byStatus})` : ''}; quarantined ${s.quarantined.length}`,
    );
  };

  /** What is still waiting in the outbox, one line each. */
  const outboxReport = (): void => {
    for (const a of listActions(db)) {
      const err = a.lastError ? ` ${a.lastError.code}: ${a.lastError.message}` : '';
      out(
        `${a.state === 'attention' ? 'attention' : 'pending'} ${a.id} ${a.orderId} ${a.kind}${err}`,
      );
    }
  };

  // A signal lets the cycle in progress finish (its store and its commit), then ends the run.
  const stopped = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

  if (flags.once) {
    try {
      return await once(core, flags, out, { outboxReport, summary, stopped });
    } catch (e) {
      if (e instanceof OutboxBusyError) return busy(e);
      console.error(`desk:sync: ${(e as Error).message}`);
      return EXIT.error;
    } finally {
      close();
    }
  }

  try {
    core.start();
  } catch (e) {
    await core.stop();
    close();
    if (e instanceof OutboxBusyError) return busy(e);
    throw e;
  }
  const signal = await stopped;
  out(`${signal}: finishing the current cycle`);
  await core.stop();
  summary();
  close();
  return 0;
}

function busy(e: OutboxBusyError): number {
  const pid = /pid (\d+)/.exec(e.message)?.[1];
  console.error(`desk:sync: another sync is running for this cache${pid ? `, pid ${pid}` : ''}`);
  return EXIT.busy;
}

const refusedCredentials = (e: unknown): boolean =>
  isVtexClientError(e) && (e.code === 'VTEX_UNAUTHORIZED' || e.code === 'VTEX_FORBIDDEN');

/**
 * `--once`: the feed drained to empty and the outbox to nothing sendable, both at once. A
 * transient feed error is waited through (the poller backs off) until the deadline; refused
 * credentials end it with EXIT.credentials; the deadline with EXIT.deadline and what is left.
 */
async function once(
  core: DeskCore,
  flags: Flags,
  out: (line: string) => void,
  report: {
    outboxReport: () => void;
    summary: () => void;
    stopped: Promise<NodeJS.Signals>;
  },
): Promise<number> {
  const stopOutbox = new AbortController();
  let signalled = false;
  void report.stopped.then((signal) => {
    signalled = true;
    out(`${signal}: finishing the current cycle`);
    stopOutbox.abort();
    return core.stop();
  });
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    stopOutbox.abort();
    void core.stop();
  }, flags.deadlineMs);
  try {
    const outboxRun = core.drainOutbox(stopOutbox.signal);
    // The outbox takes its lease at once: a second sync stops here, before touching the feed.
    const early = await Promise.race([
      outboxRun.then(
        () => null,
        (e: unknown) => e,
      ),
      new Promise<null>((r) => setImmediate(() => r(null))),
    ]);
    if (early instanceof OutboxBusyError) throw early;

    let r = null;
    let feedDrained = false;
    let feedError: unknown = null;
    while (!timedOut && !signalled) {
      try {
        r = await core.drainOnce();
        // A drain cut short by the deadline (or a signal) returns what it had, not an empty feed.
        feedDrained = !timedOut && !signalled;
        break;
      } catch (e) {
        if (timedOut || signalled) break;
        if (refusedCredentials(e) || !(isVtexClientError(e) && e.retryable)) {
          feedError = e;
          break;
        }
        out(`feed: ${(e as Error).message}; trying again until the deadline`);
      }
    }
    if (feedError && !refusedCredentials(feedError)) {
      stopOutbox.abort();
      await outboxRun.catch(() => null);
      throw feedError;
    }
    if (refusedCredentials(feedError)) stopOutbox.abort();
    const o = await outboxRun;
    if (r) {
      out(
        `drained: received=${r.received} stored=${r.stored} stale=${r.stale} committed=${r.committed} failed=${r.failed} quarantined=${r.quarantined}`,
      );
    }
    if (o) {
      out(
        `outbox: pending=${o.pending} attention=${o.attention}${o.blocked ? ` (${o.blocked} pending wait behind Needs attention)` : ''}`,
      );
    }
    report.outboxReport();
    report.summary();
    if (o?.paused === 'credentials' || refusedCredentials(feedError)) {
      console.error(
        'desk:sync: VTEX refused the app key or token; the actions wait (SYNC_CREDENTIALS_NEEDED)',
      );
      return EXIT.credentials;
    }
    if (timedOut) {
      const left = [
        ...(feedDrained ? [] : ['the feed is not drained']),
        ...(o && o.pending - o.blocked > 0 ? [`${o.pending - o.blocked} action(s) not sent`] : []),
      ];
      console.error(
        `desk:sync: the deadline of ${flags.deadlineMs} ms passed: ${left.join(', ') || 'work was still in progress'}`,
      );
      return EXIT.deadline;
    }
    return EXIT.ok;
  } finally {
    clearTimeout(deadline);
  }
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error('desk:sync failed:', err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
