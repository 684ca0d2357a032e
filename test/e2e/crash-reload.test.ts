import type { Page } from 'playwright-core';
import type { OrderDocument } from '../../vtex';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxOrders } from '../helpers/outbox-desk';
import { NO_CHROMIUM, hasChromium, startShift, startUiDesk, type UiDesk } from './helpers/ui-desk';

/**
 * The page's process dies and is loaded again, as the desktop app's main does on
 * `render-process-gone`: Chromium's renderer is crashed and the tab reloaded through the DevTools
 * protocol (Playwright gives up on a crashed page, the protocol's browser session does not).
 */

const WAIT = { timeout: 15_000, interval: 100 };

let desk: UiDesk;
let order: OrderDocument;
let page: Page;

describe.skipIf(!hasChromium)('a renderer crash', () => {
  beforeAll(async () => {
    desk = await startUiDesk();
    [order] = (await sandboxOrders(desk.sb, 1, {
      paymentGroup: 'creditCard',
      status: 'ready-for-handling',
    })) as [OrderDocument];
    ({ page } = await desk.open());
    await page.getByTestId('shift-screen').waitFor();
    await startShift(page);
  }, 90_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('comes back on the order that was open', async () => {
    await page.getByTestId('scan-input').fill(order.orderId);
    await page.keyboard.press('Enter');
    await page.locator(`[data-testid="order-screen"][data-order-id="${order.orderId}"]`).waitFor();

    const browser = await desk.browser.newBrowserCDPSession();
    const { targetInfos } = await browser.send('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'page' && t.url === page.url());
    expect(target).toBeDefined();
    const { sessionId } = await browser.send('Target.attachToTarget', {
      targetId: target!.targetId,
      flatten: false,
    });
    const answers = new Map<number, unknown>();
    let crashed = false;
    browser.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message) as {
        id?: number;
        method?: string;
        result?: unknown;
        error?: unknown;
      };
      if (m.id !== undefined) answers.set(m.id, m.result ?? m.error);
      if (m.method === 'Inspector.targetCrashed') crashed = true;
    });
    let id = 0;
    const send = async (method: string, params: object = {}): Promise<unknown> => {
      const mine = ++id;
      await browser.send('Target.sendMessageToTarget', {
        sessionId,
        message: JSON.stringify({ id: mine, method, params }),
      });
      return vi.waitFor(() => {
        if (!answers.has(mine)) throw new Error(`no answer to ${method}`);
        return answers.get(mine);
      }, WAIT);
    };

    // The crashing renderer may never answer this one: its death is the answer.
    void send('Page.crash').catch(() => undefined);
    await vi.waitFor(() => expect(crashed).toBe(true), WAIT);
    await send('Page.reload');
    const shown = async () =>
      (await send('Runtime.evaluate', {
        expression:
          'document.querySelector(\'[data-testid="order-screen"]\')?.getAttribute("data-order-id") ?? null',
      })) as { result?: { value?: string | null } };
    await vi.waitFor(async () => expect((await shown()).result?.value).toBe(order.orderId), WAIT);
    await browser.detach();
  });
});

describe.skipIf(hasChromium)('a renderer crash', () => {
  it('needs Chromium', (ctx) => ctx.skip(NO_CHROMIUM));
});
