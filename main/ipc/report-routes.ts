import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { DeskError, isDeskError } from '../core/errors';
import type { SlipRouteDeps } from './slip-routes';

/**
 * The browser host's shift reports of the cash drawer, served like the slips: the page (printed
 * with the browser's own dialog when opened with `print=1`) and the PDF. The per-run token travels
 * as `?token=` (these are opened as plain links); the host checks it on every /reports/ request.
 *
 * GET /reports/drawers/:drawerId?kind=thermal|sheet&locale=pt-BR|es|en&format=html|pdf&print=1
 */

const Params = z.strictObject({ drawerId: z.string().trim().min(1).max(64) });

const Query = z.object({
  kind: z.enum(['thermal', 'sheet']).default('sheet'),
  locale: z.enum(['pt-BR', 'es', 'en']).optional(),
  format: z.enum(['html', 'pdf']).default('pdf'),
  print: z.enum(['0', '1']).default('0'),
  token: z.string().optional(),
});

const text = 'text/plain; charset=utf-8';

export function registerReportRoutes(app: FastifyInstance, deps: SlipRouteDeps): void {
  app.get('/reports/drawers/:drawerId', async (req, reply) => {
    const params = Params.safeParse(req.params);
    const query = Query.safeParse(req.query);
    if (!params.success || !query.success) {
      const err = !params.success ? params.error : query.success ? null : query.error;
      const why = err?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return reply
        .code(400)
        .type(text)
        .send(`Bad report address: ${why ?? 'invalid'}`);
    }
    const queue = deps.queue();
    if (!queue)
      return reply.code(503).type(text).send(new DeskError('PRINT_UNAVAILABLE').userMessage);
    const { drawerId } = params.data;
    const { kind, locale, format } = query.data;
    try {
      const { pdf, html } = await queue.reportDocument({
        drawerId,
        kind,
        ...(locale ? { locale } : {}),
        pdf: format === 'pdf',
      });
      if (pdf) {
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="shift-report-${kind}.pdf"`)
          .send(Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength));
      }
      const page =
        query.data.print === '1'
          ? html.replace(
              '</body>',
              `<script src="/slips/print.js?token=${encodeURIComponent(query.data.token ?? '')}"></script></body>`,
            )
          : html;
      return reply.type('text/html; charset=utf-8').send(page);
    } catch (err) {
      if (isDeskError(err, 'DRAWER_NOT_FOUND')) {
        return reply.code(404).type(text).send(err.userMessage);
      }
      throw err;
    }
  });
}
