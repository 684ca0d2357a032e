import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import { queueAction } from '../../main/core/outbox';
import { durably, markDone, SQL } from '../../main/core/outbox/store';
import { BASE_MS, bulkOrders } from '../helpers/desk-orders';

/**
 * The engine runs its hot queries after every action it sends; with a year of history in the
 * outbox none of them may scan the table. Checked on a populated outbox with fresh statistics.
 */

let dir: string;
let db: DeskDb;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbox-store-'));
  const clock = new ManualClock(BASE_MS);
  db = openDeskDb(join(dir, 'desk.db'), { clock });
  for (const batch of bulkOrders(3000, { seed: 9, batch: 1000 })) upsertOrders(db, batch);
  const actor = { station: 'P1', operator: 'Ana', clock, utcOffsetMinutes: 0 };
  const ids = (db.prepare('SELECT order_id FROM orders').all() as { order_id: string }[]).map(
    (r) => r.order_id,
  );
  const queued: string[] = [];
  // One outer transaction: the setup needs rows, not 3000 fsyncs.
  durably(db, () => {
    for (const id of ids) {
      clock.advance(1);
      const r = queueAction(db, actor, { verb: 'note', orderId: id, data: { message: 'm' } });
      if (r.ok) queued.push(r.actionId);
    }
  });
  // Most of the history is done and confirmed, as it is after weeks of use.
  durably(db, () => {
    for (const id of queued.slice(0, 2500)) markDone(db, id, 'applied', clock.now());
    db.prepare("UPDATE outbox_actions SET confirmed = 1 WHERE state = 'done'").run();
  });
  db.exec('ANALYZE');
});
afterAll(() => {
  closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

function plan(sql: string, ...params: unknown[]): string[] {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map(
    (r) => r.detail,
  );
}

const noFullScan = (lines: string[]) =>
  expect(lines.filter((l) => /^SCAN (outbox_actions|a|b)\b(?! USING)/.test(l))).toEqual([]);

describe('query plans of the outbox hot paths', () => {
  it('due heads: the due index, and the order index for "nothing older is open"', () => {
    const p = plan(SQL.dueHeads, BASE_MS * 2, 10);
    noFullScan(p);
    expect(p.join('\n')).toMatch(/outbox_due/);
    expect(p.join('\n')).toMatch(/outbox_order/);
  });

  it('an order\u2019s chain, counts, next due time, unconfirmed orders, effect keys', () => {
    for (const [name, p] of [
      ['openChain', plan(SQL.openChain, 'x')],
      ['outboxCounts', plan(SQL.outboxCounts)],
      ['nextDueAt', plan(SQL.nextDueAt)],
      ['blocked', plan(SQL.blocked)],
      ['unconfirmedOrders', plan(SQL.unconfirmedOrders, 10)],
      ['actionByKey', plan(SQL.actionByKey, 'note:x')],
    ] as const) {
      expect(p.length, name).toBeGreaterThan(0);
      noFullScan(p);
    }
    expect(plan(SQL.outboxCounts).join('\n')).toMatch(/outbox_open/);
    expect(plan(SQL.unconfirmedOrders, 10).join('\n')).toMatch(/outbox_unconfirmed/);
    expect(plan(SQL.actionByKey, 'k').join('\n')).toMatch(/outbox_effect_key/);
  });
});
