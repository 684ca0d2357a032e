import { contract, describeIssues, isChannel } from '../../preload/contract';
import type { DeskResult } from '../../preload/contract';
import { toFailure } from './errors';
import type { Handlers } from './handlers';

/** HTTP status of each failure code (the browser host answers with it; IPC ignores it). */
export { statusOf } from './errors';

export type DispatchErrorSink = (err: unknown, channel: string) => void;

/**
 * Runs one call of the contract from an untrusted caller: refuses unknown channels, validates the
 * payload with the channel's schema, runs the handler and checks its answer against the response
 * schema too, so a handler bug surfaces here and not as a confusing screen.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  payload: unknown,
  onError: DispatchErrorSink = () => {},
): Promise<DeskResult<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel "${channel.slice(0, 80)}"` },
    };
  }
  const spec = contract[channel];
  const parsed = spec.request.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: `Invalid payload for ${channel}: ${describeIssues(parsed.error)}`,
      },
    };
  }
  // The channel/handler pair is correlated, which TypeScript cannot follow through an index.
  const handler = handlers[channel] as (payload: unknown) => unknown;
  let result: unknown;
  try {
    result = await handler(parsed.data);
  } catch (err) {
    // An expected refusal (a rule, no operator, offline) is the answer, not a fault to log.
    const failure = toFailure(err);
    if (failure) return { ok: false, error: failure };
    onError(err, channel);
    const detail = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `The desk could not complete ${channel}: ${detail}` },
    };
  }
  const checked = spec.response.safeParse(result);
  if (!checked.success) {
    onError(checked.error, channel);
    return {
      ok: false,
      error: {
        code: 'INTERNAL',
        message: `The desk produced an invalid answer for ${channel}: ${describeIssues(checked.error)}`,
      },
    };
  }
  return { ok: true, data: checked.data };
}
