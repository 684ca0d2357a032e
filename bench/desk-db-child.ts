import { readFileSync } from 'node:fs';
import {
  closeDeskDb,
  countByStatus,
  listOrders,
  openDeskDb,
  searchOrders,
  type DeskDb,
} from '../main/core/db';

/**
 * The measuring half of bench/desk-db.ts, run in a fresh process so that neither the garbage of
 * building 100k orders nor the parent's heap distorts timings or memory.
 *
 *   tsx bench/desk-db-child.ts rss    DB_FILE QUERY
 *   tsx bench/desk-db-child.ts search DB_FILE SPEC_JSON_FILE   ({queries, reps, likeQueries})
 *
 * Prints one JSON line on stdout.
 */

/** The naive baseline: LIKE '%q%' over the same fields, same result (50 newest). */
const NAIVE_SQL = `
  SELECT o.order_id FROM orders o
  WHERE o.order_id LIKE @q OR o.sequence LIKE @q OR o.customer_name LIKE @q
     OR o.customer_email LIKE @q OR o.customer_document LIKE @q
     OR EXISTS (SELECT 1 FROM order_items i WHERE i.order_rowid = o.id
                AND (i.sku_id LIKE @q OR i.ean LIKE @q OR i.ref_id LIKE @q OR i.name LIKE @q))
  ORDER BY o.creation_date DESC LIMIT 50`;

interface Query {
  kind: string;
  text: string;
  /**
   * An order the search must return (for selective queries), so a broken search cannot pass as
   * a fast one; for broad ones (a name, a SKU) any hit will do.
   */
  expect?: string;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] ?? 0;
}

function measureSearch(db: DeskDb, queries: Query[], reps: number, likeQueries: Query[]) {
  // Warm-up: JIT, statement cache, page cache.
  for (const q of queries) searchOrders(db, q.text);
  for (const q of queries) {
    const hits = searchOrders(db, q.text);
    if (q.expect ? !hits.some((h) => h.orderId === q.expect) : hits.length === 0) {
      throw new Error(`search for ${q.kind} "${q.text}" did not find ${q.expect ?? 'anything'}`);
    }
  }
  // Each query runs `reps` times; its latency is the median of those runs, so a moment when
  // the scheduler gives the core to another process (2 cores, a busy machine) is not mistaken
  // for the cost of a query. The p95 is then taken over the queries. Raw samples are kept too.
  const times: number[][] = queries.map(() => []);
  for (let r = 0; r < reps; r++) {
    queries.forEach((q, i) => {
      const t0 = performance.now();
      searchOrders(db, q.text);
      times[i]?.push(performance.now() - t0);
    });
  }
  const medians = times.map((t) =>
    percentile(
      [...t].sort((a, b) => a - b),
      50,
    ),
  );
  const byKind: Record<string, number[]> = {};
  queries.forEach((q, i) => (byKind[q.kind] ??= []).push(medians[i] ?? 0));
  const raw = times.flat().sort((a, b) => a - b);
  const sortedMedians = [...medians].sort((a, b) => a - b);

  // Same queries both ways; each timed the same number of times.
  const naive = db.prepare(NAIVE_SQL);
  let likeMs = 0;
  let ftsMs = 0;
  for (const q of likeQueries) {
    const pattern = `%${q.text}%`;
    const t0 = performance.now();
    naive.all({ q: pattern });
    likeMs += performance.now() - t0;
    const t1 = performance.now();
    for (let k = 0; k < 10; k++) searchOrders(db, q.text);
    ftsMs += (performance.now() - t1) / 10;
  }

  return {
    p50Ms: percentile(sortedMedians, 50),
    p95Ms: percentile(sortedMedians, 95),
    rawP95Ms: percentile(raw, 95),
    maxMs: raw.at(-1) ?? 0,
    samples: raw.length,
    p95ByKind: Object.fromEntries(
      Object.entries(byKind).map(([k, v]) => [
        k,
        percentile(
          [...v].sort((a, b) => a - b),
          95,
        ),
      ]),
    ),
    likeMs,
    ftsMs,
  };
}

function main(): void {
  const [mode, file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: desk-db-child.ts rss|search DB_FILE …');
  const db = openDeskDb(file);
  try {
    if (mode === 'rss') {
      // What a desk does right after start: the first page, the status counts, a search.
      listOrders(db, { sort: 'creation_desc', limit: 100 });
      countByStatus(db);
      const hits = searchOrders(db, rest[0] ?? 'silva');
      process.stdout.write(
        `${JSON.stringify({ rss: process.memoryUsage().rss, hits: hits.length })}\n`,
      );
    } else if (mode === 'search') {
      const spec = JSON.parse(readFileSync(rest[0] ?? '', 'utf8')) as {
        queries: Query[];
        reps: number;
        likeQueries: Query[];
      };
      process.stdout.write(
        `${JSON.stringify(measureSearch(db, spec.queries, spec.reps, spec.likeQueries))}\n`,
      );
    } else {
      throw new Error(`unknown mode ${String(mode)}`);
    }
  } finally {
    closeDeskDb(db);
  }
}

main();
