import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ChangeCancelBody, OMS_CODES, omsError } from '../../vtex';
import { markEffect } from '../app';
import type { SandboxContext } from '../context';
import {
  cancelChange,
  changeDetail,
  getChange,
  getChangeSettings,
  installChangeFlow,
  listChanges,
  plainProblem,
  previewChange,
  putChangeSettings,
  requestChange,
  retryChange,
  rfc9110Type,
} from '../state/changes';
import { problem } from '../http/errors';

/**
 * The order-system change API, "order modifications" (digest §4.5). Every route names the account
 * with `?an=` or `?accountName=` (the OpenAPI uses both); errors are RFC 9110 problem JSON.
 */

type Params = Record<string, string>;

/** Routes whose errors, 401 included, are RFC 9110 problem JSON rather than OMS error bodies. */
export function answersProblemJson(url: string): boolean {
  return (
    url.startsWith('/api/order-system/') ||
    /^\/api\/orders\/pvt\/document\/[^/?]+\/change-summary/.test(url)
  );
}

/** The 401 body for a request without valid credentials (used by the auth hook in app.ts). */
export function unauthorizedBody(url: string): unknown {
  return answersProblemJson(url)
    ? problem(401, 'Unauthorized', undefined, rfc9110Type(401)).body
    : omsError(OMS_CODES.unauthorized.code, OMS_CODES.unauthorized.message);
}

/** The account query parameter is required and must be this sandbox's account. */
function checkAccount(req: FastifyRequest, ctx: SandboxContext): void {
  const q = (req.query ?? {}) as Record<string, unknown>;
  const raw = q.an ?? q.accountName;
  const an = Array.isArray(raw) ? raw[0] : raw;
  if (typeof an !== 'string' || an.trim() === '') {
    throw plainProblem(
      400,
      'Bad Request',
      'The query parameter an (or accountName) with the VTEX account name is required.',
    );
  }
  if (an.trim().toLowerCase() !== ctx.options.accountName.toLowerCase()) {
    throw plainProblem(
      400,
      'Bad Request',
      `The account "${an}" is not this sandbox's account; use an=${ctx.options.accountName}.`,
    );
  }
}

export function registerChangeRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  installChangeFlow(ctx);
  const p = (req: FastifyRequest) => req.params as Params;

  app.get('/api/order-system/orders/changes/settings', async (req) => {
    checkAccount(req, ctx);
    return getChangeSettings(ctx);
  });

  app.put('/api/order-system/orders/changes/settings', async (req) => {
    checkAccount(req, ctx);
    const settings = putChangeSettings(ctx, req.body);
    markEffect(req, null);
    return settings;
  });

  app.patch('/api/order-system/orders/:changeOrderId/changes', async (req, reply) => {
    checkAccount(req, ctx);
    const r = requestChange(ctx, p(req).changeOrderId ?? '', req.body);
    markEffect(req, r.orderId);
    return reply.code(202).send({ requestId: r.requestId, workflowId: r.workflowId, ...r.view });
  });

  app.post('/api/order-system/orders/:changeOrderId/changes/preview', async (req) => {
    checkAccount(req, ctx);
    return previewChange(ctx, p(req).changeOrderId ?? '', req.body);
  });

  app.get('/api/order-system/orders/:changeOrderId/changes', async (req) => {
    checkAccount(req, ctx);
    const records = listChanges(ctx, p(req).changeOrderId ?? '');
    // `actions` is documented only as a list of objects (∅); the sandbox has none to report.
    return { requests: records.map(changeDetail), actions: [] };
  });

  app.get('/api/order-system/orders/:changeOrderId/changes/:changeRequestId', async (req) => {
    checkAccount(req, ctx);
    const { changeOrderId = '', changeRequestId = '' } = p(req);
    return changeDetail(getChange(ctx, changeOrderId, changeRequestId));
  });

  app.post(
    '/api/order-system/orders/:changeOrderId/changes/:changeRequestId/retry',
    async (req, reply) => {
      checkAccount(req, ctx);
      const { changeOrderId = '', changeRequestId = '' } = p(req);
      const changed = retryChange(ctx, changeOrderId, changeRequestId);
      markEffect(req, getChange(ctx, changeOrderId, changeRequestId).orderId, changed);
      return reply.code(204).send();
    },
  );

  app.post(
    '/api/order-system/orders/:changeOrderId/changes/:changeRequestId/cancel',
    async (req, reply) => {
      checkAccount(req, ctx);
      const { changeOrderId = '', changeRequestId = '' } = p(req);
      const { reason } = ChangeCancelBody.parse(req.body);
      const changed = cancelChange(ctx, changeOrderId, changeRequestId, reason);
      markEffect(req, getChange(ctx, changeOrderId, changeRequestId).orderId, changed);
      return reply.code(200).send();
    },
  );
}
