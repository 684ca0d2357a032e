import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChromiumSlipPrinter } from '../../main/core/print/chromium-pdf';
import type { OrderDocument } from '../../vtex';
import { effectsOf, sandboxOrders } from '../helpers/outbox-desk';
import { pdfText, popplerAvailable } from '../helpers/pdf-tools';
import { hasChromium, shot, startUiDesk, type UiDesk } from './helpers/ui-desk';

/**
 * A shift at the till with the cash drawer, in Chromium at 1024×768 against the browser host and a
 * sandbox this test controls: the float is counted at shift start, VTEX goes away, two customers
 * pay in cash (each payment shows its due, received and change on the order), the drawer shows
 * the expected cash, "End shift" asks for the count, the difference is shown and the shift report
 * is made (through the print queue, and as the A4 PDF the worker opens). Back online, each payment
 * reaches VTEX exactly once. Screenshots in test-results/e2e/.
 */

const WAIT = { timeout: 15_000, interval: 100 };
const FLOAT = 15_000;
const brl = (cents: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'BRL' }).format(cents / 100);
const plain = (s: string | null) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

let desk: UiDesk;
let page: Page;
let errors: string[] = [];
let orders: OrderDocument[] = [];
const handed: number[] = [];

async function scan(text: string): Promise<void> {
  await page.keyboard.press('F2');
  await page.keyboard.type(text, { delay: 0 });
  await page.keyboard.press('Enter');
}

/** Serious and critical accessibility violations on the page as it is now (axe-core). */
async function violations(): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The screen fits its width: nothing of it is cut off or scrolls sideways. */
async function fits(testId: string): Promise<void> {
  const [scroll, client] = await page.getByTestId(testId).evaluate((el: unknown) => {
    const box = el as { scrollWidth: number; clientWidth: number };
    return [box.scrollWidth, box.clientWidth];
  });
  expect(scroll).toBeLessThanOrEqual(client ?? 0);
}

