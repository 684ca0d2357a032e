import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, startShift, startUiDesk, type UiDesk } from './helpers/ui-desk';

/** Settings → "Export support file" in the browser host: the button downloads the zip. */

let desk: UiDesk;
let page: Page;

describe.skipIf(!hasChromium)('the support file from Settings', () => {
  beforeAll(async () => {
    desk = await startUiDesk();
    ({ page } = await desk.open());
    await startShift(page);
  }, 90_000);

  afterAll(async () => {
    await desk?.close();
  });

  it('downloads a zip with the logs, settings, versions and counts', async () => {
    await page.getByTestId('nav-settings').click();
    const card = page.getByTestId('settings-support');
    await card.waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      card.getByRole('button', { name: 'Export support file' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^order-desk-support-.+\.zip$/);
    const entries = unzipSync(new Uint8Array(readFileSync(await download.path())));
    expect(Object.keys(entries)).toEqual(
      expect.arrayContaining(['settings.json', 'about.json', 'counts.json']),
    );
    expect(JSON.parse(strFromU8(entries['about.json']!))).toMatchObject({
      app: { name: 'Order Desk', host: 'browser' },
    });
    await card.getByText(/Support file ready/).waitFor();
  });
});
