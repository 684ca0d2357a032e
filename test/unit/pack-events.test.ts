import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, openDeskDb, type DeskDb } from '../../main/core/db';
import { MIGRATIONS } from '../../main/core/db/migrations';
import { packEventsOf, recordPackEvent } from '../../main/core/pack/events';

/**
 * A pack check's line reported missing is kept with the check's other problems: the table that
 * held only wrong scans, one too many and overrides takes it after the upgrade, and keeps what it
 * held before.
 */

let dir: string;
let file: string;
let db: DeskDb | null = null;
const clock = new ManualClock(Date.UTC(2026, 11, 4, 12, 0));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-pack-'));
  file = join(dir, 'desk.db');
});

afterEach(() => {
  if (db) closeDeskDb(db);
  db = null;
  rmSync(dir, { recursive: true, force: true });
});

describe('pack events after the upgrade', () => {
  it('keeps the older problems in order and takes a missing line with its change', () => {
    const raw = new Database(file);
    for (const m of MIGRATIONS.filter((x) => x.version <= 320)) {
      m.up(raw);
      raw.pragma(`user_version = ${m.version}`);
    }
    raw
      .prepare(
        `INSERT INTO pack_events (order_id, kind, code, item_name, expected, supervisor, operator, station, at)
         VALUES ('o-1', 'too-many', '789', 'Café', 2, NULL, 'Ana', 'Balcão 1', 10),
                ('o-1', 'override', NULL, NULL, NULL, 'Sara', 'Ana', 'Balcão 1', 20)`,
      )
      .run();
    raw.close();

    db = openDeskDb(file, { clock });
    const base = { orderId: 'o-1', operator: 'Ana', station: 'Balcão 1' };
    recordPackEvent(db, {
      ...base,
      kind: 'missing',
      code: '102',
      itemName: 'Mel 250g',
      quantity: 1,
      now: 30,
    });
    recordPackEvent(db, {
      ...base,
      kind: 'missing',
      code: '104',
      itemName: 'Chá',
      quantity: 2,
      replacedBy: '101',
      now: 40,
    });
    const events = packEventsOf(db, 'o-1');
    expect(events.map((e) => [e.seq, e.kind, e.at])).toEqual([
      [1, 'too-many', 10],
      [2, 'override', 20],
      [3, 'missing', 30],
      [4, 'missing', 40],
    ]);
    expect(events[0]).toMatchObject({ code: '789', itemName: 'Café', expected: 2, quantity: null });
    expect(events[2]).toMatchObject({ code: '102', quantity: 1, replacedBy: null });
    expect(events[3]).toMatchObject({ code: '104', quantity: 2, replacedBy: '101' });
    expect(() =>
      db
        ?.prepare(
          `INSERT INTO pack_events (order_id, kind, station, at) VALUES ('o-1', 'nonsense', 'x', 1)`,
        )
        .run(),
    ).toThrow(/CHECK/);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM pack_events WHERE order_id = ? ORDER BY seq')
      .all('o-1') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('pack_events_order');
  });
});
