import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  FeedCommitRequest,
  FeedConfigRequest,
  FROM_ORDERS,
  FROM_WORKFLOW,
  MAXLOT_MAX,
  OMS_CODES,
  RETENTION_MAX_SECONDS,
  RETENTION_MIN_SECONDS,
  VISIBILITY_MAX_SECONDS,
  type FeedFilter,
} from '../../vtex';
import { markEffect } from '../app';
import type { SandboxContext } from '../context';
import { badRequest, notFound, oms } from '../http/errors';
import { compileExpression, jsonataTruth, type EventFilter } from '../state/event-filter';

/**
 * Feed v3 (`/api/orders/feed`, `/api/orders/feed/config`), the JSONata test endpoint and the
 * deprecated feed v2 (`/api/oms/pvt/feed/orders/status`). Digest §2.
 */

export function appKeyOf(req: FastifyRequest): string {
  // The auth hook sets it on every /api request; without it the request never got here.
  if (!req.appKey) throw oms(401, OMS_CODES.unauthorized.code, OMS_CODES.unauthorized.message);
  return req.appKey;
}

function jsonataMessage(err: unknown): string {
  const e = err as { message?: string; code?: string; position?: number };
  const where = typeof e.position === 'number' ? ` at position ${e.position}` : '';
  return `${e.message ?? String(err)}${e.code ? ` (${e.code}${where})` : ''}`;
}

/**
 * Validates a feed or hook filter (the object is identical for both, digest §3). Mixing the
 * FromWorkflow field (`status`) with the FromOrders fields (`expression`, `disableSingleFire`) is a
 * 409, as VTEX answers; a missing or invalid expression is a 400 with JSONata's message.
 */
export function parseFilter(f: FeedFilter): EventFilter {
  const has = (v: unknown) => v !== undefined && v !== null;
  if (f.type === FROM_WORKFLOW) {
    if (has(f.expression) || has(f.disableSingleFire)) {
      throw oms(
        409,
        '409',
        'A FromWorkflow filter takes only "status"; "expression" and "disableSingleFire" belong to FromOrders',
      );
    }
    return { type: FROM_WORKFLOW, status: f.status ?? [] };
  }
  if (has(f.status)) {
    throw oms(
      409,
      '409',
      'A FromOrders filter takes "expression" and "disableSingleFire"; "status" belongs to FromWorkflow',
    );
  }
  if (!f.expression || f.expression.trim() === '') {
    throw badRequest(
      'filter.expression (a JSONata expression) is required when filter.type is FromOrders',
    );
  }
  try {
    compileExpression(f.expression);
  } catch (err) {
    throw badRequest(`filter.expression is not a valid JSONata expression: ${jsonataMessage(err)}`);
  }
  return {
    type: FROM_ORDERS,
    expression: f.expression,
    disableSingleFire: f.disableSingleFire ?? false,
  };
}

