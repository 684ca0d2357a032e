import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  closeDeskDb,
  countOrders,
  openDeskDb,
  optimizeSearchIndex,
  upsertOrders,
} from '../main/core/db';
import { bulkOrders, makeOrder } from '../test/helpers/desk-orders';
import { atLeast, atMost, type BenchModule, type Metric, type Metrics } from './lib';

/**
 * The desk's order cache at 100,000 orders (built from test/helpers/desk-orders, the same
 * generator the store tests use; a bench is test tooling, so it may reach into test/).
 *
 * - `search.build100kS`: storing 100k orders, 5,000 per `upsertOrders` call, then merging the
 *   search index as after a catch-up (`optimizeSearchIndex`); generating the documents is not
 *   counted (goal ≤ 60 s).
 * - `search.p95Ms`: p95 of `searchOrders` latency over 350 queries (by order id prefix, customer
 *   name, e-mail, document, SKU, EAN and item name, each for 50 different orders), a query's
 *   latency being the median of its 10 runs so scheduler noise on a busy machine is not counted
 *   as query cost; the raw p95 over all runs is printed beside it (goal ≤ 2 ms).
 * - `search.ratioToLike`: the same kind of queries answered by a naive `LIKE '%q%'` scan over the
 *   same fields (same result: 50 newest), total LIKE time ÷ total search time (goal ≥ 100).
 * - `core.rss100kMb`: resident memory of a process that opened the 100k cache, listed the first
 *   page, counted by status and searched (goal ≤ 250 MB). It runs under tsx, whose loader
 *   thread the packaged app does not have, so the app itself uses less.
 * Timings and memory come from fresh child processes, away from the build's garbage.
 */

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const CHILD = join(ROOT, 'bench', 'desk-db-child.ts');
const ORDERS = 100_000;
const SEED = 1;
const TARGETS = 50;
const REPS = 10;
const LIKE_TARGETS = 8;
const run = promisify(execFile);

interface Query {
  kind: string;
  text: string;
  /** The order a selective query must find (see desk-db-child.ts). */
  expect?: string;
}

function queriesFor(index: number): Query[] {
  const o = makeOrder({ index, seed: SEED });
  const c = o.clientProfileData;
  const item = o.items[0];
  if (!c?.email || !c.document || !item?.ean) throw new Error(`order ${index} lacks a field`);
  return [
    { kind: 'orderIdPrefix', text: o.orderId.slice(0, 10) },
    { kind: 'customerName', text: `${c.firstName ?? ''} ${c.lastName ?? ''}` },
    { kind: 'email', text: c.email, expect: o.orderId },
    { kind: 'document', text: c.document, expect: o.orderId },
    { kind: 'sku', text: item.id },
    { kind: 'ean', text: item.ean },
    { kind: 'itemName', text: item.name },
  ];
}

async function child<T>(...args: string[]): Promise<T> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, ...args], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as T;
}

interface Built {
  dir: string;
  file: string;
  buildS: number;
}

let built: Promise<Built> | undefined;

/**
 * Builds the 100k cache once per process (both modules use it) and removes it when the process
 * exits.
 */
function build(): Promise<Built> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-db-bench-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'desk.db');
    const db = openDeskDb(file);
    // Only the desk's work counts: generating the test documents stands in for the network.
    let storeMs = 0;
    for (const batch of bulkOrders(ORDERS, { seed: SEED, batch: 5000 })) {
      const t0 = performance.now();
      const { stored } = upsertOrders(db, batch);
      storeMs += performance.now() - t0;
      if (stored.length !== batch.length) throw new Error('bulk orders collided');
    }
    // What the desk does after a catch-up: merge the search index written batch by batch.
    const t1 = performance.now();
    optimizeSearchIndex(db);
    const optimizeMs = performance.now() - t1;
    const buildS = (storeMs + optimizeMs) / 1000;
    console.log(
      `search: stored ${ORDERS} orders in ${(storeMs / 1000).toFixed(1)} s, ` +
        `merged the index in ${(optimizeMs / 1000).toFixed(1)} s`,
    );
    if (countOrders(db) !== ORDERS) throw new Error('the cache does not hold every order');
    closeDeskDb(db);
    return { dir, file, buildS };
  })();
  return built;
}

async function measureSearch(b: Built): Promise<Metrics> {
  const queries: Query[] = [];
  for (let t = 0; t < TARGETS; t++) queries.push(...queriesFor(7 + t * 1999));
  const likeQueries: Query[] = [];
  for (let t = 0; t < LIKE_TARGETS; t++) likeQueries.push(...queriesFor(1003 + t * 12_345));
  const specFile = join(b.dir, 'spec.json');
  writeFileSync(specFile, JSON.stringify({ queries, reps: REPS, likeQueries }));
  const r = await child<{
    p50Ms: number;
    p95Ms: number;
    rawP95Ms: number;
    maxMs: number;
    samples: number;
    p95ByKind: Record<string, number>;
    likeMs: number;
    ftsMs: number;
  }>('search', b.file, specFile);
  console.log(
    `search: ${queries.length} queries × ${REPS}: median per query p50 ${r.p50Ms.toFixed(3)} ms, ` +
      `p95 ${r.p95Ms.toFixed(3)} ms (all ${r.samples} runs: p95 ${r.rawP95Ms.toFixed(3)} ms, ` +
      `max ${r.maxMs.toFixed(1)} ms); p95 by kind ${JSON.stringify(
        Object.fromEntries(Object.entries(r.p95ByKind).map(([k, v]) => [k, +v.toFixed(3)])),
      )}; LIKE ${r.likeMs.toFixed(0)} ms vs search ${r.ftsMs.toFixed(2)} ms`,
  );
  return {
    'search.build100kS': atMost(b.buildS, 's', 60),
    'search.p95Ms': atMost(r.p95Ms, 'ms', 2),
    'search.ratioToLike': atLeast(r.likeMs / r.ftsMs, 'ratio', 100),
  };
}

async function measureRss(b: Built): Promise<Metrics> {
  const r = await child<{ rss: number; hits: number }>('rss', b.file, 'maria silva');
  if (r.hits === 0) throw new Error('the memory probe found nothing');
  const mb = r.rss / 1e6;
  console.log(`core: rss ${mb.toFixed(1)} MB with the 100k cache open`);
  return { 'core.rss100kMb': atMost(mb, 'MB', 250) };
}

/** `npm run bench -- search`: build time, p95 and the LIKE ratio. */
export const searchBench: BenchModule = {
  name: 'search',
  run: async () => measureSearch(await build()),
};

/** `npm run bench -- core`: memory with the 100k cache open. */
export const coreBench: BenchModule = {
  name: 'core',
  run: async () => measureRss(await build()),
};

/** Both modules, for callers without bench/run.ts. */
export async function runDeskDbBench(): Promise<Record<string, Metric>> {
  return { ...(await searchBench.run()), ...(await coreBench.run()) };
}
