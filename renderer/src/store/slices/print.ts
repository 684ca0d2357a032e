import type { PrintJob, RequestOf, ResponseOf } from '../../../../preload/contract';
import { ask, type Outcome } from '../desk-port';
import type { Remote, SliceCreator } from '../types';

export type PrinterInfo = ResponseOf<'print:printers'>[number];

export interface PrintSlice {
  printJobs: Remote<{ jobs: PrintJob[]; next: number | null }>;
  printers: Remote<PrinterInfo[]>;
  loadPrintJobs(more?: boolean): Promise<void>;
  loadPrinters(): Promise<void>;
  /** A job changed (pushed): update it in place, or put a new one on top. */
  upsertPrintJob(job: PrintJob): void;
  printSlip(req: RequestOf<'print:slip'>): Promise<Outcome<PrintJob>>;
  reprint(jobId: string): Promise<Outcome<PrintJob>>;
  testPage(req: RequestOf<'print:test-page'>): Promise<Outcome<ResponseOf<'print:test-page'>>>;
  openJobPdf(jobId: string): Promise<Outcome<ResponseOf<'print:open-pdf'>>>;
}

export const createPrintSlice: SliceCreator<PrintSlice> = (set, get) => ({
  printJobs: { status: 'idle', data: null, error: null },
  printers: { status: 'idle', data: null, error: null },

  async loadPrintJobs(more = false) {
    const before = more ? get().printJobs.data?.next : undefined;
    if (more && !before) return;
    set((s) => ({ printJobs: { ...s.printJobs, status: 'loading' } }));
    const result = await ask('print:jobs', { limit: 50, ...(before ? { before } : {}) });
    set((s) => ({
      printJobs: result.ok
        ? {
            status: 'ready',
            error: null,
            data: {
              jobs: more
                ? [...(s.printJobs.data?.jobs ?? []), ...result.data.jobs]
                : result.data.jobs,
              next: result.data.next,
            },
          }
        : { status: 'error', data: s.printJobs.data, error: result.error },
    }));
  },
  async loadPrinters() {
    set((s) => ({ printers: { ...s.printers, status: 'loading' } }));
    const result = await ask('print:printers');
    set((s) => ({
      printers: result.ok
        ? { status: 'ready', data: result.data, error: null }
        : { status: 'error', data: s.printers.data, error: result.error },
    }));
  },
  upsertPrintJob(job) {
    set((s) => {
      const data = s.printJobs.data;
      if (!data) return {};
      const at = data.jobs.findIndex((j) => j.id === job.id);
      const jobs = at >= 0 ? data.jobs.map((j, i) => (i === at ? job : j)) : [job, ...data.jobs];
      return { printJobs: { ...s.printJobs, data: { ...data, jobs } } };
    });
  },
  printSlip(req) {
    return ask('print:slip', req);
  },
  reprint(jobId) {
    return ask('print:reprint', { jobId });
  },
  testPage(req) {
    return ask('print:test-page', req);
  },
  openJobPdf(jobId) {
    return ask('print:open-pdf', { jobId });
  },
});
