import http from 'node:http';
import https from 'node:https';

/**
 * How the VTEX client puts one request on the wire. Two implementations: node:http with a
 * keep-alive agent (the default), and an injected `fetch` (tests that intercept requests).
 *
 * node:http is the default because it is the cheaper of the two per request: fetch wraps every
 * exchange in web streams, Headers objects and abort-signal plumbing, which a profile of the feed
 * ingest showed as a quarter of the desk's CPU time.
 */

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Covers the whole exchange, the response body included. */
  timeoutMs: number;
  /** The caller's own abort (stop()); its reason is what the send rejects with. */
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  header(name: string): string | null;
  /** Every `Set-Cookie` header, one entry each (they cannot be joined with commas). */
  setCookies(): string[];
  text: string;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** The attempt ran out of time (rejected with this, so it is told apart from a network error). */
export class TransportTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TransportTimeout';
  }
}

export function fetchTransport(fetchImpl: typeof fetch): Transport {
  return async (req) => {
    const timeout = AbortSignal.timeout(req.timeoutMs);
    try {
      const res = await fetchImpl(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal: req.signal ? AbortSignal.any([req.signal, timeout]) : timeout,
      });
      const text = await res.text();
      return {
        status: res.status,
        header: (name) => res.headers.get(name),
        setCookies: () => res.headers.getSetCookie(),
        text,
      };
    } catch (err) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (timeout.aborted) throw new TransportTimeout(req.timeoutMs);
      throw err;
    }
  };
}

export interface NodeTransportOptions {
  /** Connections kept to the origin; requests beyond it queue in the agent. */
  maxSockets: number;
}

/**
 * node:http(s) over one keep-alive agent per client. Idle connections are closed before the
 * server's advertised keep-alive timeout runs out (Node reads the `Keep-Alive: timeout` hint), so
 * a request does not go out on a connection the server is closing.
 */
export function nodeTransport(origin: URL, opts: NodeTransportOptions): Transport {
  const secure = origin.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: opts.maxSockets, scheduling: 'lifo' })
    : new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets, scheduling: 'lifo' });
  const request = secure ? https.request : http.request;

  return (req) =>
    new Promise<TransportResponse>((resolve, reject) => {
      const signal = req.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      let settled = false;
      const headers: Record<string, string | number> = { ...req.headers };
      if (req.body !== undefined) headers['content-length'] = Buffer.byteLength(req.body);
      const r = request(req.url, { method: req.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (settled) return;
          settle();
          const text =
            chunks.length === 1
              ? (chunks[0] as Buffer).toString('utf8')
              : Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
            },
            setCookies: () => res.headers['set-cookie'] ?? [],
            text,
          });
        });
        res.on('error', fail);
      });
      const timer = setTimeout(() => fail(new TransportTimeout(req.timeoutMs)), req.timeoutMs);
      const onAbort = (): void => fail(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      function settle(): void {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      }
      function fail(err: unknown): void {
        if (settled) return;
        settle();
        // A half-read or unanswered exchange leaves the connection unusable: never reuse it.
        r.destroy();
        reject(err);
      }
      r.on('error', fail);
      r.end(req.body);
    });
}
