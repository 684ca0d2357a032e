import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import { DeskError } from '../../main/core/errors';
import { ActionRefusedError, queueAction } from '../../main/core/outbox';
import { VtexClientError } from '../../main/core/vtex/errors';
import { parseHostArgs } from '../../main/host/args';
import { FileShiftStore, OPERATORS_FILE } from '../../main/host/shift';
import { dispatch } from '../../main/ipc/dispatch';
import { IpcRefusal, statusOf, toFailure } from '../../main/ipc/errors';
import { createHandlers } from '../../main/ipc/handlers';
import { LOCAL_STATES_SQL, listQueue, queueCounts } from '../../main/ipc/order-queries';
import { BASE_MS, makeOrder } from '../helpers/desk-orders';

/**
 * The host's side of the contract without a network: command-line hooks, how failures become
 * stable codes, the shift store, and how waiting actions move orders between queues while paging.
 */

describe('parseHostArgs: the test hook', () => {
  it('reads --sandbox-url with --app-key and the token from the flag or the environment', () => {
    const a = parseHostArgs(
      ['--sandbox-url', 'http://127.0.0.1:5000', '--app-key', 'k', '--app-token', 't'],
      { defaultDir: '/d', env: {} },
    );
    expect(a.connection).toEqual({ baseUrl: 'http://127.0.0.1:5000', appKey: 'k', appToken: 't' });
    const b = parseHostArgs(['--sandbox-url=http://127.0.0.1:5000', '--app-key=k'], {
      defaultDir: '/d',
      env: { ORDER_DESK_APP_TOKEN: 'from-env' },
    });
    expect(b.connection?.appToken).toBe('from-env');
    expect(parseHostArgs([], { defaultDir: '/d', env: {} }).connection).toBeUndefined();
  });

  it('refuses a half-given connection or an address that is not http(s)', () => {
    expect(() =>
      parseHostArgs(['--sandbox-url', 'http://127.0.0.1:5000'], { defaultDir: '/d', env: {} }),
    ).toThrow(/needs --app-key and an app token/);
    expect(() =>
      parseHostArgs(['--sandbox-url', 'ftp://x', '--app-key', 'k', '--app-token', 't'], {
        defaultDir: '/d',
        env: {},
      }),
    ).toThrow(/http\(s\) address/);
  });
});

describe('failures become stable codes', () => {
  it('maps refusals, core errors and VTEX errors; anything else is a bug (null)', () => {
    expect(toFailure(new IpcRefusal('NO_OPERATOR'))).toEqual({
      code: 'NO_OPERATOR',
      message: expect.stringMatching(/Start your shift/),
    });
    expect(
      toFailure(
        new ActionRefusedError({ code: 'ORDER_CANCELED', message: 'The order is canceled.' }),
      ),
    ).toEqual({ code: 'ORDER_CANCELED', message: 'The order is canceled.' });
    expect(toFailure(new DeskError('SETTINGS_REJECTED', 'appKey: enter the VTEX app key'))).toEqual(
      {
        code: 'SETTINGS_REJECTED',
        message: expect.stringMatching(/\(appKey: enter the VTEX app key\)$/),
      },
    );
    const network = new VtexClientError({ code: 'VTEX_NETWORK', message: 'ECONNREFUSED' });
    expect(toFailure(network)).toMatchObject({ code: 'OFFLINE' });
    expect(toFailure(new VtexClientError({ code: 'VTEX_FORBIDDEN', message: 'no' }))).toMatchObject(
      { code: 'VTEX_FORBIDDEN' },
    );
    expect(toFailure(new Error('disk on fire'))).toBeNull();
    expect(statusOf('BAD_REQUEST')).toBe(400);
    expect(statusOf('ORDER_NOT_FOUND')).toBe(404);
    expect(statusOf('OFFLINE')).toBe(503);
    expect(statusOf('NO_OPERATOR')).toBe(422);
    expect(statusOf('INTERNAL')).toBe(500);
  });

  it('a host without a desk answers the desk channels with DESK_UNAVAILABLE, not a crash', async () => {
    const handlers = createHandlers({
      info: () => ({ name: 'Order Desk', version: '0.1.0', mode: 'demo', host: 'browser' }),
      now: () => 1,
    });
    for (const [channel, payload] of [
      ['orders:counts', undefined],
      ['actions:note', { orderId: '1-01', message: 'x' }],
      ['settings:get', undefined],
    ] as const) {
      const r = await dispatch(handlers, channel, payload);
      expect(r).toMatchObject({ ok: false, error: { code: 'DESK_UNAVAILABLE' } });
    }
    // A core error thrown by a handler keeps its code (printing without a print queue).
    const p = await dispatch(handlers, 'print:printers', undefined);
    expect(p).toMatchObject({ ok: false, error: { code: 'PRINT_UNAVAILABLE' } });
  });
});

