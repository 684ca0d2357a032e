import type { AddressInfo } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { omsError } from '../../vtex';
import type { SandboxContext } from '../context';
import { badRequest, notFound } from '../http/errors';
import { FaultSpecError, type OutageController } from '../state/faults';

/**
 * Applies ctx.faults to requests. app.ts registers this first, so an outage or a reset hits
 * before authentication, the rate limit or any route runs. Nothing here touches /_sandbox/
 * routes except the outage, which refuses every connection (that is what an outage is).
 */
export function registerFaults(app: FastifyInstance, ctx: SandboxContext): void {
  const faults = ctx.faults;
  const outage = createOutageController(app, () => faults.outageExpired());
  faults.attachOutageController(outage.controller);
  faults.onFeedDelivery((d) => ctx.feed.setDelivery(d));

  // An outage given at start (CLI --fault outage:…) begins once the server listens.
  app.addHook('onListen', async () => {
    const o = faults.outage();
    if (o) outage.controller.start(o.untilMs);
  });
  app.addHook('preClose', async () => outage.dispose());

  /** Requests whose response must be dropped after the write was applied and recorded. */
  const dropAfterSend = new WeakSet<FastifyRequest>();

  app.addHook('onRequest', async (req, reply) => {
    if (outage.refusing()) {
      // A request on a keep-alive connection opened before the outage: the server is "down".
      dropConnection(reply);
      return;
    }
    const path = req.url.split('?')[0] ?? req.url;
    const sandboxRoute = path === '/_sandbox' || path.startsWith('/_sandbox/');
    const o = faults.outage();
    if (o && !sandboxRoute) {
      // Not listening (inject()): there is no socket to refuse, so answer like a gateway would.
      const seconds = Math.max(1, Math.ceil((o.untilMs - Date.now()) / 1000));
      return reply
        .code(503)
        .headers({ 'retry-after': String(seconds), 'x-sandbox-fault': 'outage' })
        .send(omsError('503', 'Service Unavailable'));
    }
    if (sandboxRoute) return;

    const decision = faults.decide(req.method, path);
    if (!decision) return;
    if (decision.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
    const action = decision.action;
    if (!action) return;
    switch (action.kind) {
      case 'error':
        return reply.code(action.status).header('x-sandbox-fault', 'error').send(action.body);
      case 'rate429':
        return reply
          .code(429)
          .headers({
            'retry-after': String(action.retryAfterSeconds),
            'x-sandbox-fault': 'rate429',
          })
          .send(
            omsError('429', `Too many requests. Retry after ${action.retryAfterSeconds} seconds`),
          );
      case 'reset':
        dropConnection(reply);
        return;
      case 'applyThenDrop':
        dropAfterSend.add(req);
        return;
    }
  });

  // Route-level onSend hooks run after every instance-level one, in particular after app.ts's
  // effect-recording hook, so the write is in the effect log before the connection is dropped.
  app.addHook('onRoute', (route) => {
    const own =
      route.onSend === undefined ? [] : Array.isArray(route.onSend) ? route.onSend : [route.onSend];
    route.onSend = [
      ...own,
      async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
        if (!dropAfterSend.has(req)) return payload;
        reply.raw.destroy();
        // Never settles: Fastify must not write the response to the dead connection.
        return new Promise<never>(() => {});
      },
    ];
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    // While refusing connections, do not keep any alive (the reply that started the outage included).
    if (outage.refusing()) reply.header('connection', 'close');
    return payload;
  });

  // ---- control API -------------------------------------------------------------------------------

  app.get('/_sandbox/faults', async () => ({
    rules: faults.list(),
    outage: faults.outage(),
    feedDelivery: faults.feedDelivery(),
  }));

  app.post('/_sandbox/faults', async (req, reply) => {
    try {
      const added = faults.add(req.body ?? null);
      return reply.code(201).send(added);
    } catch (e) {
      if (e instanceof FaultSpecError) throw badRequest(e.message);
      throw e;
    }
  });

  app.delete('/_sandbox/faults', async () => {
    await faults.clear();
    return { ok: true };
  });

  app.delete('/_sandbox/faults/:id', async (req) => {
    const { id } = z.object({ id: z.string().min(1) }).parse(req.params);
    if (!faults.remove(id)) throw notFound(`No fault rule with id ${id}`);
    return { ok: true };
  });

  app.post('/_sandbox/faults/outage/end', async () => {
    await faults.endOutage();
    return { ok: true };
  });
}

/** Ends the exchange without a response: the client sees the connection closed (ECONNRESET). */
function dropConnection(reply: FastifyReply): void {
  reply.hijack();
  reply.raw.destroy();
}

/**
 * Stops and resumes accepting connections on the same port. Closing the listening socket makes
 * new connections fail with ECONNREFUSED, which is what a down VTEX gateway looks like to the desk.
 */
function createOutageController(app: FastifyInstance, expired: () => void) {
  let closedAt: { port: number; host: string } | null = null;
  let timer: NodeJS.Timeout | null = null;
  let disposed = false;

  const listenAgain = async (): Promise<void> => {
    const addr = closedAt;
    if (!addr || disposed) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await new Promise<void>((resolve, reject) => {
          const onError = (err: Error) => reject(err);
          app.server.once('error', onError);
          app.server.listen({ port: addr.port, host: addr.host }, () => {
            app.server.off('error', onError);
            resolve();
          });
        });
        closedAt = null;
        return;
      } catch (err) {
        // The port is briefly busy (another process grabbed it): retry for a few seconds.
        if (attempt >= 50 || disposed) {
          app.log.error({ err }, 'sandbox: could not listen again after the outage');
          closedAt = null;
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  const clearTimer = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };

  const controller: OutageController = {
    start(untilMs) {
      clearTimer();
      if (disposed) return;
      if (!closedAt) {
        if (!app.server.listening) return; // inject(): the hook answers 503 until the outage expires
        const a = app.server.address() as AddressInfo;
        closedAt = { port: a.port, host: a.address };
        app.server.close();
        app.server.closeIdleConnections();
      }
      // Deliberately not unref'd: while refusing connections this timer is what keeps the CLI alive.
      timer = setTimeout(
        () => {
          timer = null;
          void listenAgain().then(expired);
        },
        Math.max(0, untilMs - Date.now()),
      );
    },
    async end() {
      clearTimer();
      await listenAgain();
    },
  };

  return {
    controller,
    refusing: () => closedAt !== null,
    dispose() {
      disposed = true;
      clearTimer();
      closedAt = null;
    },
  };
}
