import { randomBytes } from 'node:crypto';
import type { Db } from './db';
import { schema } from './db';

/**
 * VTEX DO notes (`/api/do/notes`): notes attached to an order, which VTEX's guides point to for
 * notes that can be read back. At most 30 per order (VTEX DO API); the length limit is in the
 * shared request schema (`DoNoteRequest`).
 */
export const MAX_NOTES_PER_ORDER = 30;

export interface Note {
  id: string;
  target: { id: string; type: string; url: string };
  domain: string;
  description: string;
  owner: string;
  createdBy: { id: string; name: string; email: string; key: string | null };
  creationDate: string;
  lastUpdate: string;
}

const ready = new WeakSet<Db>();
function ensure(db: Db): void {
  if (ready.has(db)) return;
  schema(
    db,
    `CREATE TABLE IF NOT EXISTS do_notes (
       seq INTEGER PRIMARY KEY AUTOINCREMENT,
       id TEXT NOT NULL UNIQUE,
       order_id TEXT NOT NULL,
       note TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS do_notes_order ON do_notes(order_id, seq);`,
  );
  ready.add(db);
}

export function countNotes(db: Db, orderId: string): number {
  ensure(db);
  return (
    db.prepare('SELECT count(*) AS n FROM do_notes WHERE order_id = ?').get(orderId) as {
      n: number;
    }
  ).n;
}

export function insertNote(db: Db, note: Omit<Note, 'id'>): Note {
  ensure(db);
  const full: Note = { id: randomBytes(16).toString('hex').toUpperCase(), ...note };
  db.prepare('INSERT INTO do_notes (id, order_id, note) VALUES (?, ?, ?)').run(
    full.id,
    full.target.id,
    JSON.stringify(full),
  );
  return full;
}

/** Oldest first. */
export function listNotes(db: Db, orderId: string): Note[] {
  ensure(db);
  return (
    db.prepare('SELECT note FROM do_notes WHERE order_id = ? ORDER BY seq').all(orderId) as {
      note: string;
    }[]
  ).map((r) => JSON.parse(r.note) as Note);
}

export function getNote(db: Db, id: string): Note | undefined {
  ensure(db);
  const row = db.prepare('SELECT note FROM do_notes WHERE id = ?').get(id) as
    { note: string } | undefined;
  return row ? (JSON.parse(row.note) as Note) : undefined;
}
