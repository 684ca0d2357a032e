import { PrintFailure } from '../core/print/printer';
import type { PrintQueue } from '../core/print/queue';
import { DeskError } from '../core/errors';
import type { Handlers } from './handlers';

type PrintChannel =
  | 'print:slip'
  | 'print:jobs'
  | 'print:reprint'
  | 'print:printers'
  | 'print:test-page'
  | 'print:open-pdf';

/**
 * The `print:*` channels over the print queue (issue 6). `queue` is null until the desk core runs
 * (no order cache yet): the channels then answer with PRINT_UNAVAILABLE instead of vanishing from
 * the contract.
 */
export function printHandlers(
  queue: () => PrintQueue | null,
  /** Opens a file in the system's viewer; '' when it did, else why not (Electron's shell.openPath). */
  openFile?: (path: string) => Promise<string>,
): Pick<Handlers, PrintChannel> {
  const q = (): PrintQueue => {
    const current = queue();
    if (!current) throw new DeskError('PRINT_UNAVAILABLE', 'no print queue in this host yet');
    return current;
  };
  return {
    'print:slip': ({ dialog, ...req }) => q().print({ ...req, dialog }),
    'print:jobs': (query) => q().listJobs(query ?? {}),
    'print:reprint': ({ jobId, ...overrides }) => q().reprint(jobId, overrides),
    'print:printers': () => q().listPrinters(),
    'print:open-pdf': async ({ jobId }) => {
      if (!openFile) {
        throw new DeskError('PRINT_UNAVAILABLE', 'this window opens the PDF as a link instead');
      }
      const path = q().jobPdfPath(jobId);
      if (!path) throw new DeskError('PRINT_JOB_NOT_FOUND', `no saved PDF for print job ${jobId}`);
      const problem = await openFile(path);
      if (problem) throw new DeskError('PRINT_UNAVAILABLE', problem);
      return {};
    },
    'print:test-page': async ({ printer, kind }) => {
      try {
        const done = await q().testPage(printer, kind);
        return { ok: true, ...done, reasonCode: null, reason: null };
      } catch (err) {
        if (!(err instanceof PrintFailure)) throw err;
        return { ok: false, printer, spoolerJob: null, reasonCode: err.code, reason: err.reason };
      }
    },
  };
}
