import type { Migration } from './index';

/**
 * The cash drawer of the station: one drawer session per shift (opened with its float, closed with
 * the operator's count) and every movement of cash in it. Local station data: VTEX keeps no amounts
 * for cash payments, so these rows are the only record of what the customer handed over and what
 * went back as change.
 *
 * cash_drawers: `state` is 'open' until the count at the end of the shift; the partial unique index
 * lets only one drawer be open at a time. `expected`, `counted` and `difference` are written once,
 * in the same write that closes it, so a closed drawer's figures never move afterwards.
 *
 * cash_movements: `kind` sale (a cash payment recorded with its action: `due`, `received`,
 * `change`; `amount` = due, what stays in the drawer), refund (cash given back to a customer),
 * cash-in / cash-out (change brought in, a bank drop). `amount` is always positive; the kind says
 * which way it goes. All money is integer cents.
 */
export const migration: Migration = {
  version: 300,
  name: 'cash-drawer',
  up(db) {
    db.exec(`
      CREATE TABLE cash_drawers (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        station TEXT NOT NULL,
        currency TEXT,
        state TEXT NOT NULL CHECK (state IN ('open', 'closed')),
        opened_at INTEGER NOT NULL,
        opened_by TEXT NOT NULL,
        opening_float INTEGER NOT NULL CHECK (opening_float >= 0),
        float_counted INTEGER NOT NULL CHECK (float_counted IN (0, 1)),
        closed_at INTEGER,
        closed_by TEXT,
        expected INTEGER,
        counted INTEGER CHECK (counted IS NULL OR counted >= 0),
        difference INTEGER,
        close_note TEXT
      ) STRICT;
      CREATE UNIQUE INDEX cash_drawers_one_open ON cash_drawers(state) WHERE state = 'open';

      CREATE TABLE cash_movements (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        drawer_id TEXT NOT NULL REFERENCES cash_drawers(id),
        kind TEXT NOT NULL CHECK (kind IN ('sale', 'refund', 'cash-in', 'cash-out')),
        amount INTEGER NOT NULL CHECK (amount >= 0),
        order_id TEXT,
        action_id TEXT,
        payment_id TEXT,
        due INTEGER,
        received INTEGER,
        change INTEGER,
        currency TEXT,
        note TEXT,
        operator TEXT NOT NULL,
        station TEXT NOT NULL,
        at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX cash_movements_drawer ON cash_movements(drawer_id, seq);
      CREATE INDEX cash_movements_order ON cash_movements(order_id) WHERE order_id IS NOT NULL;
      CREATE INDEX cash_movements_action ON cash_movements(action_id) WHERE action_id IS NOT NULL;
    `);
  },
};
