import type { FastifyInstance } from 'fastify';
import { HookConfigRequest } from '../../vtex';
import { markEffect } from '../app';
import type { SandboxContext } from '../context';
import { badRequest, notFound } from '../http/errors';
import { appKeyOf, parseFilter } from './feed';

/** `/api/orders/hook/config` (digest §3). Deliveries themselves live in state/hook.ts. */

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * VTEX accepts https only. The sandbox also accepts plain http to the loopback interface, where
 * tests and desks in demo mode run their hook endpoints.
 */
export function checkHookUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw badRequest(`hook.url is not a valid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol === 'https:') return raw;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return raw;
  throw badRequest('Only https scheme is accepted');
}

export function registerHookRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  app.get('/api/orders/hook/config', async (req) => {
    const cfg = ctx.hooks.getConfig(appKeyOf(req));
    if (!cfg) throw notFound('There is no hook configuration for this appKey');
    return cfg;
  });

  app.post('/api/orders/hook/config', async (req, reply) => {
    const appKey = appKeyOf(req);
    const body = HookConfigRequest.parse(req.body);
    const filter = parseFilter(body.filter);
    const url = checkHookUrl(body.hook.url);
    const headers = body.hook.headers ?? {};
    // VTEX pings the endpoint before saving; any answer but 200 refuses the configuration.
    const ping = await ctx.hooks.ping(url, headers);
    if (!ping.ok) throw badRequest(`Unable to check address: ${ping.reason}`);
    ctx.hooks.configure(appKey, { filter, hook: { url, headers } });
    markEffect(req, null);
    return reply.code(200).send();
  });

  app.delete('/api/orders/hook/config', async (req, reply) => {
    if (!ctx.hooks.deleteConfig(appKeyOf(req)))
      throw notFound('There is no hook configuration for this appKey');
    markEffect(req, null);
    return reply.code(200).send();
  });
}
