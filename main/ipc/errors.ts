import { isDeskErrorCode, type DeskErrorCode, type DeskFailure } from '../../preload/contract';
import { DESK_ERRORS, DeskError } from '../core/errors';
import { ActionRefusedError, type Refusal } from '../core/outbox';
import { isVtexClientError } from '../core/vtex/errors';

/**
 * How a failed call leaves main: one stable code and a sentence for the person at the desk, never
 * a stack trace. Handlers throw; `toFailure` turns what they threw into the DeskResult's error.
 */

/** A refusal with a message about this very case (the table's message is the general form). */
export class IpcRefusal extends Error {
  override readonly name = 'IpcRefusal';
  constructor(
    readonly code: DeskErrorCode,
    message?: string,
    readonly fields?: { path: string; message: string }[],
  ) {
    super(message ?? messageOf(code));
  }
}

export function messageOf(code: DeskErrorCode): string {
  return (DESK_ERRORS as Record<string, { message: string } | undefined>)[code]?.message ?? code;
}

/** Throws the outbox's refusal (queue, retry, edit, discard) as the call's failure. */
export function refused(r: Refusal): never {
  throw new IpcRefusal(isDeskErrorCode(r.code) ? r.code : 'VTEX_REJECTED', r.message);
}

/** The failure of a call, or null for an unexpected error (a bug: INTERNAL, and logged). */
export function toFailure(err: unknown): DeskFailure | null {
  if (err instanceof IpcRefusal) {
    return {
      code: err.code,
      message: err.message,
      ...(err.fields && err.fields.length > 0 ? { fields: err.fields } : {}),
    };
  }
  if (err instanceof ActionRefusedError) {
    const code = isDeskErrorCode(err.code) ? err.code : 'VTEX_REJECTED';
    return { code, message: err.refusal.message };
  }
  if (err instanceof DeskError) {
    const code = isDeskErrorCode(err.code) ? err.code : 'INTERNAL';
    // The detail is technical (a path, a field list); it helps the person fix settings, so it
    // is kept, after the sentence from the table.
    return { code, message: err.detail ? `${err.userMessage} (${err.detail})` : err.userMessage };
  }
  if (isVtexClientError(err)) {
    const offline = err.code === 'VTEX_NETWORK' || err.code === 'VTEX_TIMEOUT';
    const code: DeskErrorCode = offline ? 'OFFLINE' : err.code;
    const detail = !offline && err.message ? ` (${err.message})` : '';
    return { code, message: `${messageOf(code)}${detail}` };
  }
  return null;
}

/** HTTP status of a failure in the browser host (the JSON body carries the code either way). */
export function statusOf(code: DeskErrorCode): number {
  switch (code) {
    case 'BAD_REQUEST':
      return 400;
    case 'UNAUTHORIZED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'UNKNOWN_CHANNEL':
    case 'ORDER_NOT_FOUND':
    case 'ORDER_NOT_IN_CACHE':
    case 'ACTION_NOT_FOUND':
    case 'PRINT_ORDER_NOT_FOUND':
    case 'PRINT_INVOICE_NOT_FOUND':
    case 'PRINT_JOB_NOT_FOUND':
      return 404;
    case 'INTERNAL':
      return 500;
    case 'UNREACHABLE':
    case 'DESK_UNAVAILABLE':
    case 'OFFLINE':
    case 'PRINT_UNAVAILABLE':
      return 503;
    case 'VTEX_SERVER':
    case 'VTEX_BAD_RESPONSE':
    case 'VTEX_RATE_LIMITED':
      return 502;
    default:
      // Understood and refused: a rule, a conflict, a missing operator, bad settings.
      return 422;
  }
}
