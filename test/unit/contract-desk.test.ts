import { describe, expect, it } from 'vitest';
import {
  ACTION_KINDS,
  ACTION_STATES,
  ACTION_VERBS,
  contract,
  DESK_ERROR_CODES,
  DeskEvent,
  ORDER_SORTS,
  PrintingView,
  QUEUE_STATUSES,
  QUEUES,
  SettingsView,
  StoreHeader,
  TRANSPORT_ERROR_CODES,
} from '../../preload/contract';
import { ORDER_STATUSES } from '../../vtex';
import { DESK_ERRORS } from '../../main/core/errors';
import { ORDER_SORTS as DB_SORTS } from '../../main/core/db';
import {
  ACTION_KINDS as OUTBOX_KINDS,
  ACTION_STATES as OUTBOX_STATES,
  ACTION_VERBS as OUTBOX_VERBS,
} from '../../main/core/outbox';
import { DEFAULT_PRINTING, DEFAULT_STORE } from '../../main/core/print/settings';

/**
 * The desk's part of the IPC contract (issue 5): its lists agree with the core's (the renderer
 * cannot import the core, so they are repeated in preload/contract), and its schemas accept what
 * the screens send and refuse what they must not.
 */

const req = <C extends keyof typeof contract>(c: C) => contract[c].request;
const res = <C extends keyof typeof contract>(c: C) => contract[c].response;

describe('lists kept in step with the core', () => {
  it('every error code of the core is a contract code, and every contract code has a message', () => {
    const codes = new Set<string>(DESK_ERROR_CODES);
    expect(codes.size).toBe(DESK_ERROR_CODES.length);
    for (const code of Object.keys(DESK_ERRORS)) expect(codes, code).toContain(code);
    const transport = new Set<string>(TRANSPORT_ERROR_CODES);
    for (const code of DESK_ERROR_CODES) {
      if (!transport.has(code)) expect(Object.keys(DESK_ERRORS), code).toContain(code);
    }
  });

  it('sorts, action verbs, kinds and states are the core’s', () => {
    expect([...ORDER_SORTS].sort()).toEqual([...DB_SORTS].sort());
    expect([...ACTION_VERBS]).toEqual([...OUTBOX_VERBS]);
    expect([...ACTION_KINDS]).toEqual([...OUTBOX_KINDS]);
    expect([...ACTION_STATES]).toEqual([...OUTBOX_STATES]);
  });

  it('the slip header and printing settings have the core’s fields', () => {
    expect(Object.keys(StoreHeader.shape).sort()).toEqual(Object.keys(DEFAULT_STORE).sort());
    expect(StoreHeader.parse(DEFAULT_STORE)).toEqual(DEFAULT_STORE);
    expect(PrintingView.parse(DEFAULT_PRINTING)).toEqual(DEFAULT_PRINTING);
  });

  it('each status queue holds known VTEX statuses, and no status is in two queues', () => {
    const seen = new Map<string, string>();
    for (const [queue, statuses] of Object.entries(QUEUE_STATUSES)) {
      expect(QUEUES).toContain(queue);
      for (const s of statuses) {
        expect(ORDER_STATUSES as readonly string[]).toContain(s);
        expect(seen.get(s), `${s} in ${queue} and ${seen.get(s)}`).toBeUndefined();
        seen.set(s, queue);
      }
    }
  });
});

