import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DeskError, isDeskError } from '../core/errors';
import type { PrintQueue } from '../core/print/queue';
import { safeSegment } from '../core/print/queue';

/**
 * The browser host's slips (issue 6). A browser cannot print silently, so the host serves the slip
 * itself: the page (printed with the browser's own dialog, opened at once with `print=1`) and the
 * PDF. The host checks the per-run token on every /slips/ request (it travels as `?token=`,
 * since these are opened as plain links).
 *
 * GET /slips/:orderId/:invoiceNumber?kind=thermal|sheet&locale=pt-BR|es|en&format=html|pdf&print=1
 * GET /slips/jobs/:jobId.pdf — the PDF saved with a print job (the print history's "Open PDF").
 */

export interface SlipRouteDeps {
  /** null while the host has no desk core (no order cache): the routes answer 503. */
  queue(): PrintQueue | null;
}

const Params = z.strictObject({
  orderId: z.string().trim().min(1).max(64),
  invoiceNumber: z.string().trim().min(1).max(64),
});

const JobFile = z.strictObject({
  file: z
    .string()
    .max(80)
    .regex(/^[A-Za-z0-9_-]+\.pdf$/, 'a print job id followed by .pdf'),
});

const Query = z.object({
  kind: z.enum(['thermal', 'sheet']).default('thermal'),
  locale: z.enum(['pt-BR', 'es', 'en']).optional(),
  format: z.enum(['html', 'pdf']).default('html'),
  print: z.enum(['0', '1']).default('0'),
  token: z.string().optional(),
});

/** Opens the print dialog once the slip has loaded; a file, since the CSP forbids inline scripts. */
const PRINT_SCRIPT = `window.addEventListener('load', () => window.print());\n`;

const problem = (issues: z.ZodError) =>
  issues.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).join('; ');

export function registerSlipRoutes(app: FastifyInstance, deps: SlipRouteDeps): void {
  app.get('/slips/print.js', async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').send(PRINT_SCRIPT),
  );

  app.get('/slips/jobs/:file', async (req, reply) => {
    const file = JobFile.safeParse(req.params);
    if (!file.success) {
      return reply
        .code(400)
        .type('text/plain; charset=utf-8')
        .send(`Bad slip address: ${problem(file.error)}`);
    }
    const queue = deps.queue();
    if (!queue) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(new DeskError('PRINT_UNAVAILABLE').userMessage);
    }
    const jobId = file.data.file.replace(/\.pdf$/, '');
    const saved = await queue.jobPdf(jobId);
    if (!saved) {
      return reply
        .code(404)
        .type('text/plain; charset=utf-8')
        .send(`No saved PDF for print job ${jobId}.`);
    }
    const { job, pdf } = saved;
    const name = `${safeSegment(job.orderId)}-${safeSegment(job.invoiceNumber)}-${job.kind}${job.provisional ? '-provisional' : ''}.pdf`;
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="${name}"`)
      .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
  });

  app.get('/slips/:orderId/:invoiceNumber', async (req, reply) => {
    const params = Params.safeParse(req.params);
    const query = Query.safeParse(req.query);
    if (!params.success || !query.success) {
      const err = !params.success ? params.error : query.success ? null : query.error;
      return reply
        .code(400)
        .type('text/plain; charset=utf-8')
        .send(`Bad slip address: ${err ? problem(err) : 'invalid'}`);
    }
    const queue = deps.queue();
    if (!queue) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send(new DeskError('PRINT_UNAVAILABLE').userMessage);
    }
    const { orderId, invoiceNumber } = params.data;
    const { kind, locale, format } = query.data;
    const req_ = { orderId, invoiceNumber, kind, ...(locale ? { locale } : {}) };
    try {
      if (format === 'pdf') {
        const { pdf } = await queue.pdf(req_);
        const name = `${safeSegment(orderId)}-${safeSegment(invoiceNumber)}-${kind}.pdf`;
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${name}"`)
          .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      }
      const slip = await queue.renderPage(req_);
      const html =
        query.data.print === '1'
          ? slip.html.replace(
              '</body>',
              `<script src="/slips/print.js?token=${encodeURIComponent(query.data.token ?? '')}"></script></body>`,
            )
          : slip.html;
      return reply.type('text/html; charset=utf-8').send(html);
    } catch (err) {
      if (
        isDeskError(err, 'PRINT_ORDER_NOT_FOUND') ||
        isDeskError(err, 'PRINT_INVOICE_NOT_FOUND')
      ) {
        return reply.code(404).type('text/plain; charset=utf-8').send(err.userMessage);
      }
      throw err;
    }
  });
}
