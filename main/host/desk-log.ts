import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import type { DeskEvent } from '../../preload/contract';
import type { DeskDb } from '../core/db';
import type { DeskEventSource } from '../ipc/events';

/**
 * The station's log, for whoever supports it: rotating files in DATA_DIR/logs (desk.log, then
 * desk.log.1 … desk.log.LOG_FILES, each up to LOG_FILE_SIZE), JSON lines. It records the start, every
 * change of the sync state, every send of an offline action with its outcome, and errors. It
 * never records the appToken (redacted wherever a field of that name appears) nor a customer's
 * data: orders appear by id only.
 */

export const LOG_DIR = 'logs';
export const LOG_FILE = 'desk.log';
export const LOG_FILE_SIZE = '5M';
export const LOG_FILES = 5;

/** Field names whose values never reach the log, at any depth pino redacts. */
const REDACTED = [
  'appToken',
  '*.appToken',
  '*.*.appToken',
  'token',
  '*.token',
  'pin',
  '*.pin',
  'headers["x-vtex-api-apptoken"]',
  '*.headers["x-vtex-api-apptoken"]',
];

export interface DeskLog {
  readonly logger: Logger;
  readonly dir: string;
  /** Flushes and closes the file. */
  close(): Promise<void>;
}

export interface DeskLogOptions {
  /** Timestamp source (tests). */
  now?: () => number;
}

/** Opens the rotating log of a data folder: the folder 0700, every file 0600. */
export function openDeskLog(dataDir: string, opts: DeskLogOptions = {}): DeskLog {
  const dir = join(dataDir, LOG_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  // Classic rotation: desk.log is the newest, desk.log.1 the one before, … up to LOG_FILES.
  const stream: RotatingFileStream = createStream(
    (time: number | Date | null, index?: number) =>
      time && index ? `${LOG_FILE}.${index}` : LOG_FILE,
    { path: dir, size: LOG_FILE_SIZE, rotate: LOG_FILES, mode: 0o600 },
  );
  const now = opts.now ?? Date.now;
  const logger = pino(
    {
      base: { pid: process.pid },
      redact: { paths: REDACTED, censor: '[redacted]' },
      timestamp: () => `,"time":"${new Date(now()).toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  return {
    logger,
    dir,
    close: () =>
      new Promise<void>((resolve) => {
        logger.flush();
        stream.end(() => resolve());
      }),
  };
}

/** The error as a log field: its name, code and message (no stack of a DeskError's cause). */
export function errorField(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      message: err.message,
      ...(typeof code === 'string' ? { code } : {}),
      stack: err.stack,
    };
  }
  return { message: String(err) };
}

type SyncStatus = Extract<DeskEvent, { type: 'sync:status-changed' }>['status'];

/** What a support person reads of the sync state; a change of any of these is logged. */
function syncState(s: SyncStatus) {
  return {
    online: s.online,
    feed: s.feed,
    pending: s.pending,
    attention: s.attention,
    credentialsNeeded: s.credentialsNeeded,
    quarantined: s.quarantined,
    rateLimited: s.rateLimitedUntil !== null,
    warnings: s.warnings.map((w) => w.code),
    catchUp: s.catchUp ? s.catchUp.reason : null,
  };
}

interface ActionLogRow {
  id: string;
  order_id: string;
  kind: string;
  state: string;
  attempts: number;
  last_error: string | null;
  outcome: string | null;
}

const ACTIONS_OF = (n: number) =>
  `SELECT id, order_id, kind, state, attempts, last_error, outcome FROM outbox_actions
   WHERE order_id IN (${Array.from({ length: n }, () => '?').join(',')})`;

/** An action's error without its message (VTEX's messages can quote the customer). */
function errorCodes(json: string | null): Record<string, unknown> | undefined {
  if (!json) return undefined;
  try {
    const e = JSON.parse(json) as { code?: unknown; status?: unknown; vtexCode?: unknown };
    return {
      ...(typeof e.code === 'string' ? { code: e.code } : {}),
      ...(typeof e.status === 'number' ? { status: e.status } : {}),
      ...(typeof e.vtexCode === 'string' ? { vtexCode: e.vtexCode } : {}),
    };
  } catch {
    return undefined;
  }
}

/**
 * Follows a desk's pushed events into the log: sync state changes, and for every order whose
 * offline actions changed, each action whose state or number of attempts moved (one line per
 * send and its outcome). Returns the function that stops following.
 */
export function followDesk(
  events: DeskEventSource,
  db: () => DeskDb | null,
  logger: Logger,
): () => void {
  let lastSync = '';
  const seen = new Map<string, string>();
  return events.subscribe((event) => {
    if (event.type === 'sync:status-changed') {
      const state = syncState(event.status);
      const key = JSON.stringify(state);
      if (key !== lastSync) {
        lastSync = key;
        logger.info({ event: 'sync-state', ...state }, 'sync state changed');
      }
      return;
    }
    if (event.type !== 'orders:changed' || event.source !== 'sync') return;
    const handle = db();
    if (!handle || event.orderIds.length === 0) return;
    let rows: ActionLogRow[];
    try {
      rows = handle
        .prepare(ACTIONS_OF(event.orderIds.length))
        .all(...event.orderIds) as ActionLogRow[];
    } catch (err) {
      logger.error({ event: 'outbox-read-failed', err: errorField(err) }, 'outbox read failed');
      return;
    }
    for (const r of rows) {
      const sig = `${r.state}|${r.attempts}`;
      if (seen.get(r.id) === sig) continue;
      const first = !seen.has(r.id);
      seen.set(r.id, sig);
      if (first && r.attempts === 0 && r.state === 'queued') {
        logger.info(
          { event: 'outbox-queued', actionId: r.id, orderId: r.order_id, kind: r.kind },
          'action queued',
        );
        continue;
      }
      const error = errorCodes(r.last_error);
      logger[r.state === 'attention' ? 'warn' : 'info'](
        {
          event: 'outbox-send',
          actionId: r.id,
          orderId: r.order_id,
          kind: r.kind,
          attempts: r.attempts,
          state: r.state,
          ...(r.outcome ? { outcome: r.outcome } : {}),
          ...(error && r.state !== 'done' ? { error } : {}),
        },
        `action ${r.state}`,
      );
    }
  });
}