describe('orders:list', () => {
  it('fills in the sort and the page size, and caps pages at 200', () => {
    expect(req('orders:list').parse({ queue: 'ready' })).toEqual({
      queue: 'ready',
      sort: 'creation_desc',
      limit: 50,
    });
    expect(req('orders:list').safeParse({ queue: 'ready', limit: 200 }).success).toBe(true);
    for (const bad of [
      { queue: 'ready', limit: 201 },
      { queue: 'ready', limit: 0 },
      { queue: 'ready', limit: 2.5 },
      { queue: 'later' },
      { queue: 'ready', sort: 'random' },
      { queue: 'ready', offset: 100 },
      { queue: 'ready', filter: 'x'.repeat(201) },
      {},
    ]) {
      expect(req('orders:list').safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('answers light rows only: a row with the document is refused', () => {
    const row = {
      orderId: '1-01',
      sequence: null,
      status: 'handling',
      displayStatus: 'handling',
      syncState: 'synced',
      pendingLabel: null,
      pendingCount: 0,
      hasAttention: false,
      creationDate: 1,
      lastChange: 2,
      customerName: null,
      value: 100,
      currency: 'BRL',
      itemsCount: 1,
      origin: null,
      marketplace: null,
      salesChannel: null,
      isPickup: false,
    };
    const page = { rows: [row], nextCursor: null, truncated: false };
    expect(res('orders:list').parse(page)).toEqual(page);
    expect(res('orders:list').safeParse({ ...page, rows: [{ ...row, doc: {} }] }).success).toBe(
      false,
    );
    // Money travels as integer cents.
    expect(res('orders:list').safeParse({ ...page, rows: [{ ...row, value: 10.5 }] }).success).toBe(
      false,
    );
  });
});

describe('orders:search', () => {
  it('trims what was scanned and refuses nothing at all', () => {
    expect(req('orders:search').parse({ text: '  1234-01\n' })).toEqual({
      text: '1234-01',
      limit: 20,
    });
    expect(req('orders:search').safeParse({ text: ' \t ' }).success).toBe(false);
  });
});

describe('actions', () => {
  it('record-payment: a cash count is in whole cents and not negative', () => {
    const ok = { orderId: '1-01', cash: { due: 4590, received: 5000 } };
    expect(req('actions:record-payment').parse(ok)).toEqual(ok);
    for (const cash of [
      { due: 45.9, received: 50 },
      { due: -1, received: 0 },
      { due: 1 },
      { due: 1, received: 2, change: 1 },
    ]) {
      expect(req('actions:record-payment').safeParse({ orderId: '1-01', cash }).success).toBe(
        false,
      );
    }
  });

  it('invoice: Output by default; items need a SKU and a positive whole quantity', () => {
    expect(req('actions:invoice').parse({ orderId: '1-01' })).toEqual({
      orderId: '1-01',
      type: 'Output',
    });
    for (const items of [
      [],
      [{ id: 'A', quantity: 0 }],
      [{ id: '', quantity: 1 }],
      [{ quantity: 1 }],
    ]) {
      expect(req('actions:invoice').safeParse({ orderId: '1-01', items }).success).toBe(false);
    }
    expect(req('actions:invoice').safeParse({ orderId: '1-01', type: 'Return' }).success).toBe(
      false,
    );
  });

  it('cancel needs a reason, a note a message, discard a reason', () => {
    expect(req('actions:cancel').safeParse({ orderId: '1-01' }).success).toBe(false);
    expect(req('actions:cancel').safeParse({ orderId: '1-01', reason: '  ' }).success).toBe(false);
    expect(
      req('actions:note').safeParse({ orderId: '1-01', message: 'x'.repeat(2001) }).success,
    ).toBe(false);
    expect(req('attention:discard').safeParse({ actionId: 'act-1', reason: '' }).success).toBe(
      false,
    );
    expect(
      req('attention:edit').safeParse({ actionId: 'act-1', data: ['not', 'an', 'object'] }).success,
    ).toBe(false);
  });

  it('an orderId is required, trimmed and bounded', () => {
    expect(req('actions:start-handling').parse({ orderId: ' 1-01 ' })).toEqual({ orderId: '1-01' });
    for (const bad of [{}, { orderId: '' }, { orderId: 'x'.repeat(65) }, { orderId: 5 }]) {
      expect(req('actions:start-handling').safeParse(bad).success).toBe(false);
    }
  });
});

describe('settings', () => {
  const view = {
    mode: 'account',
    connection: { mode: 'account', accountName: 'mystore', environment: 'vtexcommercestable' },
    baseUrl: 'https://mystore.vtexcommercestable.com.br',
    appKey: 'vtexappkey-mystore-ABC',
    hasAppToken: true,
    stationName: 'Packing 2',
    store: DEFAULT_STORE,
    printing: DEFAULT_PRINTING,
    feedFilter: { type: 'FromWorkflow', statuses: ['ready-for-handling'] },
    locale: null,
    dataDir: '/data',
    notes: { appKey: 'a', appToken: 'b', connection: 'c' },
  };

  it('the settings answer has no place for the app token', () => {
    expect(SettingsView.parse(view)).toEqual(view);
    expect(SettingsView.safeParse({ ...view, appToken: 'secret' }).success).toBe(false);
    expect(
      res('settings:save').safeParse({
        settings: { ...view, appToken: 'secret' },
        connectionTest: null,
        restarted: false,
      }).success,
    ).toBe(false);
  });

  it('save: an account name is a host label, not a URL; every field may be left out', () => {
    expect(req('settings:save').parse({})).toEqual({});
    expect(
      req('settings:save').parse({ connection: { mode: 'account', accountName: ' MyStore ' } }),
    ).toEqual({ connection: { mode: 'account', accountName: 'mystore' } });
    for (const accountName of ['my store', 'https://mystore.myvtex.com', '-x', '']) {
      expect(
        req('settings:save').safeParse({ connection: { mode: 'account', accountName } }).success,
        accountName,
      ).toBe(false);
    }
    expect(req('settings:save').safeParse({ appToken: '' }).success).toBe(false);
    expect(req('settings:save').safeParse({ printing: { copies: 11 } }).success).toBe(false);
  });

  it('feed filter: statuses or an expression; a PIN is 4–8 digits; a hook is http(s)', () => {
    expect(
      req('feed:set-filter').parse({ filter: { type: 'FromOrders', expression: 'value > 0' } }),
    ).toEqual({
      filter: { type: 'FromOrders', expression: 'value > 0', disableSingleFire: false },
    });
    expect(
      req('feed:set-filter').safeParse({ filter: { type: 'FromWorkflow', statuses: [] } }).success,
    ).toBe(false);
    for (const pin of ['123', '123456789', '12a4']) {
      expect(req('operator:start-shift').safeParse({ name: 'Ana', pin }).success, pin).toBe(false);
    }
    expect(req('operator:start-shift').safeParse({ name: '   ' }).success).toBe(false);
    expect(req('hook:set').safeParse({ url: 'ftp://example.com/h' }).success).toBe(false);
    expect(req('hook:set').safeParse({ url: 'https://example.com/h' }).success).toBe(true);
  });
});

describe('pushed events', () => {
  it('parses each desk event and bounds the order ids of one change', () => {
    const events = [
      { type: 'orders:changed', orderIds: ['1-01'], all: false, source: 'feed' },
      { type: 'attention:changed', count: 1, orderIds: ['1-01'] },
      { type: 'catch-up:progressed', reason: 'first-start', phase: 'fetching', done: 3, total: 9 },
      {
        type: 'orders:ready-arrived',
        orders: [
          { orderId: '1-01', sequence: '500001', customerName: 'Ana', value: 100, currency: 'BRL' },
        ],
      },
      { type: 'operator:changed', operator: { name: 'Ana', since: 1, hasPin: false } },
    ];
    for (const e of events) expect(DeskEvent.parse(e)).toEqual(e);
    expect(
      DeskEvent.safeParse({
        type: 'orders:changed',
        orderIds: Array.from({ length: 1001 }, (_, i) => `${i}-01`),
        all: false,
        source: 'feed',
      }).success,
    ).toBe(false);
  });
});
