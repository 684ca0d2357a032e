import type { Migration } from './index';

/**
 * Counter sales (a customer buying at the warehouse counter), kept on the station: the lines, the
 * customer and each step of placing, processing, paying, handling, invoicing and printing. A sale
 * is written BEFORE each of its calls to VTEX, so a crash or a kill never loses it and the flow
 * resumes where it stopped. `order_form_id` is the sale's identity at VTEX: after a lost
 * placement answer the desk finds the order again by it and never places a second one.
 *
 * counter_catalog: the items the cache knows (SKU, EAN, name, image), gathered from cached orders
 * as they arrive (`counter_meta.catalog_order_rowid` is how far it has read).
 */
export const migration: Migration = {
  version: 330,
  name: 'counter-sales',
  up(db) {
    db.exec(`
      CREATE TABLE counter_sales (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN
          ('draft', 'placing', 'placed', 'lost', 'processed', 'paid', 'invoiced', 'done', 'abandoned')),
        lines TEXT NOT NULL,
        customer TEXT NOT NULL,
        value INTEGER NOT NULL,
        received INTEGER NOT NULL,
        order_form_id TEXT,
        placing_since INTEGER,
        order_id TEXT,
        order_group TEXT,
        cookies TEXT,
        placed_at INTEGER,
        lost_order_ids TEXT NOT NULL DEFAULT '[]',
        payment_action_id TEXT,
        handling_action_id TEXT,
        invoice_action_id TEXT,
        invoice_number TEXT,
        print_job_id TEXT,
        error TEXT,
        operator TEXT NOT NULL,
        station TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX counter_sales_open ON counter_sales(state, created_at)
        WHERE state NOT IN ('done', 'abandoned');
      CREATE TABLE counter_catalog (
        sku_id TEXT PRIMARY KEY,
        ean TEXT,
        name TEXT NOT NULL,
        image_url TEXT,
        seller TEXT NOT NULL,
        seen_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX counter_catalog_ean ON counter_catalog(ean);
      CREATE TABLE counter_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
