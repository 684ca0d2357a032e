import { z } from 'zod';
import type { VtexClient } from '../vtex/client';
import { VtexClientError, codeForStatus, networkErrorNotSent } from '../vtex/errors';
import type { InteractionLike } from './effects';

/**
 * What the sync engine needs from VTEX: the client's order read and its write methods (which the
 * client never retries by itself: repeating a write is the engine's decision).
 */
export type OutboxVtex = Pick<
  VtexClient,
  | 'getOrder'
  | 'startHandling'
  | 'paymentNotification'
  | 'invoice'
  | 'patchInvoice'
  | 'putTracking'
  | 'cancel'
  | 'addInteraction'
  | 'previewChange'
  | 'requestChange'
  | 'listChanges'
  | 'retryChange'
>;

/**
 * An order's interactions, or null when they cannot be read. The Orders API documents no way to
 * read interactions back; the sandbox serves `GET …/orders/{id}/interactions`. Without a reader an
 * ambiguous note cannot be settled, and goes to Needs attention instead of being repeated.
 */
export type InteractionsReader = (orderId: string) => Promise<InteractionLike[] | null>;

const Interactions = z.array(z.looseObject({ message: z.string().nullish() }));

/**
 * Reads `GET /api/oms/pvt/orders/{orderId}/interactions`. A 404 or 405 means the server has no
 * such endpoint: null (unknown), not an error. Other failures are thrown as
 * VtexClientError so the engine classifies them like any other call.
 */
export function interactionsReader(opts: {
  baseUrl: string;
  appKey: string;
  appToken: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): InteractionsReader {
  const f = opts.fetch ?? fetch;
  const base = opts.baseUrl.replace(/\/+$/, '');
  return async (orderId) => {
    const path = `/api/oms/pvt/orders/${encodeURIComponent(orderId)}/interactions`;
    let res: Response;
    let text: string;
    try {
      res = await f(base + path, {
        headers: {
          accept: 'application/json',
          'x-vtex-api-appkey': opts.appKey,
          'x-vtex-api-apptoken': opts.appToken,
        },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
      });
      text = await res.text();
    } catch (err) {
      throw new VtexClientError({
        code: 'VTEX_NETWORK',
        message: `Could not read the interactions of ${orderId}`,
        ambiguous: !networkErrorNotSent(err),
        method: 'GET',
        path,
        cause: err,
      });
    }
    // The order itself was just read, so a 404 here means the route does not exist.
    if (res.status === 404 || res.status === 405) return null;
    if (!res.ok) {
      throw new VtexClientError({
        code: codeForStatus(res.status),
        status: res.status,
        message: `GET ${path} → ${res.status}`,
        method: 'GET',
        path,
      });
    }
    try {
      const parsed = Interactions.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
}
