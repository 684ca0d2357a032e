import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  closeDeskDb,
  openDeskDb,
  searchOrders,
  upsertOrders,
  type DeskDb,
} from '../../main/core/db';
import { indexPendingSearch } from '../../main/core/db/search-index';
import {
  flushSearchIndex,
  onSearchIndexError,
  pendingSearchCount,
  scheduleSearchIndex,
} from '../../main/core/feed/search-indexer';
import { storeDocuments } from '../../main/core/feed/store';
import { createDeskCore } from '../../main/core/desk-core';
import { VtexClient } from '../../main/core/vtex/client';
import { BASE_MS, bulkOrders, makeOrder } from '../helpers/desk-orders';

let dir: string;
let file: string;
let db: DeskDb;

const open = () => openDeskDb(file, { clock: new ManualClock(BASE_MS) });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-search-deferred-'));
  file = join(dir, 'desk.db');
  db = open();
});

afterEach(() => {
  vi.useRealTimers();
  if (db.open) closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

const ids = (q: string): string[] => searchOrders(db, q, 500).map((h) => h.orderId);

describe("the feed's ingest writes search entries in deferred batches", () => {
  it('every order the feed stored is found once the index catches up', () => {
    vi.useFakeTimers();
    const docs = [...bulkOrders(300, { seed: 11 })].flat();
    const ana = makeOrder({
      index: 77_001,
      customer: { firstName: 'Xanthíppe', lastName: 'Quarterman' },
    });
    for (let i = 0; i < docs.length; i += 10) storeDocuments(db, docs.slice(i, i + 10), [], 3);
    storeDocuments(db, [ana], [], 3);
    // Stored and listed at once; the search entries wait for their batch.
    expect(pendingSearchCount(db)).toBe(301);
    // The background indexer runs once the stores pause for a second.
    vi.advanceTimersByTime(999);
    expect(pendingSearchCount(db)).toBe(301);
    vi.advanceTimersByTime(1);
    vi.runAllTimers();
    expect(pendingSearchCount(db)).toBe(0);
    expect(ids('xanthippe quarterman')).toEqual([ana.orderId]);
    for (const d of docs) expect(ids(d.orderId)).toContain(d.orderId);
  });

  it('a search right after a store finds the order: it writes what is pending first', () => {
    const ana = makeOrder({
      index: 77_005,
      customer: { firstName: 'Xanthíppe', lastName: 'Quarterman' },
    });
    storeDocuments(db, [ana], [], 3);
    expect(pendingSearchCount(db)).toBe(1);
    expect(ids('xanthippe')).toEqual([ana.orderId]);
    expect(pendingSearchCount(db)).toBe(0);
  });

  it('a crash between storing and indexing loses nothing: the next start indexes what is pending', () => {
    const ana = makeOrder({ index: 77_002, customer: { firstName: 'Anaïs', lastName: 'Brandão' } });
    storeDocuments(db, [ana], [], 3);
    expect(pendingSearchCount(db)).toBe(1);
    // The desk dies before its indexer ran.
    closeDeskDb(db);
    vi.useFakeTimers();
    db = open();
    expect(pendingSearchCount(db)).toBe(1);
    // The next start writes what is pending, without waiting for a search or a new order.
    createDeskCore({
      db,
      client: new VtexClient({ baseUrl: 'http://127.0.0.1:9', appKey: 'k', appToken: 't' }),
    });
    vi.advanceTimersByTime(1000);
    expect(pendingSearchCount(db)).toBe(0);
    expect(ids('anais brandao')).toEqual([ana.orderId]);
    expect(flushSearchIndex(db)).toBe(0);
  });

  it('a newer version replaces the entry of the old one, whichever path wrote either', () => {
    const v1 = makeOrder({ index: 77_003, customer: { firstName: 'Otília', lastName: 'Rezende' } });
    upsertOrders(db, [v1]);
    expect(ids('rezende')).toEqual([v1.orderId]);
    const v2 = {
      ...v1,
      lastChange: '2026-11-27T13:00:00.0000000Z',
      clientProfileData: {
        ...v1.clientProfileData,
        lastName: 'Mascarenhas',
        email: 'otilia@example.com',
      },
    };
    storeDocuments(db, [v2], [], 3);
    expect(flushSearchIndex(db)).toBe(1);
    expect(ids('rezende')).toEqual([]);
    expect(ids('mascarenhas')).toEqual([v1.orderId]);
    // A direct write of a still-pending order takes it off the list: one entry, not two.
    const v3 = { ...v2, lastChange: '2026-11-27T14:00:00.0000000Z' };
    storeDocuments(db, [{ ...v3, lastChange: '2026-11-27T13:30:00.0000000Z' }], [], 3);
    upsertOrders(db, [v3]);
    expect(pendingSearchCount(db)).toBe(0);
    expect(indexPendingSearch(db)).toBe(0);
    expect(ids('mascarenhas')).toEqual([v1.orderId]);
  });

  it('a failed background batch is told and keeps its rows pending', () => {
    vi.useFakeTimers();
    const failures: unknown[] = [];
    onSearchIndexError(db, (err) => failures.push(err));
    storeDocuments(db, [makeOrder({ index: 77_006 })], [], 3);
    // Another connection holds the write lock for longer than the busy timeout allows.
    const other = openDeskDb(file, { busyTimeoutMs: 0 });
    db.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    vi.advanceTimersByTime(1000);
    other.exec('ROLLBACK');
    closeDeskDb(other);
    expect(failures).toHaveLength(1);
    expect(pendingSearchCount(db)).toBe(1);
    expect(flushSearchIndex(db)).toBe(1);
  });

  it('a cache closed before the indexer runs keeps its pending rows', () => {
    vi.useFakeTimers();
    storeDocuments(db, [makeOrder({ index: 77_004 })], [], 3);
    scheduleSearchIndex(db);
    closeDeskDb(db);
    expect(() => vi.runAllTimers()).not.toThrow();
    db = open();
    expect(pendingSearchCount(db)).toBe(1);
  });
});
