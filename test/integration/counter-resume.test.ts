import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  DEFAULT_COUNTER_SETTINGS,
  createSale,
  getSale,
  quoteSale,
  runSale,
  updateSale,
  type SaleDeps,
} from '../../main/core/counter';
import { closeDeskDb, openDeskDb, type DeskDb } from '../../main/core/db';
import { openDrawer } from '../../main/core/drawer';
import { VtexClient } from '../../main/core/vtex/client';
import { catalog } from '../../sandbox/state/catalog';
import { SandboxClock } from '../../sandbox/state/clock';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * A counter sale cut off mid-step (the desk closed or killed) carries on from its row: a
 * placement that may have left is looked for at VTEX before anything is placed, so a placement
 * that did reach VTEX is never placed twice, and one that did not is placed once.
 */

let dir: string;
let db: DeskDb;
let sb: TestSandbox;
let deps: SaleDeps;
const sku = catalog().find((s) => s.sellers.includes('1'));

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'counter-resume-'));
  const clock = new ManualClock(Date.now());
  db = openDeskDb(join(dir, 'desk.db'), { clock });
  sb = await startSandbox({ clock: new SandboxClock(() => Date.now()), windowToCancelSeconds: 0 });
  const client = new VtexClient({ baseUrl: sb.url, ...KEY, rateLimit: false, maxRetries: 0 });
  const actor = { station: 'Counter', operator: 'Ana', clock };
  openDrawer(db, { station: 'Counter', operator: 'Ana', openingFloat: 0, now: clock.now() });
  deps = {
    db,
    client,
    clock,
    actor,
    settings: DEFAULT_COUNTER_SETTINGS,
    print: null,
    sleep: async () => undefined,
  };
});

afterEach(async () => {
  closeDeskDb(db);
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

async function total(): Promise<number> {
  const res = await sb.api('/api/oms/pvt/orders?per_page=100');
  return ((await res.json()) as { paging: { total: number } }).paging.total;
}

async function cutOffSale(placeBeforeCrash: boolean) {
  const q = await quoteSale(deps.client, deps.settings, [
    { skuId: sku!.id, seller: '1', quantity: 1 },
  ]);
  const sale = createSale(deps, {
    lines: q.lines,
    customer: { kind: 'final' },
    value: q.value,
    received: q.value,
  });
  // The first run stops right before the placement: the row says "placing" with its cart.
  const cart = await deps.client.newCart();
  await deps.client.addCartItems(cart.orderFormId, {
    orderItems: [{ id: sku!.id, quantity: 1, seller: '1' }],
  });
  await deps.client.attachToCart(cart.orderFormId, 'shippingData', {
    logisticsInfo: [
      { itemIndex: 0, selectedSla: q.pickup.slaId, selectedDeliveryChannel: 'pickup-in-point' },
    ],
  });
  await deps.client.attachToCart(cart.orderFormId, 'clientProfileData', {
    email: 'balcao@example.com',
    firstName: 'Consumidor',
    lastName: 'Final',
  });
  await deps.client.attachToCart(cart.orderFormId, 'paymentData', {
    payments: [{ paymentSystem: '201', value: q.value, referenceValue: q.value, installments: 1 }],
  });
  updateSale(
    db,
    sale.id,
    { state: 'placing', orderFormId: cart.orderFormId, placingSince: Date.now() },
    Date.now(),
  );
  if (placeBeforeCrash) {
    // The request left and VTEX placed the cart; the desk died before the answer was written.
    await deps.client.placeCart(cart.orderFormId, {
      referenceId: cart.orderFormId,
      value: q.value,
      referenceValue: q.value,
      interestValue: 0,
      savePersonalData: false,
      optinNewsLetter: false,
    });
  }
  return sale.id;
}

describe('a counter sale cut off while placing', () => {
  it('that never reached VTEX is placed once when the sale carries on', async () => {
    const id = await cutOffSale(false);
    const before = await total();
    const after = await runSale(deps, id);
    expect(after.state).toBe('invoiced');
    expect(after.error?.code).toBe('PRINT_UNAVAILABLE');
    expect(await total()).toBe(before + 1);
    expect(getSale(db, id)?.paymentActionId).toBeTruthy();
  });

  it('that VTEX placed is found by its cart and never placed again', async () => {
    const id = await cutOffSale(true);
    const before = await total();
    const after = await runSale(deps, id);
    expect(after.state).toBe('lost');
    expect(after.error?.code).toBe('COUNTER_PLACEMENT_ANSWER_LOST');
    expect(await total()).toBe(before);
    // Running it again changes nothing while VTEX has not canceled the order.
    expect((await runSale(deps, id)).state).toBe('lost');
    expect(await total()).toBe(before);
  });
});
