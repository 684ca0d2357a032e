import { OmsErrorBody, ProblemJson } from '../../../vtex';

/** Stable codes of every failure the VTEX client reports (also listed in main/core/errors.ts). */
export const VTEX_CLIENT_ERROR_CODES = [
  'VTEX_UNAUTHORIZED',
  'VTEX_FORBIDDEN',
  'VTEX_NOT_FOUND',
  'VTEX_CONFLICT',
  'VTEX_RATE_LIMITED',
  'VTEX_SERVER',
  'VTEX_NETWORK',
  'VTEX_TIMEOUT',
  'VTEX_BAD_RESPONSE',
  'VTEX_REJECTED',
] as const;
export type VtexClientErrorCode = (typeof VTEX_CLIENT_ERROR_CODES)[number];

export interface VtexClientErrorInit {
  code: VtexClientErrorCode;
  message: string;
  status?: number;
  vtexCode?: string;
  ambiguous?: boolean;
  retryAfterMs?: number;
  method?: string;
  path?: string;
  cause?: unknown;
}

/**
 * A failed VTEX call, classified. `ambiguous` means the request may have been applied even though
 * no success reached us (timeout or reset after sending, or a server error): the outbox must
 * re-read the order before it repeats such a write. `retryable` says whether the same request can
 * succeed later without any change (network, timeout, 408, 429, 5xx).
 */
export class VtexClientError extends Error {
  readonly code: VtexClientErrorCode;
  readonly status: number | undefined;
  readonly vtexCode: string | undefined;
  readonly ambiguous: boolean;
  readonly retryAfterMs: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;

  constructor(init: VtexClientErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'VtexClientError';
    this.code = init.code;
    this.status = init.status;
    this.vtexCode = init.vtexCode;
    this.ambiguous = init.ambiguous ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.method = init.method;
    this.path = init.path;
  }

  get retryable(): boolean {
    return (
      this.code === 'VTEX_NETWORK' ||
      this.code === 'VTEX_TIMEOUT' ||
      this.code === 'VTEX_RATE_LIMITED' ||
      this.code === 'VTEX_SERVER'
    );
  }

  /** A plain object for logs and events (no stack, no request body, never credentials). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      vtexCode: this.vtexCode,
      ambiguous: this.ambiguous,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      method: this.method,
      path: this.path,
    };
  }
}

export function isVtexClientError(e: unknown): e is VtexClientError {
  return e instanceof VtexClientError;
}

/** The HTTP status → code table. */
export function codeForStatus(status: number): VtexClientErrorCode {
  if (status === 401) return 'VTEX_UNAUTHORIZED';
  if (status === 403) return 'VTEX_FORBIDDEN';
  if (status === 404) return 'VTEX_NOT_FOUND';
  if (status === 408) return 'VTEX_TIMEOUT';
  if (status === 409) return 'VTEX_CONFLICT';
  if (status === 429) return 'VTEX_RATE_LIMITED';
  if (status >= 500) return 'VTEX_SERVER';
  return 'VTEX_REJECTED';
}

/**
 * Whether a request answered with `status` may still have been applied. A 5xx may come after the
 * write was stored (a gateway timing out behind VTEX), except 503, which by definition means the
 * server did not take the request on.
 */
export function statusIsAmbiguous(status: number): boolean {
  return status >= 500 && status !== 503;
}

/** Pulls VTEX's own error code and message out of an OMS or RFC 9110 error body. */
export function describeErrorBody(body: unknown): { vtexCode?: string; message?: string } {
  const oms = OmsErrorBody.safeParse(body);
  if (oms.success) {
    return {
      vtexCode: oms.data.error.code,
      ...(oms.data.error.message ? { message: oms.data.error.message } : {}),
    };
  }
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const p = ProblemJson.safeParse(body);
    if (p.success && (p.data.title || p.data.detail)) {
      return { message: [p.data.title, p.data.detail].filter(Boolean).join(': ') };
    }
    const o = body as Record<string, unknown>;
    const m = o.message ?? o.Message;
    const c = o.code ?? o.Code;
    return {
      ...(typeof c === 'string' || typeof c === 'number' ? { vtexCode: String(c) } : {}),
      ...(typeof m === 'string' ? { message: m } : {}),
    };
  }
  if (typeof body === 'string' && body.trim() !== '') return { message: body.trim().slice(0, 300) };
  return {};
}

/** Network-level failure codes (undici / Node) that mean the request never left this machine. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_INVALID_URL',
]);

/** The innermost `code` of an undici/Node error chain (`fetch failed` wraps the socket error). */
export function networkCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a network error proves the request was never sent (so it cannot have been applied). */
export function networkErrorNotSent(err: unknown): boolean {
  const code = networkCode(err);
  return code !== undefined && NOT_SENT_CODES.has(code);
}
