import { ChromiumSlipPrinter, chromiumAvailable } from '../main/core/print/chromium-pdf';
import { renderSlip } from '../main/core/print/render';
import { invoicedOrder, STORE } from '../test/helpers/slip-fixtures';
import { atMost, type BenchModule, type Metric } from './lib';

/**
 * `slip.pdf80mmMs` (issue 6): how long one 80 mm receipt takes from order document to PDF bytes
 * with a warm browser — rendering the HTML (barcode, QR) and Chromium's PDF — median of 30 runs
 * after 5 unmeasured ones; p95 alongside. A station prints one slip per invoice, so this is the
 * wait between "invoice" and the printer starting.
 */

const RUNS = 30;
const WARMUP = 5;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? Number.NaN;
}

export async function runSlipBench(): Promise<Record<string, Metric>> {
  if (!chromiumAvailable()) {
    console.warn('bench slip: skipped, /usr/bin/chromium is missing');
    return {};
  }
  const printer = new ChromiumSlipPrinter();
  try {
    await printer.warmUp();
    const order = invoicedOrder({
      items: [
        { product: 3, quantity: 2 },
        { product: 4, quantity: 1 },
        { product: 5, quantity: 3 },
      ],
    });
    const once = async (): Promise<number> => {
      const t0 = performance.now();
      const slip = await renderSlip({
        order,
        invoiceNumber: 'NF-12345',
        kind: 'thermal',
        locale: 'pt-BR',
        store: STORE,
      });
      const pdf = await printer.toPdf(slip.html, slip.pageSize);
      if (pdf.byteLength < 1000) throw new Error('the slip PDF came out empty');
      return performance.now() - t0;
    };
    for (let i = 0; i < WARMUP; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await once());
    times.sort((a, b) => a - b);
    return {
      'slip.pdf80mmMs': atMost(percentile(times, 50), 'ms', 300),
      'slip.pdf80mmP95Ms': atMost(percentile(times, 95), 'ms', 300),
    };
  } finally {
    await printer.close();
  }
}

export const slipBench: BenchModule = { name: 'slip', run: runSlipBench };
