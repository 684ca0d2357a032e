import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  closeDeskDb,
  getOrderDoc,
  listFeedEvents,
  listQuarantined,
  openDeskDb,
  recordOrderFailure,
  searchOrders,
  upsertOrders,
  type DeskDb,
} from '../../main/core/db';
import { GroupStore, storeBatches, storeDocuments } from '../../main/core/feed/store';
import { rememberSource, sameJson, sourceTextOf } from '../../main/core/vtex/source-text';
import { OrderDocument, type FeedItem } from '../../vtex';
import { BASE_MS, makeOrder, vtexTime } from '../helpers/desk-orders';

let dir: string;
let db: DeskDb;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-store-'));
  db = openDeskDb(join(dir, 'desk.db'), { clock: new ManualClock(BASE_MS) });
});

afterEach(() => {
  closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

const item = (orderId: string, n: number): FeedItem => ({
  eventId: `E${orderId}-${n}`,
  handle: `H${orderId}-${n}`,
  domain: 'Fulfillment',
  state: 'ready-for-handling',
  lastState: 'window-to-cancel',
  orderId,
  lastChange: vtexTime(BASE_MS),
  currentChange: vtexTime(BASE_MS + n),
});

const itemsOf = (...ids: string[]) => new Map(ids.map((id) => [id, [item(id, 1)]]));

/** What the VTEX client hands over: the parsed document, with the text it was parsed from. */
function fetched(raw: unknown): OrderDocument {
  const text = JSON.stringify(raw);
  const json: unknown = JSON.parse(text);
  const doc = OrderDocument.parse(json);
  rememberSource(doc, json, text);
  return doc;
}

const storedText = (orderId: string) =>
  (
    db
      .prepare('SELECT d.doc FROM orders o JOIN order_docs d ON d.id = o.id WHERE o.order_id = ?')
      .get(orderId) as { doc: string } | undefined
  )?.doc;

describe('sameJson', () => {
  it('compares as JSON: key order and undefined-valued keys do not matter, values do', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1, d: undefined })).toBe(
      true,
    );
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
    expect(sameJson({ a: null }, { a: null })).toBe(true);
    // An inherited member is not a JSON value.
    expect(sameJson(JSON.parse('{"constructor":1}'), {})).toBe(false);
  });
});

describe('source text of a fetched document', () => {
  it('is the received text while the document says exactly what it says', () => {
    const raw = makeOrder({ index: 1 });
    // Keys in an order zod would not produce: the text is kept as received.
    const { lastChange, ...rest } = raw;
    const reordered = { lastChange, ...rest };
    expect(Object.keys(reordered)[0]).toBe('lastChange');
    const doc = fetched(reordered);
    expect(sourceTextOf(doc)).toBe(JSON.stringify(reordered));
    upsertOrders(db, [doc]);
    expect(storedText(raw.orderId)).toBe(JSON.stringify(reordered));
    expect(getOrderDoc(db, raw.orderId)).toEqual(doc);
  });

  it('is not used when parsing changed the document (defaults, folded casing, numeric strings)', () => {
    const raw = {
      ...makeOrder({ index: 2 }),
      value: '12345',
      cancellationData: { reason: 'changed my mind' },
    };
    const doc = fetched(raw);
    expect(sourceTextOf(doc)).toBeUndefined();
    upsertOrders(db, [doc]);
    const stored = JSON.parse(storedText(raw.orderId) ?? '{}') as Record<string, unknown>;
    expect(stored.value).toBe(12345);
    expect(stored.cancellationData).toEqual({ Reason: 'changed my mind' });
  });

  it('is not used once the document was changed after the fetch', () => {
    const raw = makeOrder({ index: 3 });
    const doc = fetched(raw);
    doc.status = 'handling';
    expect(sourceTextOf(doc)).toBeUndefined();
    upsertOrders(db, [doc]);
    expect((JSON.parse(storedText(raw.orderId) ?? '{}') as { status: string }).status).toBe(
      'handling',
    );
  });

  it('is kept out of sight: not in its keys or JSON, not carried by copies', () => {
    const raw = makeOrder({ index: 4 });
    const text = JSON.stringify(raw);
    // A body that needed no change is the document itself.
    const doc = JSON.parse(text) as OrderDocument;
    rememberSource(doc, doc, text);
    expect(sourceTextOf(doc)).toBe(text);
    expect(Object.keys(doc)).toEqual(Object.keys(raw));
    expect(JSON.stringify(doc)).toBe(text);
    expect(doc).toEqual(raw);
    expect(sourceTextOf({ ...doc })).toBeUndefined();
    expect(sourceTextOf(structuredClone(doc))).toBeUndefined();
    // A frozen document cannot carry it; it is serialised as before.
    const frozen = Object.freeze(JSON.parse(text) as OrderDocument);
    rememberSource(frozen, frozen, text);
    expect(sourceTextOf(frozen)).toBeUndefined();
  });
});

