import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  clearOrderFailures,
  closeDeskDb,
  countByStatus,
  countOrders,
  getOrder,
  getOrderBySequence,
  getOrderDoc,
  getSyncState,
  isQuarantined,
  listFeedEvents,
  listOrders,
  listQuarantined,
  MIGRATIONS,
  openDeskDb,
  ORDER_SORTS,
  pruneFeedEvents,
  quarantineOrder,
  recordFeedEvents,
  recordOrderFailure,
  SCHEMA_VERSION,
  searchOrders,
  setSyncState,
  upsertOrders,
  type DeskDb,
  type KeysetCursor,
  type OrderRow,
  type OrderSort,
} from '../../main/core/db';
import { isDeskError } from '../../main/core/errors';
import type { FeedItem } from '../../vtex';
import { BASE_MS, makeOrder, vtexTime } from '../helpers/desk-orders';

let dir: string;
let file: string;
let clock: ManualClock;
const open: DeskDb[] = [];

function openDb(path = file): DeskDb {
  const db = openDeskDb(path, { clock });
  open.push(db);
  return db;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-db-'));
  file = join(dir, 'desk.db');
  clock = new ManualClock(BASE_MS);
});

afterEach(() => {
  for (const db of open.splice(0)) closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('openDeskDb and migrations', () => {
  it('creates every table from zero in one go and sets the connection pragmas', () => {
    const db = openDb();
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.at(-1)?.version);
    const tables = (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]
    ).map((r) => r.name);
    expect(tables).toEqual(
      expect.arrayContaining([
        'orders',
        'order_docs',
        'order_items',
        'order_payments',
        'order_invoices',
        'orders_fts',
        'feed_events',
        'sync_state',
        'order_failures',
      ]),
    );
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('migration files are numbered in steps of ten, strictly increasing', () => {
    expect(MIGRATIONS.slice(0, 5).map((m) => m.version)).toEqual([10, 20, 30, 40, 50]);
    MIGRATIONS.forEach((m, i) => {
      expect(m.version % 10).toBe(0);
      if (i > 0) expect(m.version).toBeGreaterThan(MIGRATIONS[i - 1]?.version ?? 0);
    });
  });

  it('keeps data across reopen and does not re-run steps', () => {
    const db = openDb();
    upsertOrders(db, [makeOrder({ index: 1 })]);
    closeDeskDb(db);
    const again = openDb();
    expect(countOrders(again)).toBe(1);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('refuses a database from a newer app and leaves the file untouched', () => {
    const raw = new Database(file);
    raw.exec('CREATE TABLE future_things (x)');
    raw.pragma(`user_version = ${SCHEMA_VERSION + 10}`);
    raw.close();

    const e = catchError(() => openDb());
    expect(isDeskError(e, 'DB_TOO_NEW')).toBe(true);
    expect((e as Error).message).toContain(file);
    expect((e as Error).message).toContain(String(SCHEMA_VERSION + 10));

    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 10);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    const names = check.prepare("SELECT name FROM sqlite_schema WHERE type='table'").all();
    expect(names).toEqual([{ name: 'future_things' }]);
    check.close();
  });

  it('reports a file that is not a database with its path', () => {
    writeFileSync(file, 'this is not sqlite, just a text file that happens to be long enough');
    const e = catchError(() => openDb());
    expect(isDeskError(e, 'DB_UNREADABLE')).toBe(true);
    expect((e as Error).message).toContain(file);
  });

  it('upgrades an older database step by step, indexing orders it already held', () => {
    // Build a "version 10" file: orders cached, none of the later tables.
    const db = openDb();
    upsertOrders(db, [
      makeOrder({ index: 1, customer: { firstName: 'Gonçalo', lastName: 'Brandão' } }),
    ]);
    // Drop everything later steps created (this module's and other areas' steps alike).
    db.exec('DROP TABLE orders_fts');
    const step10 = ['orders', 'order_docs', 'order_items', 'order_payments', 'order_invoices'];
    const later = (
      db
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as {
        name: string;
      }[]
    ).filter((t) => !step10.includes(t.name));
    for (const t of later) db.exec(`DROP TABLE "${t.name}"`);
    db.pragma('user_version = 10');
    closeDeskDb(db);

    const upgraded = openDb();
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(searchOrders(upgraded, 'goncalo brandao').map((h) => h.orderId)).toEqual([
      makeOrder({ index: 1 }).orderId,
    ]);
  });

  it('rolls back a failing step whole and names it', () => {
    const db = openDb();
    db.exec('DROP TABLE feed_events; DROP TABLE sync_state; DROP TABLE order_failures;');
    db.pragma('user_version = 20');
    // Step 0040 will fail: its table name is taken. Step 0030 must still be applied.
    db.exec('CREATE TABLE sync_state (oops INTEGER)');
    closeDeskDb(db);

    const e = catchError(() => openDb());
    expect(isDeskError(e, 'DB_MIGRATION_FAILED')).toBe(true);
    expect((e as Error).message).toContain('0040-sync-state');
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(30);
    expect(
      raw.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'feed_events'").get(),
    ).toEqual({ n: 1 });
    raw.close();
  });
});

describe('upsertOrders', () => {
  it('stores the filter columns, the document and its children', () => {
    const db = openDb();
    const doc = makeOrder({
      index: 7,
      status: 'ready-for-handling',
      customer: { firstName: 'Conceição', lastName: 'Araújo', document: '12345678909' },
      items: [
        { product: 1, quantity: 2, price: 1500 },
        { product: 2, quantity: 1, price: 990 },
      ],
      pickup: true,
      affiliateId: 'MLB',
    });
    expect(upsertOrders(db, [doc])).toEqual({ stored: [doc.orderId], stale: [] });

    const got = getOrder(db, doc.orderId);
    expect(got?.doc).toEqual(doc);
    expect(getOrderDoc(db, doc.orderId)).toEqual(doc);
    expect(got).toMatchObject({
      orderId: doc.orderId,
      sequence: doc.sequence,
      status: 'ready-for-handling',
      creationDate: Date.parse(doc.creationDate),
      lastChange: doc.lastChange,
      lastChangeMs: Math.floor(Date.parse(doc.lastChange)),
      customerName: 'Conceição Araújo',
      customerEmail: doc.clientProfileData?.email,
      customerDocument: '12345678909',
      value: doc.value,
      currency: 'BRL',
      affiliateId: 'MLB',
      salesChannel: '1',
      itemsCount: 3,
      isPickup: true,
      cachedAt: BASE_MS,
    } satisfies Partial<OrderRow>);
    expect(got?.value).toBe(
      2 * 1500 + 990 + (doc.totals.find((t) => t.id === 'Discounts')?.value ?? 0),
    );
    expect(getOrderBySequence(db, doc.sequence ?? '')?.orderId).toBe(doc.orderId);

    const items = db
      .prepare(
        'SELECT item_index, sku_id, ean, quantity, price FROM order_items WHERE order_rowid = (SELECT id FROM orders WHERE order_id = ?)',
      )
      .all(doc.orderId);
    expect(items).toEqual(
      doc.items.map((it, i) => ({
        item_index: i,
        sku_id: it.id,
        ean: it.ean,
        quantity: it.quantity,
        price: it.price,
      })),
    );
    const payments = db
      .prepare(
        `SELECT payment_id, value FROM order_payments
         WHERE order_rowid = (SELECT id FROM orders WHERE order_id = ?)`,
      )
      .all(doc.orderId);
    expect(payments).toEqual([{ payment_id: expect.any(String), value: doc.value }]);
    expect(getOrder(db, 'nope-01')).toBeUndefined();
  });

  it('keeps the newest document by its own lastChange and reports older or equal ones as stale', () => {
    const db = openDb();
    const t = BASE_MS - 3_600_000;
    const v1 = makeOrder({ index: 3, status: 'ready-for-handling', lastChangeMs: t });
    const v2 = makeOrder({ index: 3, status: 'handling', lastChangeMs: t + 60_000 });
    const v0 = makeOrder({ index: 3, status: 'payment-approved', lastChangeMs: t - 60_000 });

    expect(upsertOrders(db, [v1])).toEqual({ stored: [v1.orderId], stale: [] });
    expect(upsertOrders(db, [v2])).toEqual({ stored: [v2.orderId], stale: [] });
    expect(upsertOrders(db, [v0])).toEqual({ stored: [], stale: [v0.orderId] });
    expect(upsertOrders(db, [v1])).toEqual({ stored: [], stale: [v1.orderId] });
    // Equal lastChange: ignored even if the content differs.
    const same = { ...v2, status: 'invoiced' };
    expect(upsertOrders(db, [same])).toEqual({ stored: [], stale: [v2.orderId] });
    expect(getOrder(db, v1.orderId)?.status).toBe('handling');
  });

  it('orders changes below the millisecond by all seven fractional digits', () => {
    const db = openDb();
    const t = BASE_MS - 1000;
    const a = makeOrder({ index: 4, status: 'handling', lastChangeMs: t, lastChangeTicks: 1200 });
    const b = makeOrder({ index: 4, status: 'invoiced', lastChangeMs: t, lastChangeTicks: 1201 });
    expect(a.lastChange).not.toBe(b.lastChange);
    upsertOrders(db, [a]);
    expect(upsertOrders(db, [b]).stored).toEqual([b.orderId]);
    expect(upsertOrders(db, [a]).stale).toEqual([a.orderId]);
    expect(getOrder(db, a.orderId)?.status).toBe('invoiced');
  });

  it('compares lastChange across time zones, not as text', () => {
    const db = openDb();
    const base = makeOrder({ index: 5, status: 'handling' });
    upsertOrders(db, [{ ...base, lastChange: '2026-11-27T10:00:00.0000000Z' }]);
    // 09:30 in São Paulo (-03:00) is 12:30Z: newer, though it sorts lower as text.
    const later = { ...base, status: 'invoiced', lastChange: '2026-11-27T09:30:00-03:00' };
    expect(upsertOrders(db, [later]).stored).toEqual([base.orderId]);
  });

  it('takes the newest of several copies of one order in the same batch', () => {
    const db = openDb();
    const t = BASE_MS - 10_000;
    const old = makeOrder({ index: 6, status: 'handling', lastChangeMs: t });
    const newer = makeOrder({ index: 6, status: 'invoiced', lastChangeMs: t + 1 });
    expect(upsertOrders(db, [newer, old])).toEqual({ stored: [old.orderId], stale: [old.orderId] });
    expect(getOrder(db, old.orderId)?.status).toBe('invoiced');
    expect(
      upsertOrders(db, [
        makeOrder({ index: 8, lastChangeMs: t }),
        makeOrder({ index: 8, lastChangeMs: t + 5 }),
      ]),
    ).toEqual({ stored: [makeOrder({ index: 8 }).orderId], stale: [] });
  });

  it('replaces items, payments, invoices and the search entry of an updated order', () => {
    const db = openDb();
    const t = BASE_MS - 100_000;
    const v1 = makeOrder({
      index: 9,
      status: 'invoiced',
      lastChangeMs: t,
      items: [
        { product: 10, ean: '7890000000101' },
        { product: 11, ean: '7890000000202' },
        { product: 12, ean: '7890000000303' },
      ],
    });
    const v2 = makeOrder({
      index: 9,
      status: 'handling',
      lastChangeMs: t + 1,
      items: [{ product: 13, ean: '7890000000404' }],
    });
    upsertOrders(db, [v1]);
    const count = (table: string): number =>
      (
        db
          .prepare(
            `SELECT count(*) AS n FROM ${table} WHERE order_rowid = (SELECT id FROM orders WHERE order_id = ?)`,
          )
          .get(v1.orderId) as {
          n: number;
        }
      ).n;
    expect([count('order_items'), count('order_invoices'), count('order_payments')]).toEqual([
      3, 1, 1,
    ]);

    upsertOrders(db, [v2]);
    expect([count('order_items'), count('order_invoices'), count('order_payments')]).toEqual([
      1, 0, 1,
    ]);
    expect(searchOrders(db, '7890000000101')).toEqual([]);
    expect(searchOrders(db, '7890000000404').map((h) => h.orderId)).toEqual([v1.orderId]);
    expect(countOrders(db)).toBe(1);
    expect((db.prepare('SELECT count(*) AS n FROM order_docs').get() as { n: number }).n).toBe(1);
  });

  it('writes nothing when one document of the batch has an unreadable date', () => {
    const db = openDb();
    const good = makeOrder({ index: 1 });
    const bad = { ...makeOrder({ index: 2 }), creationDate: 'yesterday' };
    const e = catchError(() => upsertOrders(db, [good, bad]));
    expect(isDeskError(e, 'ORDER_DOC_INVALID')).toBe(true);
    expect((e as Error).message).toContain(bad.orderId);
    expect(countOrders(db)).toBe(0);
  });

  it('joins an outer transaction as a savepoint', () => {
    const db = openDb();
    const a = makeOrder({ index: 1 });
    const b = makeOrder({ index: 2 });
    expect(() =>
      db.transaction(() => {
        upsertOrders(db, [a]);
        setSyncState(db, 'cursor', 1);
        throw new Error('network step failed after the write');
      })(),
    ).toThrow('network step failed');
    expect(countOrders(db)).toBe(0);
    expect(getSyncState(db, 'cursor')).toBeUndefined();

    db.transaction(() => {
      upsertOrders(db, [b]);
      setSyncState(db, 'cursor', 2);
    })();
    expect(getOrder(db, b.orderId)).toBeDefined();
    expect(getSyncState(db, 'cursor')).toBe(2);
  });

  it('stamps cached_at with the injected clock', () => {
    const db = openDb();
    clock.advance(42_000);
    upsertOrders(db, [makeOrder({ index: 1 })]);
    expect(getOrder(db, makeOrder({ index: 1 }).orderId)?.cachedAt).toBe(BASE_MS + 42_000);
  });

  it('gives ids in creation order whatever order orders arrive in', () => {
    const db = openDb();
    const docs = [3, 1, 4, 1.5, 9, 2, 6].map((h, i) =>
      makeOrder({ index: 100 + i, creationMs: BASE_MS - h * 3_600_000 }),
    );
    for (const d of docs) upsertOrders(db, [d]);
    // Same-second orders get consecutive slots.
    upsertOrders(db, [
      makeOrder({ index: 200, creationMs: BASE_MS - 500 }),
      makeOrder({ index: 201, creationMs: BASE_MS - 400 }),
    ]);
    const rows = db.prepare('SELECT order_id, creation_date FROM orders ORDER BY id').all() as {
      order_id: string;
      creation_date: number;
    }[];
    const dates = rows.map((r) => r.creation_date);
    expect(dates).toEqual([...dates].sort((a, b) => a - b));
  });
});

describe('listOrders', () => {
  /** 240 orders with heavy ties on creation time and value, over four statuses. */
  function seed(db: DeskDb): OrderRow[] {
    const statuses = ['ready-for-handling', 'handling', 'invoiced', 'canceled'];
    const docs = Array.from({ length: 240 }, (_, i) =>
      makeOrder({
        index: 1000 + i,
        status: statuses[i % 4],
        creationMs: BASE_MS - (i % 17) * 60_000,
        items: [{ product: i % 5, price: 1000 * (1 + (i % 3)), quantity: 1 }],
        pickup: true,
      }),
    );
    upsertOrders(db, docs);
    return docs.map((d) => {
      const r = getOrder(db, d.orderId);
      if (!r) throw new Error('missing');
      const { doc: _doc, ...row } = r;
      return row;
    });
  }

  const keyOf: Record<OrderSort, (r: OrderRow) => number> = {
    creation_desc: (r) => r.creationDate,
    creation_asc: (r) => r.creationDate,
    value_desc: (r) => r.value,
    value_asc: (r) => r.value,
    last_change_desc: (r) => r.lastChangeMs,
    last_change_asc: (r) => r.lastChangeMs,
  };

  function expected(rows: OrderRow[], sort: OrderSort, statuses?: string[]): string[] {
    const sign = sort.endsWith('desc') ? -1 : 1;
    return rows
      .filter((r) => !statuses || statuses.includes(r.status))
      .sort(
        (a, b) =>
          sign *
          (keyOf[sort](a) - keyOf[sort](b) ||
            (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0)),
      )
      .map((r) => r.orderId);
  }

  function pageAll(
    db: DeskDb,
    sort: OrderSort,
    statuses: string[] | undefined,
    limit: number,
  ): string[] {
    const seen: string[] = [];
    let after: KeysetCursor | null = null;
    for (let guard = 0; guard < 1000; guard++) {
      const page = listOrders(db, { sort, limit, after, ...(statuses ? { statuses } : {}) });
      expect(page.rows.length).toBeLessThanOrEqual(limit);
      seen.push(...page.rows.map((r) => r.orderId));
      if (!page.next) return seen;
      expect(page.rows).toHaveLength(limit);
      after = page.next;
    }
    throw new Error('paging did not end');
  }

  it('pages every sort, with and without status filters, without gaps or duplicates', () => {
    const db = openDb();
    const rows = seed(db);
    for (const sort of ORDER_SORTS) {
      for (const statuses of [
        undefined,
        ['handling'],
        ['invoiced', 'ready-for-handling', 'handling'],
      ]) {
        const got = pageAll(db, sort, statuses, 7);
        expect(new Set(got).size).toBe(got.length);
        expect(got, `${sort} ${String(statuses)}`).toEqual(expected(rows, sort, statuses));
      }
    }
  });

  it('returns light rows (no document) and no next cursor on the last page', () => {
    const db = openDb();
    seed(db);
    const page = listOrders(db, { sort: 'creation_desc', statuses: ['canceled'], limit: 1000 });
    expect(page.rows).toHaveLength(60);
    expect(page.next).toBeNull();
    expect(page.rows[0]).not.toHaveProperty('doc');
    expect(listOrders(db, { sort: 'creation_desc', statuses: [], limit: 10 })).toEqual({
      rows: [],
      next: null,
    });
  });

  it('neither repeats nor skips rows when orders arrive between pages', () => {
    const db = openDb();
    const rows = seed(db);
    const first = listOrders(db, { sort: 'creation_desc', limit: 50 });
    // A newer order (lands before the cursor) and an older one (after it) arrive.
    const newer = makeOrder({ index: 5000, creationMs: BASE_MS + 60_000 });
    const older = makeOrder({ index: 5001, creationMs: BASE_MS - 3_600_000 });
    upsertOrders(db, [newer, older]);
    const rest: string[] = [];
    let after = first.next;
    while (after) {
      const p = listOrders(db, { sort: 'creation_desc', limit: 50, after });
      rest.push(...p.rows.map((r) => r.orderId));
      after = p.next;
    }
    const all = [...first.rows.map((r) => r.orderId), ...rest];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(rows.length + 1);
    expect(all).not.toContain(newer.orderId);
    expect(all.at(-1)).toBe(older.orderId);
  });

  it('rejects a cursor from another sort', () => {
    const db = openDb();
    seed(db);
    const { next } = listOrders(db, { sort: 'creation_desc', limit: 5 });
    const e = catchError(() => listOrders(db, { sort: 'value_desc', limit: 5, after: next }));
    expect(isDeskError(e, 'LIST_CURSOR_INVALID')).toBe(true);
  });

  it('counts orders by status and follows status changes', () => {
    const db = openDb();
    const rows = seed(db);
    const counts: Record<string, number> = {};
    for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
    expect(countByStatus(db)).toEqual(counts);

    const one = rows.find((r) => r.status === 'handling');
    if (!one) throw new Error('no handling order');
    const doc = getOrderDoc(db, one.orderId);
    if (!doc) throw new Error('no doc');
    upsertOrders(db, [
      { ...doc, status: 'invoiced', lastChange: vtexTime(one.lastChangeMs + 1000) },
    ]);
    expect(countByStatus(db)).toEqual({
      ...counts,
      handling: (counts.handling ?? 0) - 1,
      invoiced: (counts.invoiced ?? 0) + 1,
    });
  });
});

describe('query plans of the hot queries', () => {
  /** Runs `fn`, capturing every statement it executes with its arguments, and explains them. */
  function plans(db: DeskDb, fn: () => void): { sql: string; plan: string }[] {
    const runs: { sql: string; args: unknown[] }[] = [];
    const realPrepare = db.prepare.bind(db);
    const spy = vi.spyOn(db, 'prepare').mockImplementation(((sql: string) => {
      const stmt = realPrepare(sql);
      for (const method of ['all', 'get', 'run'] as const) {
        const real = stmt[method].bind(stmt) as (...a: unknown[]) => unknown;
        (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
          runs.push({ sql, args });
          return real(...args);
        };
      }
      return stmt;
    }) as typeof db.prepare);
    try {
      fn();
    } finally {
      spy.mockRestore();
    }
    return runs.map(({ sql, args }) => ({
      sql,
      plan: (realPrepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | '),
    }));
  }

  function fresh(): DeskDb {
    // A handle of its own, so no statement is already cached and every one is captured.
    const db = openDb();
    upsertOrders(
      db,
      Array.from({ length: 50 }, (_, i) => makeOrder({ index: i })),
    );
    closeDeskDb(db);
    return openDb();
  }

  it('lists by status and creation from the index, with no sort step', () => {
    const db = fresh();
    const p = plans(db, () => {
      const page = listOrders(db, {
        statuses: ['handling', 'invoiced'],
        sort: 'creation_desc',
        limit: 5,
      });
      listOrders(db, { statuses: ['handling'], sort: 'creation_desc', limit: 5, after: page.next });
    });
    expect(p.length).toBeGreaterThanOrEqual(3);
    for (const { plan } of p) {
      expect(plan).toMatch(/SEARCH orders USING INDEX orders_status_creation \(status=\?/);
      expect(plan).not.toContain('TEMP B-TREE');
    }
    expect(p.at(-1)?.plan).toContain('(creation_date,order_id)<(?,?)');
  });

  it('lists all statuses and by value from their indexes', () => {
    const db = fresh();
    const all = plans(db, () => listOrders(db, { sort: 'creation_asc', limit: 5 }));
    expect(all[0]?.plan).toMatch(/orders_creation/);
    const value = plans(db, () =>
      listOrders(db, { sort: 'value_desc', statuses: ['handling'], limit: 5 }),
    );
    expect(value[0]?.plan).toMatch(/orders_status_value/);
    for (const { plan } of [...all, ...value]) expect(plan).not.toContain('TEMP B-TREE');
  });

  it('looks orders up by id, sequence and EAN through indexes', () => {
    const db = fresh();
    const doc = makeOrder({ index: 3 });
    const p = plans(db, () => {
      getOrder(db, doc.orderId);
      getOrderBySequence(db, doc.sequence ?? '');
      searchOrders(db, doc.items[0]?.ean ?? '');
    });
    const text = p.map((x) => x.plan).join('\n');
    expect(text).toMatch(/SEARCH o USING INDEX sqlite_autoindex_orders_1 \(order_id=\?\)/);
    expect(text).toMatch(/USING (COVERING )?INDEX orders_sequence \(sequence=\?\)/);
    expect(text).toMatch(/USING (COVERING )?INDEX order_items_ean \(ean=\?\)/);
    expect(text).toMatch(/VIRTUAL TABLE INDEX/);
    expect(text).not.toMatch(/SCAN (o|orders|order_items)\b(?! USING)/);
    expect(text).toMatch(/SEARCH o USING INTEGER PRIMARY KEY \(rowid=\?\)/);
  });
});

describe('feed events, sync state and quarantine', () => {
  const item = (eventId: string, orderId: string, state: string, change: string): FeedItem => ({
    eventId,
    handle: `h-${eventId}`,
    domain: 'Fulfillment',
    state,
    lastState: 'ready-for-handling',
    orderId,
    lastChange: '2026-11-27T10:00:00.0000000Z',
    currentChange: change,
  });

  it('records each feed event once and lists an order’s events by change time', () => {
    const db = openDb();
    const r1 = recordFeedEvents(db, [
      item('e2', 'o-01', 'invoiced', '2026-11-27T11:00:00.0000002Z'),
      item('e1', 'o-01', 'handling', '2026-11-27T11:00:00.0000001Z'),
      item('e3', 'o-02', 'handling', '2026-11-27T09:00:00.0000000Z'),
    ]);
    expect(r1).toEqual({ recorded: ['e2', 'e1', 'e3'], duplicates: [] });
    clock.advance(5000);
    const r2 = recordFeedEvents(db, [
      item('e1', 'o-01', 'handling', '2026-11-27T11:00:00.0000001Z'),
      item('e1', 'o-01', 'handling', '2026-11-27T11:00:00.0000001Z'),
      item('e4', 'o-01', 'canceled', '2026-11-27T12:00:00.0000000Z'),
    ]);
    expect(r2).toEqual({ recorded: ['e4'], duplicates: ['e1', 'e1'] });
    const events = listFeedEvents(db, 'o-01');
    expect(events.map((e) => e.eventId)).toEqual(['e1', 'e2', 'e4']);
    expect(events[0]).toEqual({
      eventId: 'e1',
      orderId: 'o-01',
      state: 'handling',
      lastState: 'ready-for-handling',
      currentChange: '2026-11-27T11:00:00.0000001Z',
      receivedAt: BASE_MS,
    });
    expect(events[2]?.receivedAt).toBe(BASE_MS + 5000);
    expect(pruneFeedEvents(db, BASE_MS + 1)).toBe(3);
    expect(listFeedEvents(db, 'o-01').map((e) => e.eventId)).toEqual(['e4']);
  });

  it('keeps sync state as JSON across restarts', () => {
    const db = openDb();
    expect(getSyncState(db, 'catchup')).toBeUndefined();
    setSyncState(db, 'catchup', { since: '2026-11-01', pages: [1, 2], done: false });
    setSyncState(db, 'catchup', { since: '2026-11-02', pages: [3], done: true });
    setSyncState(db, 'zero', 0);
    closeDeskDb(db);
    const again = openDb();
    expect(getSyncState(again, 'catchup')).toEqual({ since: '2026-11-02', pages: [3], done: true });
    expect(getSyncState<number>(again, 'zero')).toBe(0);
    setSyncState(again, 'zero', undefined);
    expect(getSyncState(again, 'zero')).toBeUndefined();
  });

  it('counts failures, quarantines and clears an order', () => {
    const db = openDb();
    expect(recordOrderFailure(db, 'bad-01', 'HTTP 500')).toBe(1);
    clock.advance(1000);
    expect(recordOrderFailure(db, 'bad-01', 'HTTP 500')).toBe(2);
    clock.advance(1000);
    expect(recordOrderFailure(db, 'bad-01', 'invalid JSON')).toBe(3);
    expect(isQuarantined(db, 'bad-01')).toBe(false);
    quarantineOrder(db, 'bad-01', 'failed 3 times');
    clock.advance(1000);
    quarantineOrder(db, 'other-01', 'schema drift');
    expect(listQuarantined(db)).toEqual([
      {
        orderId: 'bad-01',
        attempts: 3,
        reason: 'failed 3 times',
        lastReason: 'invalid JSON',
        firstFailedAt: BASE_MS,
        lastFailedAt: BASE_MS + 2000,
        quarantinedAt: BASE_MS + 2000,
      },
      expect.objectContaining({ orderId: 'other-01', attempts: 0, quarantinedAt: BASE_MS + 3000 }),
    ]);
    expect(isQuarantined(db, 'bad-01')).toBe(true);
    clearOrderFailures(db, 'bad-01');
    expect(isQuarantined(db, 'bad-01')).toBe(false);
    expect(listQuarantined(db).map((q) => q.orderId)).toEqual(['other-01']);
    expect(recordOrderFailure(db, 'bad-01', 'again')).toBe(1);
  });
});
