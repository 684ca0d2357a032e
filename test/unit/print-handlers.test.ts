import { describe, expect, it } from 'vitest';
import { isDeskError } from '../../main/core/errors';
import { PrintFailure } from '../../main/core/print/printer';
import type { PrintQueue } from '../../main/core/print/queue';
import { printHandlers } from '../../main/ipc/print-handlers';

/** Only what the two channels under test touch; the rest of the queue is never called. */
function fakeQueue(over: Partial<PrintQueue>): PrintQueue {
  return over as PrintQueue;
}

const failure = async (p: unknown): Promise<unknown> =>
  Promise.resolve(p).then(
    () => null,
    (e: unknown) => e,
  );

describe('print:open-pdf', () => {
  it('opens the saved PDF of a job in the system viewer, and says why when it cannot', async () => {
    const opened: string[] = [];
    const queue = fakeQueue({
      jobPdfPath: (id) => (id === 'pj-1' ? '/data/slips/o-1/NF-1-thermal-en.pdf' : null),
    });
    const h = printHandlers(
      () => queue,
      async (path) => {
        opened.push(path);
        return path.includes('NF-1') ? '' : 'no viewer';
      },
    );
    expect(await h['print:open-pdf']({ jobId: 'pj-1' })).toEqual({});
    expect(opened).toEqual(['/data/slips/o-1/NF-1-thermal-en.pdf']);
    expect(
      isDeskError(await failure(h['print:open-pdf']({ jobId: 'pj-2' })), 'PRINT_JOB_NOT_FOUND'),
    ).toBe(true);

    const noViewer = printHandlers(() => queue);
    expect(
      isDeskError(
        await failure(noViewer['print:open-pdf']({ jobId: 'pj-1' })),
        'PRINT_UNAVAILABLE',
      ),
    ).toBe(true);
  });
});

describe('print:test-page', () => {
  it('answers a failed test page with its reason, not an error', async () => {
    let fail = false;
    const queue = fakeQueue({
      testPage: async (printer) => {
        if (fail) throw new PrintFailure('Out of paper', 'printer-stopped');
        return { printer, spoolerJob: `${printer}-7` };
      },
    });
    const h = printHandlers(() => queue);
    expect(await h['print:test-page']({ printer: 'Receipt', kind: 'thermal' })).toEqual({
      ok: true,
      printer: 'Receipt',
      spoolerJob: 'Receipt-7',
      reasonCode: null,
      reason: null,
    });
    fail = true;
    expect(await h['print:test-page']({ printer: 'Receipt', kind: 'thermal' })).toEqual({
      ok: false,
      printer: 'Receipt',
      spoolerJob: null,
      reasonCode: 'printer-stopped',
      reason: 'Out of paper',
    });
  });
});
