import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChromiumSlipPrinter, chromiumAvailable } from '../../main/core/print/chromium-pdf';
import type { OrderDocument } from '../../vtex';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';
import { startSandbox, type TestSandbox } from '../helpers/sandbox';

/**
 * The cash drawer through the browser host against a real sandbox: opened with a float at the
 * start of a shift, every cash payment (due, received, change) recorded with its action and shown
 * on the order, a refund, the count at the close with its difference, all of it still there after
 * the desk restarts, and the shift report printed through the print queue and served as a PDF.
 */

let sb: TestSandbox;
let desk: IpcDesk;
let dataDir: string;
const withPdf = chromiumAvailable();

const host = () => ({ printer: withPdf ? new ChromiumSlipPrinter() : null });

beforeAll(async () => {
  sb = await startSandbox();
  desk = await startIpcDesk({ sb, host: host() });
  dataDir = desk.dataDir;
}, 30_000);

afterAll(async () => {
  await desk?.close();
  await sb?.close();
});

const WAIT = { timeout: 10_000, interval: 30 };

async function cashOrder(): Promise<OrderDocument> {
  const [o] = await sandboxOrders(sb, 1, {
    sellers: 1,
    status: 'payment-pending',
    paymentGroup: 'promissory',
    marketplace: false,
  });
  if (!o) throw new Error('no order');
  await vi.waitFor(async () => {
    const { body } = await desk.call('orders:get', { orderId: o.orderId });
    expect(body.ok).toBe(true);
  }, WAIT);
  return o;
}

describe('the cash drawer', () => {
  let drawerId = '';
  let a: OrderDocument;
  let b: OrderDocument;

  it('needs a shift to open, opens with the float, and refuses a second open drawer', async () => {
    expect(await desk.ok('drawer:get')).toEqual({ open: null, lastClosed: null });
    expect(await desk.fail('drawer:open', { openingFloat: 10_000 })).toMatchObject({
      code: 'NO_OPERATOR',
    });
    await desk.ok('operator:start-shift', { name: 'Ana Souza' });
    expect(await desk.fail('drawer:open', { openingFloat: -1 })).toMatchObject({
      code: 'BAD_REQUEST',
    });
    const opened = await desk.ok('drawer:open', { openingFloat: 10_000 });
    drawerId = opened.drawer.id;
    expect(opened.drawer).toMatchObject({
      number: 1,
      state: 'open',
      openedBy: 'Ana Souza',
      openingFloat: 10_000,
      totals: { expected: 10_000, salesCount: 0 },
    });
    expect(await desk.fail('drawer:open', { openingFloat: 0 })).toMatchObject({
      code: 'DRAWER_ALREADY_OPEN',
    });
  });

  it('records each cash payment with due, received and change, on the order and in the drawer', async () => {
    a = await cashOrder();
    b = await cashOrder();
    const qa = await desk.ok('actions:record-payment', {
      orderId: a.orderId,
      cash: { due: a.value, received: a.value + 410 },
    });
    expect(qa.change).toBe(410);
    await desk.ok('actions:record-payment', {
      orderId: b.orderId,
      cash: { due: b.value, received: b.value },
    });

    const detail = await desk.ok('orders:get', { orderId: a.orderId });
    expect(detail.payments[0]?.cash).toMatchObject({
      due: a.value,
      received: a.value + 410,
      change: 410,
      operator: 'Ana Souza',
      drawerNumber: 1,
    });
    const line = detail.timeline.find((e) => e.kind === 'action' && e.actionId === qa.actionId);
    expect(line?.text).toContain(
      `in cash: due ${(a.value / 100).toFixed(2)}, received ${((a.value + 410) / 100).toFixed(2)}, change 4.10`,
    );

    const now = await desk.ok('drawer:get');
    expect(now.open?.drawer.totals).toMatchObject({
      sales: a.value + b.value,
      salesCount: 2,
      change: 410,
      expected: 10_000 + a.value + b.value,
    });
    expect(now.open?.movements.map((m) => [m.kind, m.orderId, m.due, m.change])).toEqual([
      ['sale', a.orderId, a.value, 410],
      ['sale', b.orderId, b.value, 0],
    ]);
    expect(now.open?.movements[0]?.orderLabel).toBe(`#${a.sequence}`);
  });

  it('a refund takes cash out; more than the drawer holds is refused', async () => {
    expect(
      await desk.fail('drawer:move', { kind: 'refund', amount: 100_000_000, orderId: a.orderId }),
    ).toMatchObject({ code: 'DRAWER_NOT_ENOUGH_CASH' });
    const after = await desk.ok('drawer:move', {
      kind: 'refund',
      amount: 500,
      orderId: a.orderId,
      note: 'damaged mug',
    });
    expect(after.drawer.totals).toMatchObject({ refunds: 500, refundsCount: 1 });
  });

  it('survives a restart: the drawer and its lines are still open; the count closes it', async () => {
    await desk.close({ keepData: true });
    desk = await startIpcDesk({ sb, dataDir, host: host() });
    const now = await desk.ok('drawer:get');
    expect(now.open?.drawer.id).toBe(drawerId);
    expect(now.open?.movements).toHaveLength(3);
    const expected = 10_000 + a.value + b.value - 500;
    expect(now.open?.drawer.totals.expected).toBe(expected);

    expect(await desk.fail('drawer:close', { counted: expected })).toMatchObject({
      code: 'NO_OPERATOR',
    });
    await desk.ok('operator:start-shift', { name: 'Bia Lima' });
    const closed = await desk.ok('drawer:close', { counted: expected - 90, note: 'coin missing' });
    expect(closed.drawer).toMatchObject({
      state: 'closed',
      closedBy: 'Bia Lima',
      expected,
      counted: expected - 90,
      difference: -90,
      closeNote: 'coin missing',
    });
    expect(await desk.ok('drawer:get')).toMatchObject({
      open: null,
      lastClosed: { id: drawerId, difference: -90 },
    });
    expect(await desk.fail('drawer:close', { counted: 0 })).toMatchObject({
      code: 'DRAWER_NOT_OPEN',
    });
    expect((await desk.ok('drawer:list')).drawers.map((d) => d.id)).toEqual([drawerId]);
  });

  it.skipIf(!withPdf)(
    'prints the shift report through the print queue and serves its PDF',
    async () => {
      const job = await desk.ok('drawer:print-report', { drawerId, kind: 'sheet' });
      expect(job).toMatchObject({ variant: 'shift-report', orderId: drawerId, invoiceNumber: '1' });
      const { jobs } = await desk.ok('print:jobs');
      expect(jobs.some((j) => j.id === job.id)).toBe(true);

      const url = `${desk.web.host.origin}/reports/drawers/${drawerId}?format=pdf&kind=sheet`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(`${url}&token=${desk.web.host.token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(
        Buffer.from(await res.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
      // The 80 mm page a browser prints with its own dialog.
      const page = await fetch(
        `${desk.web.host.origin}/reports/drawers/${drawerId}?kind=thermal&format=html&print=1&token=${desk.web.host.token}`,
      );
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Shift report · Cash drawer');
      expect(html).toContain('<script src="/slips/print.js?token=');
      const missing = await fetch(
        `${desk.web.host.origin}/reports/drawers/cd-nope?token=${desk.web.host.token}`,
      );
      expect(missing.status).toBe(404);
      expect(await desk.fail('drawer:print-report', { drawerId: 'cd-nope' })).toMatchObject({
        code: 'DRAWER_NOT_FOUND',
      });
    },
  );
});