/** `maxlot` is marked required but VTEX's own boilerplate omits it and assumes 10 (digest §2 ∅). */
export function parseMaxLot(raw: unknown, name: string): number {
  if (raw === undefined) return MAXLOT_MAX;
  const text = typeof raw === 'string' ? raw.trim() : '';
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAXLOT_MAX) {
    throw badRequest(
      `${name} must be an integer from 1 to ${MAXLOT_MAX}, got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

function queryParam(req: FastifyRequest, ...names: string[]): unknown {
  const q = req.query as Record<string, unknown>;
  for (const n of names) if (q[n] !== undefined) return q[n];
  return undefined;
}

const JsonataTestRequest = z.object({
  Expression: z.string({ error: 'Expression must be a string with a JSONata expression' }),
  // The OpenAPI types Document as a string holding JSON; an inline object is accepted as well.
  Document: z.union([z.string(), z.record(z.string(), z.unknown()), z.array(z.unknown())], {
    error: 'Document must be a string holding the JSON document',
  }),
});

const LegacyConfirmRequest = z
  .array(z.looseObject({ commitToken: z.string().min(1) }))
  .min(1, 'at least one {"commitToken"} is required');

export function registerFeedRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/orders/feed/config', async (req) => {
    const view = ctx.feed.getConfig(appKeyOf(req));
    if (!view) throw notFound('There is no feed configuration for this appKey');
    return view;
  });

  app.post('/api/orders/feed/config', async (req, reply) => {
    const appKey = appKeyOf(req);
    const body = FeedConfigRequest.parse(req.body);
    const filter = parseFilter(body.filter);
    const { visibilityTimeoutInSeconds: vis, MessageRetentionPeriodInSeconds: ret } = body.queue;
    if (vis < 1 || vis > VISIBILITY_MAX_SECONDS) {
      throw badRequest(
        `queue.visibilityTimeoutInSeconds must be from 1 to ${VISIBILITY_MAX_SECONDS} seconds, got ${vis}`,
      );
    }
    if (ret < RETENTION_MIN_SECONDS || ret > RETENTION_MAX_SECONDS) {
      throw badRequest(
        `queue.MessageRetentionPeriodInSeconds must be from ${RETENTION_MIN_SECONDS} (4 days) to ${RETENTION_MAX_SECONDS} (14 days) seconds, got ${ret}`,
      );
    }
    ctx.feed.configure(appKey, {
      filter,
      queue: { visibilityTimeoutInSeconds: vis, MessageRetentionPeriodInSeconds: ret },
    });
    markEffect(req, null);
    return reply.code(200).send();
  });

  app.delete('/api/orders/feed/config', async (req, reply) => {
    if (!ctx.feed.deleteConfig(appKeyOf(req)))
      throw notFound('There is no feed configuration for this appKey');
    markEffect(req, null);
    return reply.code(200).send();
  });

  app.get('/api/orders/feed', async (req, reply) => {
    const max = parseMaxLot(queryParam(req, 'maxlot', 'maxLot'), 'maxlot');
    // Already JSON text: every desk polls this route, so the items are not parsed and serialised again.
    const items = ctx.feed.receiveJson(appKeyOf(req), max);
    if (items === null) throw notFound('There is no feed configuration for this appKey');
    return reply.type('application/json; charset=utf-8').send(items);
  });

  app.post('/api/orders/feed', async (req, reply) => {
    const appKey = appKeyOf(req);
    const { handles } = FeedCommitRequest.parse(req.body);
    // Unknown, expired and superseded handles are skipped without error (∅ in VTEX's docs; see
    // FeedStore.commit), so the answer is 200 whenever the body is well formed.
    const deleted = ctx.feed.commit(appKey, handles);
    if (deleted === null) throw notFound('There is no feed configuration for this appKey');
    markEffect(req, null, deleted > 0);
    return reply.code(200).send();
  });

  app.post('/api/orders/expressions/jsonata', async (req, reply) => {
    const body = JsonataTestRequest.parse(req.body);
    let doc: unknown = body.Document;
    if (typeof body.Document === 'string') {
      try {
        doc = JSON.parse(body.Document);
      } catch (err) {
        throw badRequest(`Document is not valid JSON: ${(err as Error).message}`);
      }
    }
    let expr: ReturnType<typeof compileExpression>;
    try {
      expr = compileExpression(body.Expression);
    } catch (err) {
      throw badRequest(`Expression is not a valid JSONata expression: ${jsonataMessage(err)}`);
    }
    let result: unknown;
    try {
      result = (await expr.evaluate(doc)) as unknown;
    } catch (err) {
      throw badRequest(`The JSONata expression failed on this document: ${jsonataMessage(err)}`);
    }
    // VTEX answers a bare JSON boolean.
    return reply.type('application/json').send(JSON.stringify(jsonataTruth(result)));
  });

  // ---- feed v2 (deprecated) ------------------------------------------------------------------

  app.get('/api/oms/pvt/feed/orders/status', async (req) => {
    const max = parseMaxLot(queryParam(req, 'maxLot', 'maxlot'), 'maxLot');
    return ctx.feed.legacy.receive(appKeyOf(req), max);
  });

  // Not in the current OpenAPI, but VTEX's v2 docs pair the read with this confirmation, and
  // without it a v2 consumer could never move past its first items.
  app.post('/api/oms/pvt/feed/orders/status/confirm', async (req, reply) => {
    const appKey = appKeyOf(req);
    const parsed = LegacyConfirmRequest.safeParse(req.body);
    if (!parsed.success) {
      throw badRequest('The body must be a non-empty array of {"commitToken": "…"}');
    }
    const n = ctx.feed.legacy.confirm(
      appKey,
      parsed.data.map((t) => t.commitToken),
    );
    markEffect(req, null, n > 0);
    return reply.code(200).send();
  });
}