describe.skipIf(!hasChromium)('the cash drawer across an offline shift', () => {
  beforeAll(async () => {
    desk = await startUiDesk({ host: { printer: new ChromiumSlipPrinter() } });
    orders = (await sandboxOrders(desk.sb, 2, {
      paymentGroup: 'promissory',
      status: 'payment-pending',
      marketplace: false,
      sellers: 1,
    })) as OrderDocument[];
    ({ page, errors } = await desk.open({ width: 1024, height: 768 }));
    await page.getByTestId('shift-screen').waitFor();
  }, 120_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('the shift starts with the float counted in the drawer', async () => {
    await page.getByTestId('operator-name').fill('Ana Souza');
    await page.getByTestId('shift-float').fill('150.00');
    await shot(page, 'drawer-01-shift-float');
    await page.keyboard.press('Enter');
    await page.getByTestId('operator').filter({ hasText: 'Ana Souza' }).waitFor();
    await page.getByTestId('nav-drawer').click();
    await page.getByTestId('drawer-open').waitFor(WAIT);
    expect(plain(await page.getByTestId('drawer-expected').textContent())).toBe(brl(FLOAT));
  });

  it('VTEX is away; two customers pay in cash and each order keeps its count', async () => {
    for (const o of orders) {
      await page
        .getByTestId('queue-awaiting-payment')
        .click()
        .then(() =>
          page.locator(`[data-testid="order-row"][data-order-id="${o.orderId}"]`).waitFor(WAIT),
        );
    }
    desk.sb.app.sandbox.faults.startOutage({ seconds: 300 });
    await page.getByTestId('sync-state').filter({ hasText: 'Offline' }).waitFor(WAIT);

    for (const [i, o] of orders.entries()) {
      await scan(String(o.sequence));
      await page.locator(`[data-testid="order-screen"][data-order-id="${o.orderId}"]`).waitFor();
      await page.keyboard.press('Alt+p');
      await page.getByTestId('dialog-record-payment').waitFor();
      const till = page.getByTestId('cash-received');
      if ((await till.count()) === 0) await page.getByTestId('count-at-till').check();
      const given = Math.ceil((o.value + 1) / 5000) * 5000 + i * 10_000;
      handed.push(given);
      await till.fill((given / 100).toFixed(2));
      await page.keyboard.press('Enter');
      await page.getByTestId('dialog-record-payment').waitFor({ state: 'detached' });
      const cash = page.getByTestId('payment-cash');
      await cash.waitFor(WAIT);
      expect(plain(await cash.textContent())).toContain(
        `Cash: ${brl(given)} received, ${brl(given - o.value)} change`,
      );
      expect(plain(await cash.textContent())).toContain('in drawer #1');
      expect(plain(await page.getByTestId('timeline-cash').first().textContent())).toBe(
        `Cash: ${brl(o.value)} due · ${brl(given)} received · ${brl(given - o.value)} change`,
      );
    }
    await shot(page, 'drawer-02-order-cash-offline');
    expect(await page.getByTestId('sync-state').textContent()).toContain('Offline');
  });

  it('the drawer adds them up, offline, with the sync state of each payment', async () => {
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-drawer').click();
    const rows = page.getByTestId('drawer-movement');
    await vi.waitFor(async () => expect(await rows.count()).toBe(2), WAIT);
    const [a, b] = orders as [OrderDocument, OrderDocument];
    expect(plain(await page.getByTestId('drawer-expected').textContent())).toBe(
      brl(FLOAT + a.value + b.value),
    );
    for (const text of await rows.allTextContents()) expect(text).toContain('Waiting to sync');
    expect(plain(await rows.first().textContent())).toContain(brl(handed[1] ?? 0));
    await fits('drawer-screen');
    expect(await violations()).toEqual([]);
    await shot(page, 'drawer-03-open-offline');
  });

  it('End shift asks for the count; the difference is shown and the report is made', async () => {
    const [a, b] = orders as [OrderDocument, OrderDocument];
    const expected = FLOAT + a.value + b.value;
    await page.getByTestId('operator').getByRole('button', { name: 'End shift' }).click();
    const dialog = page.getByTestId('dialog-close-drawer');
    await dialog.waitFor();
    expect(plain(await page.getByTestId('close-expected').textContent())).toBe(brl(expected));
    // The count goes where the focus already is: type and press Enter, no mouse.
    await page.keyboard.type(((expected - 250) / 100).toFixed(2));
    expect(plain(await page.getByTestId('close-difference').textContent())).toBe(
      `${brl(250)} short`,
    );
    expect(await violations()).toEqual([]);
    await shot(page, 'drawer-04-count');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const closed = page.getByTestId('drawer-closed');
    await closed.waitFor(WAIT);
    expect(plain(await closed.getByTestId('drawer-difference').textContent())).toBe(
      `${brl(250)} short`,
    );
    expect(plain(await closed.getByTestId('drawer-counted').textContent())).toBe(
      brl(expected - 250),
    );
    await fits('drawer-screen');
    expect(await violations()).toEqual([]);
    await shot(page, 'drawer-05-closed');

    // The 80 mm report went through the print queue and left its PDF in the print history.
    await vi.waitFor(async () => {
      const res = await fetch(`${desk.web.host.origin}/ipc/print:jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-desk-token': desk.web.host.token },
        body: '{}',
      });
      const body = (await res.json()) as {
        data: { jobs: { variant: string; kind: string; pdfPath: string | null }[] };
      };
      expect(body.data.jobs).toContainEqual(
        expect.objectContaining({ variant: 'shift-report', kind: 'thermal' }),
      );
      expect(body.data.jobs.find((j) => j.variant === 'shift-report')?.pdfPath).toBeTruthy();
    }, WAIT);

    // The A4 PDF the worker opens from the screen.
    const href = await closed.getByTestId('drawer-report-pdf').getAttribute('href');
    // Through the page's own context: the link carries the session cookie, as a click would.
    const res = await page.request.get(`${desk.web.host.origin}${href ?? ''}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    if (popplerAvailable()) {
      const dir = mkdtempSync(join(tmpdir(), 'drawer-e2e-'));
      try {
        const file = join(dir, 'report.pdf');
        writeFileSync(file, await res.body());
        const text = plain(pdfText(file));
        expect(text).toContain('SHIFT REPORT · CASH DRAWER');
        expect(text).toMatch(/Difference\s+−R\$2\.50 \(short\)/);
        for (const o of orders) expect(text).toContain(`#${o.sequence}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it('back online, each payment reaches VTEX once; the shift ends', async () => {
    await desk.sb.app.sandbox.faults.endOutage();
    await page.getByTestId('sync-state').filter({ hasText: 'Online' }).waitFor(WAIT);
    for (const o of orders) {
      await vi.waitFor(async () => {
        const effects = await effectsOf(desk.sb, o.orderId);
        expect(
          effects.filter((e) => /payment-notification$/.test(e.path) && e.changed),
        ).toHaveLength(1);
      }, WAIT);
    }
    // The closed drawer stays in the station's history, with its difference.
    const past = page.getByTestId('drawer-history');
    await past.waitFor(WAIT);
    expect(plain(await past.textContent())).toContain(`${brl(250)} short`);
    await page.getByTestId('drawer-end-shift').click();
    await page.getByTestId('shift-screen').waitFor(WAIT);
    expect(errors).toEqual([]);
  });
});
