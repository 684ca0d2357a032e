import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  clientProfile,
  counterSettingsOf,
  DEFAULT_COUNTER_SETTINGS,
  findPlacedOrder,
  getSale,
  insertSale,
  refreshCatalog,
  searchCatalog,
  updateSale,
  type CounterClient,
} from '../../main/core/counter';
import { closeDeskDb, openDeskDb, upsertOrders, type DeskDb } from '../../main/core/db';
import { queueAction, type Actor } from '../../main/core/outbox';
import { pickCookies, type OrderListResponse } from '../../vtex';
import { BASE_MS, makeOrder } from '../helpers/desk-orders';

let dir: string;
let db: DeskDb;
let clock: ManualClock;
let actor: Actor;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'counter-sale-'));
  clock = new ManualClock(BASE_MS);
  db = openDeskDb(join(dir, 'desk.db'), { clock });
  actor = { station: 'Counter', operator: 'Ana', clock, utcOffsetMinutes: -180 };
});
afterEach(() => {
  closeDeskDb(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('the placement cookies', () => {
  it('keeps only the cookies the gateway callback needs, as name=value', () => {
    expect(
      pickCookies(
        [
          'Vtex_CHKO_Auth=abc=; Path=/; HttpOnly; Expires=Fri, 04 Dec 2026 10:00:00 GMT',
          'CheckoutDataAccess=xyz; Path=/',
          'checkout.vtex.com=__ofid=1; Path=/',
          'garbage',
        ],
        ['Vtex_CHKO_Auth', 'CheckoutDataAccess'],
      ),
    ).toEqual(['Vtex_CHKO_Auth=abc=', 'CheckoutDataAccess=xyz']);
  });
});

describe('the customer VTEX gets', () => {
  it('a final consumer carries the store’s e-mail and name; a named one its document', () => {
    const s = { ...DEFAULT_COUNTER_SETTINGS, email: 'loja@example.com' };
    expect(clientProfile({ kind: 'final' }, s)).toEqual({
      email: 'loja@example.com',
      firstName: 'Consumidor',
      lastName: 'Final',
    });
    expect(
      clientProfile(
        { kind: 'identified', document: '12.345.678/0001-90', name: 'Loja Azul Ltda' },
        s,
      ),
    ).toEqual({
      email: 'loja@example.com',
      firstName: 'Loja',
      lastName: 'Azul Ltda',
      document: '12345678000190',
      documentType: 'cnpj',
    });
  });

  it('settings that do not parse fall back to the defaults; an empty pickup means the first', () => {
    expect(counterSettingsOf({ email: 'nope' })).toEqual(DEFAULT_COUNTER_SETTINGS);
    expect(counterSettingsOf({ pickupSla: '' }).pickupSla).toBeNull();
  });
});

describe('the read-back of a placement', () => {
  it('pages List orders until the cart’s orderFormId shows up', async () => {
    const pages: Record<number, OrderListResponse> = {
      1: {
        list: [{ orderId: 'A-01', orderFormId: 'other' }] as OrderListResponse['list'],
        facets: [],
        paging: { total: 2, pages: 2, currentPage: 1, perPage: 1 },
      },
      2: {
        list: [{ orderId: 'B-01', orderFormId: 'cart-1' }] as OrderListResponse['list'],
        facets: [],
        paging: { total: 2, pages: 2, currentPage: 2, perPage: 1 },
      },
    };
    const asked: unknown[] = [];
    const client = {
      listOrders: async (q: { page?: number }) => {
        asked.push(q);
        return pages[q.page ?? 1] as OrderListResponse;
      },
    } as unknown as CounterClient;
    expect((await findPlacedOrder(client, 'cart-1', BASE_MS, BASE_MS))?.orderId).toBe('B-01');
    expect(asked).toHaveLength(2);
    expect(await findPlacedOrder(client, 'cart-9', BASE_MS, BASE_MS)).toBeNull();
  });
});

describe('the sale row', () => {
  it('is written before each step and read back as written', () => {
    const s = insertSale(db, {
      id: 'CS-1',
      lines: [
        {
          skuId: '1',
          seller: '1',
          name: 'Café',
          ean: '789',
          imageUrl: null,
          quantity: 2,
          price: 990,
        },
      ],
      customer: { kind: 'final' },
      value: 1980,
      received: 2000,
      operator: 'Ana',
      station: 'Counter',
      createdAt: BASE_MS,
    });
    expect(s).toMatchObject({ state: 'draft', orderFormId: null, lostOrderIds: [], error: null });
    updateSale(
      db,
      'CS-1',
      { state: 'placing', orderFormId: 'of-1', placingSince: BASE_MS },
      BASE_MS + 1,
    );
    updateSale(
      db,
      'CS-1',
      { error: { step: 'place', code: 'VTEX_TIMEOUT', message: 'no answer' } },
      BASE_MS + 2,
    );
    expect(getSale(db, 'CS-1')).toMatchObject({
      state: 'placing',
      orderFormId: 'of-1',
      error: { code: 'VTEX_TIMEOUT' },
      updatedAt: BASE_MS + 2,
    });
  });
});

describe('the catalogue the cache knows', () => {
  it('gathers the items of cached orders and finds them by EAN, SKU and name', () => {
    const a = makeOrder({ index: 1, items: [{ skuId: '501', ean: '7890000000017' }] });
    upsertOrders(db, [a]);
    expect(refreshCatalog(db, BASE_MS)).toBe(1);
    expect(refreshCatalog(db, BASE_MS)).toBe(0);
    const name = a.items[0]!.name;
    expect(searchCatalog(db, '7890000000017')[0]?.skuId).toBe('501');
    expect(searchCatalog(db, '501')[0]?.name).toBe(name);
    expect(searchCatalog(db, name.slice(0, 4)).map((i) => i.skuId)).toContain('501');
    expect(searchCatalog(db, '100%_')).toEqual([]);
  });
});

describe('start handling before VTEX’s cancellation window ends', () => {
  it('is refused as usual, and accepted when it says it waits for the window', () => {
    const o = makeOrder({ index: 2, status: 'window-to-cancel' });
    upsertOrders(db, [o]);
    const plain = queueAction(db, actor, { verb: 'start-handling', orderId: o.orderId });
    expect(plain).toMatchObject({ ok: false, refusal: { code: 'ORDER_NOT_READY_FOR_HANDLING' } });
    const waits = queueAction(db, actor, {
      verb: 'start-handling',
      orderId: o.orderId,
      data: { afterCancelWindow: true },
    });
    expect(waits.ok).toBe(true);
    const invoice = queueAction(db, actor, { verb: 'invoice', orderId: o.orderId, data: {} });
    expect(invoice.ok).toBe(true);
  });
});
