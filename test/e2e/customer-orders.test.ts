import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OrderDocument } from '../../vtex';
import { sandboxOrders } from '../helpers/outbox-desk';
import { hasChromium, shot, startShift, startUiDesk, type UiDesk } from './helpers/ui-desk';

/**
 * A customer with many orders, at 1024×768: the order's "Customer" tab lists their other orders
 * from VTEX, twenty at a time, and "More orders" brings the next page.
 */

const WAIT = { timeout: 30_000, interval: 100 };

let desk: UiDesk;
let page: Page;
let errors: string[] = [];

describe.skipIf(!hasChromium)('the customer’s other orders', () => {
  beforeAll(async () => {
    desk = await startUiDesk();
    ({ page, errors } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
    await startShift(page);
  }, 90_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('pages through VTEX’s user orders', async () => {
    const orders = await sandboxOrders(desk.sb, 24, {
      status: 'handling',
      sellers: 1,
      client: { email: 'loyal@example.com', firstName: 'Loyal', lastName: 'Customer' },
    });
    const current = orders[0] as OrderDocument;
    await page.getByTestId('queue-handling').click();
    await page
      .locator(`[data-testid="order-row"][data-order-id="${current.orderId}"]`)
      .waitFor(WAIT);
    await page.keyboard.press('F2');
    await page.keyboard.type(current.orderId, { delay: 0 });
    await page.keyboard.press('Enter');
    await page.getByTestId('order-screen').waitFor();
    await page.getByTestId('tab-customer').click();
    const list = page.getByTestId('customer-orders');
    await list.waitFor(WAIT);
    const rows = list.locator('.mini-orders li');
    await vi.waitFor(async () => expect(await rows.count()).toBe(19), WAIT);
    await page.getByTestId('customer-orders-more').click();
    await vi.waitFor(async () => expect(await rows.count()).toBe(23), WAIT);
    expect(await page.getByTestId('customer-orders-more').count()).toBe(0);
    await shot(page, 'customer-orders-paged');
    expect(errors).toEqual([]);
  });
});