describe('FileShiftStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-shift-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps only a salted hash of a PIN, and a damaged file locks nobody out', () => {
    const changes: (string | null)[] = [];
    const clock = new ManualClock(1000);
    const shifts = new FileShiftStore(dir, clock, (op) => changes.push(op?.name ?? null));
    expect(shifts.start('Bruno', '2468')).toEqual({ name: 'Bruno', since: 1000, hasPin: true });
    expect(readFileSync(join(dir, OPERATORS_FILE), 'utf8')).not.toContain('2468');
    shifts.end();
    expect(() => shifts.start('BRUNO', undefined)).toThrow(IpcRefusal);
    expect(() => shifts.start('bruno', '0000')).toThrow(/not right/);
    expect(shifts.start('bruno', '2468').hasPin).toBe(true);
    expect(shifts.start('Carla', undefined)).toMatchObject({ name: 'Carla', hasPin: false });
    expect(changes).toEqual(['Bruno', null, 'bruno', 'Carla']);
    writeFileSync(join(dir, OPERATORS_FILE), '{not json');
    expect(shifts.start('Bruno', undefined).hasPin).toBe(false);
  });
});

describe('queues with actions waiting to sync', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-queues-'));
  let db: DeskDb;
  const min = 60_000;
  const handling = [10, 20, 30].map((m, i) =>
    makeOrder({ index: i, status: 'handling', creationMs: BASE_MS + m * min }),
  );
  const ready = [5, 25, 40].map((m, i) =>
    makeOrder({ index: 10 + i, status: 'ready-for-handling', creationMs: BASE_MS + m * min }),
  );
  const moved = ready[1];

  beforeAll(() => {
    const clock = new ManualClock(BASE_MS + 100 * min);
    db = openDeskDb(join(dir, 'desk.db'), { clock });
    upsertOrders(db, [...handling, ...ready]);
    const r = queueAction(
      db,
      { station: 'Packing 2', operator: 'Ana', clock },
      { verb: 'start-handling', orderId: String(moved?.orderId) },
    );
    expect(r.ok).toBe(true);
  });
  afterAll(() => {
    closeDeskDb(db);
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts a just-handled order in Handling, not in Ready', () => {
    expect(queueCounts(db)).toMatchObject({ ready: 2, handling: 4, attention: 0, all: 6 });
  });

  it('pages Handling with the moved order in its place, each order exactly once', () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: ReturnType<typeof listQueue> = listQueue(db, {
        queue: 'handling',
        sort: 'creation_desc',
        limit: 2,
        cursor,
      });
      seen.push(...page.rows.map((r) => r.orderId));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    const expected = [handling[2], moved, handling[1], handling[0]].map((o) => o?.orderId);
    expect(seen).toEqual(expected);
    const row = listQueue(db, { queue: 'handling', sort: 'creation_desc', limit: 10 }).rows.find(
      (r) => r.orderId === moved?.orderId,
    );
    expect(row).toMatchObject({
      status: 'ready-for-handling',
      displayStatus: 'handling',
      syncState: 'pending',
      pendingLabel: 'handling — waiting to sync',
    });
  });

  it('reads the waiting orders without scanning the whole cache (every page and keystroke)', () => {
    const plan = (
      db.prepare(`EXPLAIN QUERY PLAN ${LOCAL_STATES_SQL}`).all() as { detail: string }[]
    ).map((r) => r.detail);
    expect(plan[0]).toMatch(/^SCAN l\b/);
    expect(plan.some((d) => /^SCAN o\b/.test(d))).toBe(false);
  });

  it('leaves it out of Ready, in either sort direction', () => {
    for (const sort of ['creation_desc', 'creation_asc'] as const) {
      const ids = listQueue(db, { queue: 'ready', sort, limit: 10 }).rows.map((r) => r.orderId);
      expect(ids).toHaveLength(2);
      expect(ids).not.toContain(moved?.orderId);
    }
  });
});
