import type { TFunction } from 'i18next';
import type { PrintJob } from '../../../../preload/contract';
import { currentToken } from '../../bridge/token';

/**
 * Links to the browser host's slips (main/ipc/slip-routes.ts): the slip page, which opens the
 * browser's print dialog by itself, and the PDFs. They carry the per-run token, as the host checks
 * it on every /slips/ request.
 */

export interface SlipRef {
  orderId: string;
  invoiceNumber: string;
  kind: 'thermal' | 'sheet';
  locale?: string;
}

const seg = (s: string) => encodeURIComponent(s);

/** The slip as a page that opens the print dialog (`print`), or as a PDF. */
export function slipUrl(ref: SlipRef, as: 'print' | 'pdf'): string {
  const q = new URLSearchParams({ kind: ref.kind, token: currentToken() });
  if (ref.locale === 'pt-BR' || ref.locale === 'es' || ref.locale === 'en')
    q.set('locale', ref.locale);
  if (as === 'pdf') q.set('format', 'pdf');
  else q.set('print', '1');
  return `/slips/${seg(ref.orderId)}/${seg(ref.invoiceNumber)}?${q.toString()}`;
}

/** The PDF saved with a job (exactly what went, or would have gone, to the printer). */
export function jobPdfUrl(job: Pick<PrintJob, 'id'>): string {
  return `/slips/jobs/${seg(job.id)}.pdf?token=${encodeURIComponent(currentToken())}`;
}

const KNOWN = new Set([
  'printer-not-found',
  'no-printer',
  'printer-stopped',
  'printer-refused',
  'spooler-down',
  'timeout',
  'canceled',
  'no-printing',
  'slip-failed',
  'interrupted',
  'printer-error',
]);

/** Why a print failed, in the worker's words and what to do; the printer's own message kept. */
export function printFailureText(
  t: TFunction,
  f: { reasonCode: string | null; reason: string | null; printer: string | null },
): string {
  const code = f.reasonCode && KNOWN.has(f.reasonCode) ? f.reasonCode : 'printer-error';
  return t(`printFlow.reasons.${code}` as 'printFlow.reasons.printer-error', {
    printer: f.printer ?? t('printFlow.theDefaultPrinter'),
    detail: f.reason ?? '',
  });
}
