import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  closeDeskDb,
  countOrders,
  openDeskDb,
  optimizeSearchIndex,
  searchOrders,
  toMatchQuery,
  upsertOrders,
  type DeskDb,
} from '../../main/core/db';
import { BASE_MS, bulkOrders, makeOrder } from '../helpers/desk-orders';

const HOUR = 3_600_000;

/** The orders the assertions are about; 400 generated orders around them are the haystack. */
const A = makeOrder({
  index: 90_001,
  orderId: '1234567890123-01',
  sequence: '612345',
  creationMs: BASE_MS - 5 * HOUR,
  customer: {
    firstName: 'José',
    lastName: 'da Conceição',
    email: 'jose.conceicao@example.com',
    document: '123.456.789-09',
  },
  items: [
    { skuId: '2001', ean: '7891234567895', refId: 'CAM-AZ-01', name: 'Camiseta Básica Algodão' },
  ],
});
const B = makeOrder({
  index: 90_002,
  orderId: '1234567890124-01',
  sequence: '612346',
  creationMs: BASE_MS - 4 * HOUR,
  customer: {
    firstName: 'Maria',
    lastName: 'Müller',
    email: 'mmuller77@uol.com.br',
    document: '98765432100',
  },
  items: [{ skuId: '3001', ean: '7890000000017', refId: 'TEN-ESP-42', name: 'Tênis Esportivo' }],
});
const LEGACY = makeOrder({
  index: 90_003,
  orderId: 'v502556llux-01',
  sequence: '502556',
  creationMs: BASE_MS - 3 * HOUR,
  customer: { firstName: 'Ana-Clara', lastName: "D'Ávila", email: 'ana.davila@empresa.com.br' },
  items: [{ skuId: '4001', ean: null, refId: null, name: 'Óculos de Sol' }],
});
/** Its document starts with A's EAN: found by a partial scan of that EAN. */
const EAN_PREFIX = makeOrder({
  index: 90_004,
  creationMs: BASE_MS - HOUR,
  customer: { firstName: 'Otávio', lastName: 'Zanetti', document: '78912345678951234' },
  items: [{ skuId: '5001', ean: '7899999999991', name: 'Cachecol Lã' }],
});
/** Its SKU starts with A's sequence: found by a partial sequence. */
const SEQ_PREFIX = makeOrder({
  index: 90_005,
  creationMs: BASE_MS - HOUR,
  customer: { firstName: 'Íris', lastName: 'Kowalski' },
  items: [{ skuId: '6123459', ean: '7898888888881', name: 'Pijama Listrado' }],
});
/** Newer than A, and a SKU equal to A's EAN: a text hit that must rank after A's EAN hit. */
const EAN_TWIN = makeOrder({
  index: 90_008,
  creationMs: BASE_MS - HOUR,
  customer: { firstName: 'Ênio', lastName: 'Falcão' },
  items: [{ skuId: '7891234567895', ean: '7897777777771', name: 'Meia Térmica' }],
});
/** Newer than A, and a SKU equal to A's sequence: a text hit that must rank after A's. */
const SEQ_TWIN = makeOrder({
  index: 90_009,
  creationMs: BASE_MS - HOUR,
  customer: { firstName: 'Ênio', lastName: 'Falcão' },
  items: [{ skuId: '612345', ean: '7896666666661', name: 'Meia Térmica' }],
});
/** A first name that "silva" is the beginning of. */
const SILVANA = makeOrder({
  index: 90_010,
  creationMs: BASE_MS - HOUR,
  customer: { firstName: 'Silvana', lastName: 'Rocha', email: 'srocha@empresa.com.br' },
});
/** Two orders of one customer, to check that text hits come newest first. */
const OLD_TWIN = makeOrder({
  index: 90_006,
  creationMs: BASE_MS - 40 * 24 * HOUR,
  customer: { firstName: 'Xóchitl', lastName: 'Quintanilha' },
});
const NEW_TWIN = makeOrder({
  index: 90_007,
  creationMs: BASE_MS - 2 * HOUR,
  customer: { firstName: 'Xóchitl', lastName: 'Quintanilha' },
});

let dir: string;
let db: DeskDb;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-search-'));
  db = openDeskDb(join(dir, 'desk.db'), { clock: new ManualClock(BASE_MS) });
  for (const batch of bulkOrders(400, { seed: 7 })) upsertOrders(db, batch);
  // The newer twin arrives first: ranking must follow creation, not arrival.
  upsertOrders(db, [NEW_TWIN]);
  upsertOrders(db, [A, B, LEGACY, EAN_PREFIX, SEQ_PREFIX, EAN_TWIN, SEQ_TWIN, SILVANA, OLD_TWIN]);
});

