import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { DeskErrorCode, DeskResult } from '../../preload/contract';
import { HEADER_CONTENT_SECURITY_POLICY } from './csp';
import { dispatch, statusOf, type DispatchErrorSink } from './dispatch';
import type { DeskEventSource } from './events';
import type { Handlers } from './handlers';
import { registerReportRoutes } from './report-routes';
import { registerSlipRoutes, type SlipRouteDeps } from './slip-routes';

export interface BrowserHostOptions {
  handlers: Handlers;
  events: DeskEventSource;
  /** The built renderer (out/renderer), served as the page. */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Fixed token (tests); a fresh random one per run otherwise. */
  token?: string;
  logger?: boolean;
  onError?: DispatchErrorSink;
  /** The slip page and PDF (issue 6) under /slips/; left out, there are none. */
  slips?: SlipRouteDeps;
}

export interface BrowserHost {
  app: FastifyInstance;
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  token: string;
  /** The address to open: the origin with the token, which the page keeps. */
  url: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-desk-token';

/**
 * The cookie the page's token is exchanged for. Cookies are shared by every port of a host name,
 * so the port is in the name: two hosts on one machine do not overwrite each other's.
 */
export const tokenCookieName = (port: number): string => `order-desk-token-${port}`;

/** The value of one cookie in a Cookie header (no decoding: the token is base64url). */
function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const fail = (code: DeskErrorCode, message: string): DeskResult<never> => ({
  ok: false,
  error: { code, message },
});

/**
 * Hashing first gives equal lengths, which timingSafeEqual needs, and keeps the comparison time
 * independent of how much of a guessed token is right.
 */
function sameToken(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The browser host: the same contract as Electron's IPC, for a browser on this machine.
 * - the page (out/renderer) is served openly: it holds no secret;
 * - the printed address carries the per-run token once: `/?token=` sets it as an HttpOnly,
 *   SameSite=Strict cookie and redirects to `/`, so the token leaves the address bar, the history
 *   and the page's scripts;
 * - POST /ipc/:channel (JSON payload), the /events WebSocket and /slips/ require the token: the
 *   cookie, or (for scripts and tests) the x-desk-token header / `?token=`;
 * - a browser request from a page of another origin (its `Origin` header) is refused, so another
 *   tab cannot drive the desk even where a cookie would be sent;
 * - only 127.0.0.1 is listened on, and a Host header other than our own address is refused, so a
 *   web page cannot reach the host through DNS rebinding.
 */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(opts.rendererDir);
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(
      `The page is not built: ${join(rendererDir, 'index.html')} is missing (run \`npm run build\`)`,
    );
  }
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    // On shutdown drop kept-alive and half-open connections too: nothing may hold the desk open.
    forceCloseConnections: true,
  });
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let cookieName = '';

  // Registered before the token check: its own onRequest hook marks upgrade requests, and only a
  // marked request gets its socket destroyed after a refusal (401) instead of left hanging open.
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  // A client may POST with no body (channels without parameters) or a loose content type: read the
  // text and parse it as JSON when there is any.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(
        Object.assign(new Error('The request body is not valid JSON'), { statusCode: 400 }),
        undefined,
      );
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, _req, reply) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) opts.onError?.(err, 'http');
    void reply.code(status).send(fail(status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', err.message));
  });
  app.setNotFoundHandler((req, reply) => {
    void reply
      .code(404)
      .send(fail('UNKNOWN_CHANNEL', `Nothing at ${req.method} ${req.url.split('?')[0] ?? ''}`));
  });

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return reply
        .code(403)
        .send(fail('FORBIDDEN', 'This host answers only at its own 127.0.0.1 address'));
    }
    const path = req.url.split('?')[0] ?? '';
    const query = req.query as Record<string, string | undefined>;
    // Browsers send Origin on every POST and WebSocket handshake; scripts and tests send none.
    const origin = firstHeader(req.headers.origin);
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return reply
        .code(403)
        .send(fail('FORBIDDEN', 'This host answers only to its own page, not to other sites'));
    }
    if (path === '/' && query.token !== undefined) {
      // The printed address: trade the token for the cookie and drop it from the address.
      if (!sameToken(query.token, token)) {
        return reply
          .code(401)
          .send(fail('UNAUTHORIZED', 'Wrong desk token: open the address the host printed'));
      }
      void reply.header('set-cookie', `${cookieName}=${token}; Path=/; HttpOnly; SameSite=Strict`);
      return reply.code(303).header('location', '/').send();
    }
    // Slips are opened as links (a new tab, a download), which cannot carry a header either.
    const queryToken =
      path === '/events' || path.startsWith('/slips/') || path.startsWith('/reports/');
    if (path.startsWith('/ipc/') || queryToken) {
      // A stale cookie (an earlier run on this port) must not hide a right header.
      const given = [
        cookieValue(firstHeader(req.headers.cookie), cookieName),
        queryToken ? query.token : firstHeader(req.headers[TOKEN_HEADER]),
      ];
      if (!given.some((g) => sameToken(g, token))) {
        return reply
          .code(401)
          .send(
            fail('UNAUTHORIZED', 'Missing or wrong desk token: open the address the host printed'),
          );
      }
    }
  });

  app.addHook('onSend', async (_req, reply, payload) => {
    void reply.header('content-security-policy', HEADER_CONTENT_SECURITY_POLICY);
    void reply.header('x-frame-options', 'DENY');
    void reply.header('x-content-type-options', 'nosniff');
    // The token travels in the page address: never hand it on in a Referer.
    void reply.header('referrer-policy', 'no-referrer');
    void reply.header('cache-control', 'no-store');
    return payload;
  });

  app.post<{ Params: { channel: string } }>('/ipc/:channel', async (req, reply) => {
    const result = await dispatch(opts.handlers, req.params.channel, req.body, opts.onError);
    return reply.code(result.ok ? 200 : statusOf(result.error.code)).send(result);
  });

  app.get('/events', { websocket: true }, (socket) => {
    const unsubscribe = opts.events.subscribe((event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    });
    socket.on('close', unsubscribe);
    socket.on('error', unsubscribe);
  });

  if (opts.slips) {
    registerSlipRoutes(app, opts.slips);
    registerReportRoutes(app, opts.slips);
  }

  await app.register(fastifyStatic, { root: rendererDir, index: ['index.html'] });

  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const port = (app.server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  cookieName = tokenCookieName(port);
  const origin = `http://127.0.0.1:${port}`;
  return {
    app,
    origin,
    port,
    token,
    url: `${origin}/?token=${token}`,
    close: () => app.close(),
  };
}
