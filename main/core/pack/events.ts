import type { DeskDb } from '../db';

export type PackEventKind = 'wrong' | 'too-many' | 'override' | 'missing';

export interface PackEventRow {
  seq: number;
  orderId: string;
  kind: PackEventKind;
  /** wrong / too-many: what was scanned; missing: the line's SKU. */
  code: string | null;
  /** too-many: the item, and how many units the order has of it; missing: the item. */
  itemName: string | null;
  expected: number | null;
  /** override: who approved. */
  supervisor: string | null;
  /** missing: units taken out through a change of items, and the SKU put in their place. */
  quantity: number | null;
  replacedBy: string | null;
  operator: string | null;
  station: string;
  at: number;
}

export interface NewPackEvent {
  orderId: string;
  kind: PackEventKind;
  code?: string | null;
  itemName?: string | null;
  expected?: number | null;
  supervisor?: string | null;
  quantity?: number | null;
  replacedBy?: string | null;
  operator: string | null;
  station: string;
  now: number;
}

interface DbRow {
  seq: number;
  order_id: string;
  kind: PackEventKind;
  code: string | null;
  item_name: string | null;
  expected: number | null;
  supervisor: string | null;
  quantity: number | null;
  replaced_by: string | null;
  operator: string | null;
  station: string;
  at: number;
}

function toRow(r: DbRow): PackEventRow {
  return {
    seq: r.seq,
    orderId: r.order_id,
    kind: r.kind,
    code: r.code,
    itemName: r.item_name,
    expected: r.expected,
    supervisor: r.supervisor,
    quantity: r.quantity,
    replacedBy: r.replaced_by,
    operator: r.operator,
    station: r.station,
    at: r.at,
  };
}

/** Keeps one problem of a pack check (an override, a line reported missing) on the station. */
export function recordPackEvent(db: DeskDb, e: NewPackEvent): PackEventRow {
  const row = db
    .prepare(
      `INSERT INTO pack_events (order_id, kind, code, item_name, expected, supervisor, quantity,
         replaced_by, operator, station, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(
      e.orderId,
      e.kind,
      e.code ?? null,
      e.itemName ?? null,
      e.expected ?? null,
      e.supervisor ?? null,
      e.quantity ?? null,
      e.replacedBy ?? null,
      e.operator,
      e.station,
      e.now,
    ) as DbRow;
  return toRow(row);
}

/** The order's pack-check problems, oldest first. */
export function packEventsOf(db: DeskDb, orderId: string): PackEventRow[] {
  return (
    db.prepare('SELECT * FROM pack_events WHERE order_id = ? ORDER BY seq').all(orderId) as DbRow[]
  ).map(toRow);
}
