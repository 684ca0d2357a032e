import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeskDb } from '../../main/core/db';
import { followDesk, LOG_DIR, LOG_FILE, openDeskLog, type DeskLog } from '../../main/host/desk-log';
import type { DeskEventListener, DeskEventSource } from '../../main/ipc/events';
import type { DeskEvent } from '../../preload/contract';

const NOW = Date.parse('2026-12-04T12:00:00.000Z');
const TOKEN = 'VERYSECRETAPPTOKEN123';

let dir: string;
let log: DeskLog;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-log-'));
  log = openDeskLog(dir, { now: () => NOW });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function lines(): Promise<Record<string, unknown>[]> {
  await log.close();
  return readFileSync(join(dir, LOG_DIR, LOG_FILE), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function source(): DeskEventSource & { emit(e: DeskEvent): void } {
  const listeners = new Set<DeskEventListener>();
  return {
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e) => listeners.forEach((l) => l(e)),
  };
}

const status = (over: Record<string, unknown> = {}) =>
  ({
    type: 'sync:status-changed',
    status: {
      online: true,
      feed: 'ok',
      pending: 0,
      attention: 0,
      oldestPendingAt: null,
      oldestPendingAgeMs: null,
      lastSyncAt: NOW,
      lastSentAt: null,
      catchUp: null,
      warnings: [],
      sharedKeyWarning: null,
      credentialsNeeded: false,
      rateLimitedUntil: null,
      quarantined: 0,
      at: NOW,
      ...over,
    },
  }) as DeskEvent;

describe('the station log', () => {
  it('writes JSON lines to a 0600 file in a 0700 folder of the data folder', async () => {
    log.logger.info({ event: 'start' }, 'start');
    const [first] = await lines();
    expect(first).toMatchObject({
      level: 'info',
      event: 'start',
      time: '2026-12-04T12:00:00.000Z',
    });
    expect(statSync(join(dir, LOG_DIR)).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, LOG_DIR, LOG_FILE)).mode & 0o777).toBe(0o600);
  });

  it('never writes the app token', async () => {
    log.logger.info({ settings: { appKey: 'k', appToken: TOKEN }, appToken: TOKEN }, 'saved');
    const text = JSON.stringify(await lines());
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[redacted]');
  });

  it('logs a sync state change once, not every status push', async () => {
    const events = source();
    followDesk(events, () => null, log.logger);
    events.emit(status());
    events.emit(status({ at: NOW + 1000, lastSyncAt: NOW + 1000 }));
    events.emit(status({ online: false, feed: 'offline', pending: 2 }));
    const out = (await lines()).filter((l) => l.event === 'sync-state');
    expect(out).toHaveLength(2);
    expect(out[1]).toMatchObject({ online: false, feed: 'offline', pending: 2 });
  });

  it('logs each send of an offline action with its outcome, by order id only', async () => {
    const events = source();
    let rows: unknown[] = [];
    const db = { prepare: () => ({ all: () => rows }) } as unknown as DeskDb;
    followDesk(events, () => db, log.logger);
    const changed = {
      type: 'orders:changed',
      orderIds: ['1001-01'],
      all: false,
      source: 'sync',
    } as DeskEvent;
    const row = { id: 'a1', order_id: '1001-01', kind: 'invoice', outcome: null };
    rows = [{ ...row, state: 'queued', attempts: 0, last_error: null }];
    events.emit(changed);
    rows = [
      {
        ...row,
        state: 'queued',
        attempts: 1,
        last_error: JSON.stringify({ code: 'VTEX_NETWORK', message: 'to Ana Souza, Rua X' }),
      },
    ];
    events.emit(changed);
    events.emit(changed);
    rows = [{ ...row, state: 'done', attempts: 2, last_error: null, outcome: 'applied' }];
    events.emit(changed);
    const out = (await lines()).filter((l) => String(l.event).startsWith('outbox'));
    expect(out.map((l) => [l.event, l.state, l.attempts])).toEqual([
      ['outbox-queued', undefined, undefined],
      ['outbox-send', 'queued', 1],
      ['outbox-send', 'done', 2],
    ]);
    expect(out[1]).toMatchObject({ orderId: '1001-01', error: { code: 'VTEX_NETWORK' } });
    expect(JSON.stringify(out)).not.toContain('Ana Souza');
  });
});
