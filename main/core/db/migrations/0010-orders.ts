import type { Migration } from './index';

/**
 * The order cache: one row per order with the columns screens filter and sort on, child rows for
 * items, payments and invoices (packages), and the full VTEX document in `order_docs`.
 *
 * `id` is the creation second × 64 + a free slot (see `upsertOrders`), so rowid order is creation
 * order: the search index, keyed by the same id, hands out hits newest-first without sorting.
 * The document (4–20 KB) lives in its own table so an `orders` page holds dozens of rows instead
 * of one: list and search pages read a few pages, and the page cache holds the whole list.
 * Child rows point at `orders.id` (`order_rowid`), not the text id: smaller keys, cheaper
 * foreign-key checks, and an index like `order_items(ean)` (which carries the key) lists the
 * orders of an EAN newest first without a sort.
 * Every list sort has an index ending in `order_id`, the keyset tie-breaker, with and without
 * `status` in front, so a page is an index range read and never a sort of the whole table.
 */
export const migration: Migration = {
  version: 10,
  name: 'orders',
  up(db) {
    db.exec(`
      CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        order_id TEXT NOT NULL UNIQUE,
        sequence TEXT,
        status TEXT NOT NULL,
        creation_date INTEGER NOT NULL,
        last_change TEXT NOT NULL,
        last_change_ms INTEGER NOT NULL,
        authorized_date INTEGER,
        invoiced_date INTEGER,
        customer_name TEXT,
        customer_email TEXT,
        customer_document TEXT,
        value INTEGER NOT NULL,
        currency TEXT,
        origin TEXT,
        affiliate_id TEXT,
        sales_channel TEXT,
        items_count INTEGER NOT NULL,
        is_pickup INTEGER NOT NULL CHECK (is_pickup IN (0, 1)),
        cached_at INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE order_docs (
        id INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
        doc TEXT NOT NULL
      ) STRICT;
      CREATE INDEX orders_sequence ON orders(sequence);
      CREATE INDEX orders_creation ON orders(creation_date, order_id);
      CREATE INDEX orders_status_creation ON orders(status, creation_date, order_id);
      CREATE INDEX orders_value ON orders(value, order_id);
      CREATE INDEX orders_status_value ON orders(status, value, order_id);
      CREATE INDEX orders_last_change ON orders(last_change_ms, order_id);
      CREATE INDEX orders_status_last_change ON orders(status, last_change_ms, order_id);

      CREATE TABLE order_items (
        order_rowid INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        item_index INTEGER NOT NULL,
        unique_id TEXT,
        sku_id TEXT NOT NULL,
        product_id TEXT,
        ean TEXT,
        ref_id TEXT,
        name TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        price INTEGER NOT NULL,
        selling_price INTEGER,
        seller TEXT,
        PRIMARY KEY (order_rowid, item_index)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX order_items_ean ON order_items(ean) WHERE ean IS NOT NULL;
      CREATE INDEX order_items_sku ON order_items(sku_id);

      CREATE TABLE order_payments (
        order_rowid INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        payment_index INTEGER NOT NULL,
        transaction_id TEXT,
        payment_id TEXT NOT NULL,
        payment_system TEXT,
        payment_system_name TEXT,
        payment_group TEXT,
        value INTEGER NOT NULL,
        installments INTEGER,
        PRIMARY KEY (order_rowid, payment_index)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE order_invoices (
        order_rowid INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
        package_index INTEGER NOT NULL,
        invoice_number TEXT NOT NULL,
        type TEXT NOT NULL,
        invoice_value INTEGER NOT NULL,
        issuance_date TEXT,
        invoice_key TEXT,
        invoice_url TEXT,
        courier TEXT,
        tracking_number TEXT,
        tracking_url TEXT,
        PRIMARY KEY (order_rowid, package_index)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX order_invoices_number ON order_invoices(invoice_number);
    `);
  },
};
