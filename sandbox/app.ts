import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { omsError, resourcesFor } from '../vtex';
import { createContext, type SandboxContext, type SandboxOptions } from './context';
import { handleError } from './http/errors';
import { vtexTime } from './state/clock';
import { registerChangeRoutes, unauthorizedBody } from './routes/changes';
import { registerCheckoutRoutes } from './routes/checkout';
import { registerControlRoutes } from './routes/control';
import { registerFaults } from './routes/faults';
import { registerFeedRoutes } from './routes/feed';
import { registerHookRoutes } from './routes/hook';
import { registerNoteRoutes } from './routes/notes';
import { registerOrderRoutes } from './routes/orders';
import { registerRateLimit } from './routes/rate-limit';
import { adoptOrdersOnWrite, installWorkflow, seedInitialOrders } from './state/workflow';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated appKey of an /api request. */
    appKey: string | null;
    /** Set by a write route once it applied a write; recorded in the effect log. */
    effect: { orderId: string | null; changed: boolean } | null;
  }
  interface FastifyInstance {
    sandbox: SandboxContext;
  }
}

export type SandboxApp = FastifyInstance;

/** Called by every write route after it applied its write (see EffectLog). */
export function markEffect(req: FastifyRequest, orderId: string | null, changed = true): void {
  req.effect = { orderId, changed };
}

export function isLoopback(addr: string | undefined): boolean {
  return !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));
}

/**
 * Builds the sandbox without listening (Fastify's `buildApp` pattern): tests call `inject()`,
 * `server.ts` listens on 127.0.0.1.
 */
export async function buildApp(opts: SandboxOptions = {}): Promise<SandboxApp> {
  const ctx = createContext(opts);
  installWorkflow(ctx);
  seedInitialOrders(ctx);
  const app = Fastify({
    logger: ctx.options.logger,
    // VTEX ids and JSONata documents can be long; bodies up to 10 MiB like a real gateway.
    bodyLimit: 10 * 1024 * 1024,
    return503OnClosing: false,
  });
  app.decorate('sandbox', ctx);
  app.decorateRequest('appKey', null);
  app.decorateRequest('effect', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send(omsError('404', `No route for ${req.method} ${req.url.split('?')[0]}`));
  });

  // Clients send POSTs without a body (start-handling, payment-notification) and sometimes with a
  // wrong or missing content type: parse whatever text comes as JSON when it is JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      const err = new Error('The request body is not valid JSON') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });

  // Faults first: an outage or a reset must hit before anything else runs.
  registerFaults(app, ctx);

  app.addHook('onRequest', async (req, reply) => {
    if (req.url.startsWith('/_sandbox')) {
      if (!isLoopback(req.socket.remoteAddress)) {
        return reply.code(403).send(omsError('403', 'The control API answers on loopback only'));
      }
      return;
    }
    if (!req.url.startsWith('/api/')) return;
    const key = req.headers['x-vtex-api-appkey'];
    const token = req.headers['x-vtex-api-apptoken'];
    const k = Array.isArray(key) ? key[0] : key;
    const t = Array.isArray(token) ? token[0] : token;
    if (!ctx.accounts.verify(k, t)) {
      return reply.code(401).send(unauthorizedBody(req.url));
    }
    req.appKey = k ?? null;
    const needed = resourcesFor(req.method, req.url);
    if (k && needed && !ctx.accounts.holdsAny(k, needed)) {
      // VTEX answers a key without the endpoint's License Manager resource with 403; the body
      // does not name the resource (the OpenAPI's permission tables do).
      return reply.code(403).send(omsError('403', 'Forbidden'));
    }
  });

  registerRateLimit(app, ctx);

  app.addHook('onSend', async (req, reply, payload) => {
    if (req.effect && reply.statusCode < 400) {
      ctx.effects.record({
        at: vtexTime(ctx.clock.now()),
        method: req.method,
        path: req.url.split('?')[0] ?? req.url,
        orderId: req.effect.orderId,
        appKey: req.appKey,
        status: reply.statusCode,
        changed: req.effect.changed,
        body: req.body ?? null,
      });
    }
    return payload;
  });

  adoptOrdersOnWrite(app, ctx);
  registerOrderRoutes(app, ctx);
  registerFeedRoutes(app, ctx);
  registerHookRoutes(app, ctx);
  registerNoteRoutes(app, ctx);
  registerChangeRoutes(app, ctx);
  registerCheckoutRoutes(app, ctx);
  registerControlRoutes(app, ctx);

  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  app.addHook('onReady', async () => {
    await ctx.tick();
    if (ctx.options.tickIntervalMs > 0) {
      timer = setInterval(() => {
        if (ticking) return;
        ticking = true;
        ctx
          .tick()
          .catch((err: unknown) => app.log.error({ err }, 'sandbox tick failed'))
          .finally(() => (ticking = false));
      }, ctx.options.tickIntervalMs);
      timer.unref();
    }
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    for (const d of ctx.disposers) await d();
    ctx.db.close();
  });
  return app;
}