afterAll(() => {
  closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

const ids = (q: string, limit?: number): string[] =>
  searchOrders(db, q, limit).map((h) => h.orderId);

describe('searchOrders finds an order by each field', () => {
  it('order id: exact, without its dash, partial scans and prefixes', () => {
    expect(searchOrders(db, '1234567890123-01')[0]).toMatchObject({
      orderId: A.orderId,
      matchedBy: 'order-id',
    });
    expect(ids('1234567890123-01')).toEqual([A.orderId]);
    expect(ids('123456789012301')).toEqual([A.orderId]);
    expect(ids('1234567890123-0')).toEqual([A.orderId]);
    expect(ids('1234567890123')).toEqual([A.orderId]);
    expect(ids('123456789012').sort()).toEqual([A.orderId, B.orderId].sort());
    expect(ids('  1234567890124-01  ')).toEqual([B.orderId]);
  });

  it('legacy alphanumeric order ids', () => {
    expect(searchOrders(db, 'v502556llux-01')[0]).toMatchObject({
      orderId: LEGACY.orderId,
      matchedBy: 'order-id',
    });
    expect(searchOrders(db, 'V502556LLUX-01')[0]?.orderId).toBe(LEGACY.orderId);
    expect(ids('v502556')).toContain(LEGACY.orderId);
  });

  it('sequence, also as seqNNN, exact hits first', () => {
    const hits = searchOrders(db, '612345');
    expect(hits[0]).toMatchObject({ orderId: A.orderId, matchedBy: 'sequence' });
    expect(hits[1]).toMatchObject({ orderId: SEQ_TWIN.orderId, matchedBy: 'text' });
    expect(searchOrders(db, 'seq612345')[0]).toMatchObject({
      orderId: A.orderId,
      matchedBy: 'sequence',
    });
    // A whole match exists, so 612345 is not also read as the start of SKU 6123459.
    expect(hits.map((h) => h.orderId)).not.toContain(SEQ_PREFIX.orderId);
    expect(ids('61234')).toEqual(
      expect.arrayContaining([A.orderId, B.orderId, SEQ_PREFIX.orderId, SEQ_TWIN.orderId]),
    );
  });

  it('customer name, with or without accents, any case, as a prefix', () => {
    expect(ids('jose conceicao')).toContain(A.orderId);
    expect(ids('JOSÉ DA CONCEIÇÃO')).toContain(A.orderId);
    expect(ids('conceição jos')).toContain(A.orderId);
    expect(ids('maria muller')).toContain(B.orderId);
    expect(ids('müll')).toContain(B.orderId);
    expect(ids("d'avila")).toContain(LEGACY.orderId);
    expect(ids('davila ana')).toContain(LEGACY.orderId);
    expect(ids('ana-clara davila')).toContain(LEGACY.orderId);
  });

  it('e-mail, whole or in part', () => {
    expect(ids('jose.conceicao@example.com')).toEqual([A.orderId]);
    expect(ids('jose.conc')).toContain(A.orderId);
    expect(ids('conceicao@example')).toEqual([A.orderId]);
    expect(ids('mmuller77')).toEqual([B.orderId]);
    expect(ids('mmuller77@uol.com.br')).toEqual([B.orderId]);
  });

  it('document, with or without punctuation', () => {
    expect(ids('123.456.789-09')).toEqual([A.orderId]);
    expect(ids('12345678909')).toEqual([A.orderId]);
    expect(ids('123.456')).toContain(A.orderId);
    expect(ids('98765432100')).toEqual([B.orderId]);
  });

  it('SKU id and refId', () => {
    expect(ids('2001')).toContain(A.orderId);
    expect(ids('CAM-AZ-01')).toEqual([A.orderId]);
    expect(ids('cam-az')).toEqual([A.orderId]);
    expect(ids('TEN-ESP-42')).toEqual([B.orderId]);
  });

  it('EAN: exact hits first, then text hits; a partial scan matches as a prefix', () => {
    const hits = searchOrders(db, '7891234567895');
    expect(hits.map((h) => [h.orderId, h.matchedBy])).toEqual([
      [A.orderId, 'ean'],
      [EAN_TWIN.orderId, 'text'],
    ]);
    expect(ids('789123456789')).toEqual(
      expect.arrayContaining([A.orderId, EAN_PREFIX.orderId, EAN_TWIN.orderId]),
    );
  });

  it('item name words, accents folded, last word a prefix', () => {
    expect(ids('camiseta basica algodao')).toContain(A.orderId);
    expect(ids('Camiseta Básica Algod')).toContain(A.orderId);
    expect(ids('tenis esport')).toContain(B.orderId);
    expect(ids('oculos de sol')).toContain(LEGACY.orderId);
  });

  it('reads the last word as a beginning only when nothing matches it whole', () => {
    // "silva" is a whole surname for many orders: "silvana" or "silveira" do not join them.
    const whole = ids('silva', 500);
    expect(whole.length).toBeGreaterThan(0);
    expect(whole).not.toContain(SILVANA.orderId);
    expect(ids('silvan')).toContain(SILVANA.orderId);
    expect(ids('quintanil')).toEqual([NEW_TWIN.orderId, OLD_TWIN.orderId]);
    expect(ids('xochitl quintanil')).toEqual([NEW_TWIN.orderId, OLD_TWIN.orderId]);
  });

  it('every word must match', () => {
    expect(ids('jose muller')).not.toContain(A.orderId);
    expect(ids('jose muller')).not.toContain(B.orderId);
    expect(ids('jose camiseta')).toContain(A.orderId);
  });

  it('text hits come newest order first', () => {
    expect(ids('xochitl quintanilha')).toEqual([NEW_TWIN.orderId, OLD_TWIN.orderId]);
  });

  it('respects the limit and returns light rows', () => {
    const hits = searchOrders(db, 'a', 7);
    expect(hits).toHaveLength(7);
    expect(hits[0]).not.toHaveProperty('doc');
    expect(searchOrders(db, 'silva', 3)).toHaveLength(3);
    expect(searchOrders(db, '')).toEqual([]);
  });

  it('follows updates: an order stops matching what it no longer contains', () => {
    const t = Date.parse(B.lastChange);
    upsertOrders(db, [
      {
        ...B,
        lastChange: new Date(t + 1000).toISOString(),
        clientProfileData: { ...B.clientProfileData, firstName: 'Marta', lastName: 'Schröder' },
      },
    ]);
    expect(ids('maria muller')).not.toContain(B.orderId);
    expect(ids('marta schroder')).toContain(B.orderId);
  });
});

describe('optimizeSearchIndex', () => {
  it('merges the index segments and answers exactly as before', () => {
    const queries = ['silva', 'jose conceicao', '1234567890', 'camiseta', '789', 'ma', 'quintanil'];
    const before = queries.map((q) => ids(q, 500));
    const rows = (): number =>
      (db.prepare('SELECT count(*) AS n FROM orders_fts_data').get() as { n: number }).n;
    const segmentsBefore = rows();
    optimizeSearchIndex(db);
    expect(rows()).toBeLessThan(segmentsBefore);
    expect(queries.map((q) => ids(q, 500))).toEqual(before);
  });
});

describe('hostile input', () => {
  const nasty = [
    '"',
    '""',
    '"""',
    '*',
    '**',
    '"*',
    '*"',
    '-',
    '--',
    '- -',
    ':',
    '::',
    'a:b',
    'order_ref:1234',
    'customer : jose',
    '{order_ref customer}: jose',
    'NEAR',
    'NEAR(jose conceicao)',
    'NEAR(jose conceicao, 2)',
    'jose NEAR/2 conceicao',
    'AND',
    'OR',
    'NOT',
    'jose AND',
    'OR jose',
    'NOT jose',
    'jose NOT muller',
    '(',
    ')',
    '()',
    '(jose',
    'jose)',
    '^jose',
    '+jose',
    'jose*',
    '*jose',
    'jo"se',
    "'; DROP TABLE orders; --",
    "' OR 1=1 --",
    '%',
    '_',
    '%jose%',
    '\\',
    '\u0000',
    '\u0301',
    '😀',
    '😀 jose',
    'ǅ',
    '\t\n',
    '   ',
    'x'.repeat(10_000),
    'jose '.repeat(200),
    '١٢٣',
    '中文',
  ];

  it.each(nasty)('never throws: %j', (q) => {
    expect(() => searchOrders(db, q)).not.toThrow();
    expect(Array.isArray(searchOrders(db, q))).toBe(true);
    const m = toMatchQuery(q);
    if (m !== undefined)
      expect(() =>
        db.prepare('SELECT count(*) FROM orders_fts WHERE orders_fts MATCH ?').get(m),
      ).not.toThrow();
  });

  it('treats syntax characters as text: quoted fragments still find their order', () => {
    expect(ids('"conceicao"')).toContain(A.orderId);
    expect(ids('jose*')).toContain(A.orderId);
    expect(ids('(jose) (conceicao)')).toContain(A.orderId);
    expect(ids('NEAR(jose conceicao)')).toEqual([]);
    expect(ids('%jose%')).toContain(A.orderId);
  });

  it('survives 2,000 random strings of syntax characters, and the data is intact', () => {
    const before = countOrders(db);
    const alphabet = [
      '"',
      "'",
      '*',
      '-',
      ':',
      '(',
      ')',
      '^',
      '+',
      '{',
      '}',
      ' ',
      'NEAR',
      'AND',
      'OR',
      'NOT',
      'a',
      'jo',
      'é',
      '1',
      '%',
      '_',
      '\\',
      ';',
      ',',
      '.',
      '@',
      '/',
      '\u0301',
      '😀',
    ];
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    for (let i = 0; i < 2000; i++) {
      let q = '';
      const len = 1 + rnd(12);
      for (let k = 0; k < len; k++) q += alphabet[rnd(alphabet.length)];
      expect(() => searchOrders(db, q), JSON.stringify(q)).not.toThrow();
    }
    expect(countOrders(db)).toBe(before);
  });
});

describe('toMatchQuery', () => {
  it('quotes every term, keeps only letters and digits, makes the last word a prefix', () => {
    expect(toMatchQuery('jose conceicao')).toBe('"jose" "conceicao"*');
    expect(toMatchQuery('1234567890123-01')).toBe('"123456789012301"*');
    expect(toMatchQuery('NEAR(a b)')).toBe('"NEARa" "b"*');
    expect(toMatchQuery('" * - :')).toBeUndefined();
    expect(toMatchQuery('')).toBeUndefined();
  });
});
