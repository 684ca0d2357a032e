import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { omsError, RULES, type RuleViolation } from '../../vtex';

/**
 * An error with the exact status and body VTEX answers with. Routes throw these; the app's error
 * handler sends them unchanged.
 */
export class VtexHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(
      typeof body === 'object' && body && 'error' in body ? JSON.stringify(body) : `HTTP ${status}`,
    );
  }
}

/** OMS-style error: `{"error":{"code","message","exception":null}}`. */
export function oms(status: number, code: string, message: string): VtexHttpError {
  return new VtexHttpError(status, omsError(code, message));
}

export function badRequest(message: string): VtexHttpError {
  return oms(400, '400', message);
}

export function notFound(message: string): VtexHttpError {
  return oms(404, '404', message);
}

export function orderNotFound(orderId: string): VtexHttpError {
  return oms(404, '404', `Order ${orderId} not found`);
}

export function ruleError(v: RuleViolation): VtexHttpError {
  const r = RULES[v.code];
  return oms(r.http, r.vtexCode, v.message);
}

/** RFC 9110 problem JSON, as the order-system (change v2) endpoints answer. */
export function problem(
  status: number,
  title: string,
  detail?: string,
  type?: string,
): VtexHttpError {
  return new VtexHttpError(status, {
    type: type ?? `https://httpstatuses.io/${status}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    traceId: Math.random().toString(16).slice(2).padEnd(16, '0').slice(0, 16),
  });
}

/** Human-readable summary of a zod error: `path: message; path: message`. */
export function zodMessage(e: ZodError): string {
  return e.issues
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

/**
 * The single error handler: bad input is always a 400 with a clear message, never a 500 (issue 2).
 */
export function handleError(err: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const problemRoute = req.url.startsWith('/api/order-system');
  if (err instanceof VtexHttpError) {
    void reply.code(err.status).headers(err.headers).send(err.body);
    return;
  }
  if (err instanceof ZodError) {
    const msg = zodMessage(err);
    void reply
      .code(400)
      .send(problemRoute ? problem(400, 'Bad Request', msg).body : omsError('400', msg));
    return;
  }
  const fe = err as { statusCode?: number; message?: string; code?: string };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const msg = fe.message ?? 'Bad request';
    void reply
      .code(fe.statusCode)
      .send(
        problemRoute
          ? problem(fe.statusCode, 'Bad Request', msg).body
          : omsError(String(fe.statusCode), msg),
      );
    return;
  }
  req.log.error({ err }, 'unhandled sandbox error');
  void reply
    .code(500)
    .send(omsError('500', 'Internal error in the sandbox', String(fe.message ?? err)));
}
