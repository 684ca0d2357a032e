import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DoNoteRequest } from '../../vtex';
import { markEffect } from '../app';
import type { SandboxContext } from '../context';
import { badRequest, notFound } from '../http/errors';
import { findOrder } from '../state/actions';
import { vtexTime } from '../state/clock';
import { countNotes, getNote, insertNote, listNotes, MAX_NOTES_PER_ORDER } from '../state/notes';

/**
 * VTEX DO notes API: `POST /api/do/notes`, `GET /api/do/notes?target.id=`, `GET
 * /api/do/notes/{noteId}`. Unlike order interactions, what is written here can be read back.
 * VTEX's OpenAPI leaves the list's shape open; the sandbox answers an array, oldest first.
 */

export function registerNoteRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.post('/api/do/notes', async (req: FastifyRequest) => {
    const parsed = DoNoteRequest.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw badRequest(
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    }
    const b = parsed.data;
    const order = findOrder(ctx, b.target.id);
    if (countNotes(ctx.db, order.orderId) >= MAX_NOTES_PER_ORDER) {
      throw badRequest(`An order holds at most ${MAX_NOTES_PER_ORDER} notes`);
    }
    const now = vtexTime(ctx.clock.now());
    const who = req.appKey ?? 'sandbox';
    const note = insertNote(ctx.db, {
      target: {
        id: order.orderId,
        type: 'order',
        url:
          b.target.url ??
          `https://${ctx.options.accountName}.myvtex.com/admin/orders/${order.orderId}`,
      },
      domain: b.domain,
      description: b.description,
      owner: who,
      createdBy: { id: who, name: who, email: who, key: who },
      creationDate: now,
      lastUpdate: now,
    });
    markEffect(req, order.orderId);
    return note;
  });

  app.get('/api/do/notes', async (req: FastifyRequest) => {
    const q = (req.query ?? {}) as Record<string, string | undefined>;
    const id = q['target.id'];
    if (!id) throw badRequest('target.id is required');
    const order = findOrder(ctx, id);
    return listNotes(ctx.db, order.orderId);
  });

  app.get('/api/do/notes/:noteId', async (req: FastifyRequest) => {
    const { noteId = '' } = req.params as Record<string, string>;
    const note = getNote(ctx.db, noteId);
    if (!note) throw notFound(`Note ${noteId} not found`);
    return note;
  });
}