describe('storeBatches', () => {
  it('stores several batches in one transaction, one result each; a refused document fails only its order', () => {
    const a = makeOrder({ index: 10 });
    const b = makeOrder({ index: 11 });
    const bad = { ...makeOrder({ index: 12 }), lastChange: 'soon' };
    const c = makeOrder({ index: 13 });
    upsertOrders(db, [c]);
    const spy = vi.spyOn(db, 'transaction');

    const [first, second] = storeBatches(
      db,
      [
        { docs: [a, bad], failures: [], itemsByOrder: itemsOf(a.orderId, bad.orderId) },
        {
          docs: [b, c],
          failures: [{ orderId: 'gone-01', reason: 'not found' }],
          itemsByOrder: itemsOf(b.orderId, c.orderId, 'gone-01'),
        },
      ],
      5,
    );
    // One transaction, plus the feed events' own (nested, written before any document).
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();

    expect(first?.stored).toEqual([a.orderId]);
    expect(first?.failed).toEqual([bad.orderId]);
    expect(second?.stored).toEqual([b.orderId]);
    // Already cached with the same lastChange.
    expect(second?.stale).toEqual([c.orderId]);
    expect(second?.failed).toEqual(['gone-01']);
    expect(searchOrders(db, a.orderId).map((h) => h.orderId)).toEqual([a.orderId]);
    expect(getOrderDoc(db, bad.orderId)).toBeUndefined();
    // Feed events only for the orders handled (stored or stale).
    expect(listFeedEvents(db, a.orderId)).toHaveLength(1);
    expect(listFeedEvents(db, c.orderId)).toHaveLength(1);
    expect(listFeedEvents(db, bad.orderId)).toHaveLength(0);
    expect(listFeedEvents(db, 'gone-01')).toHaveLength(0);
  });

  it('quarantines an order at the threshold and clears the failures of one handled later', () => {
    const bad = { ...makeOrder({ index: 20 }), creationDate: 'never' };
    for (let i = 0; i < 2; i++) recordOrderFailure(db, bad.orderId, 'earlier');
    const r = storeDocuments(db, [bad], [], 3);
    expect(r.quarantined).toEqual([bad.orderId]);
    expect(listQuarantined(db).map((q) => q.orderId)).toEqual([bad.orderId]);

    const fixed = makeOrder({ index: 20 });
    expect(storeDocuments(db, [fixed], [], 3).stored).toEqual([fixed.orderId]);
    expect(listQuarantined(db)).toEqual([]);
  });
});

describe('GroupStore', () => {
  it('writes the batches handed in during one turn of the event loop in one transaction', async () => {
    const group = new GroupStore(db, 5);
    const spy = vi.spyOn(db, 'transaction');
    const docs = [20, 21, 22].map((i) => makeOrder({ index: 100 + i }));
    const results = await Promise.all(docs.map((d) => group.store([d], [], itemsOf(d.orderId))));
    // storeBatches' transaction and recordFeedEvents' nested one, once for all three batches.
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
    expect(results.map((r) => r.stored)).toEqual(docs.map((d) => [d.orderId]));
    for (const d of docs) expect(getOrderDoc(db, d.orderId)).toBeDefined();
  });

  it('fails every batch of the group when the transaction fails, and stores nothing', async () => {
    const group = new GroupStore(db, 5);
    const a = makeOrder({ index: 30 });
    const b = makeOrder({ index: 31 });
    const failing = () => {
      throw new Error('disk full');
    };
    const spy = vi
      .spyOn(db, 'transaction')
      .mockImplementationOnce((() => failing) as unknown as DeskDb['transaction']);
    const outcomes = await Promise.allSettled([
      group.store([a], [], itemsOf(a.orderId)),
      group.store([b], [], itemsOf(b.orderId)),
    ]);
    spy.mockRestore();
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(getOrderDoc(db, a.orderId)).toBeUndefined();
    expect(getOrderDoc(db, b.orderId)).toBeUndefined();
    // The next group works again.
    expect((await group.store([a], [], itemsOf(a.orderId))).stored).toEqual([a.orderId]);
  });
});
