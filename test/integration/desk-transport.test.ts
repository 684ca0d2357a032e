import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VtexClient } from '../../main/core/vtex/client';
import { VtexClientError } from '../../main/core/vtex/errors';
import { makeOrder } from '../helpers/desk-orders';

/**
 * The VTEX client's own node:http transport (main/core/vtex/transport.ts), against a bare HTTP
 * server standing in for VTEX: connection reuse, the caller's abort, a timeout that covers the
 * body, and UTF-8 both ways. (Retries, resets, refusals: desk-client.test.ts.)
 */

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server | null = null;
let connections = 0;

async function serve(handler: Handler): Promise<string> {
  connections = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

const client = (baseUrl: string, timeoutMs = 2000) =>
  new VtexClient({
    baseUrl,
    appKey: 'vtexappkey-test-TRANSPORT',
    appToken: 'transport-token',
    rateLimit: false,
    maxRetries: 0,
    timeoutMs,
  });

async function caught(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('node:http transport', () => {
  it('keeps one connection alive across requests and sends the credentials as headers', async () => {
    const seen: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      seen.push(req.headers['x-vtex-api-apptoken'] as string | undefined);
      res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    });
    const c = client(url);
    for (let i = 0; i < 5; i++) expect(await c.getFeed(10)).toEqual([]);
    expect(connections).toBe(1);
    expect(seen).toEqual(Array(5).fill('transport-token'));
  });

  it('opens a new connection when the server closed the previous one', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end('[]');
    });
    const c = client(url);
    expect(await c.getFeed(10)).toEqual([]);
    expect(await c.getFeed(10)).toEqual([]);
    expect(connections).toBe(2);
  });

  it("passes the caller's abort through as is, not as a VTEX failure", async () => {
    const url = await serve(() => {
      // Never answers.
    });
    const stop = new AbortController();
    const pending = client(url).getFeed(10, { signal: stop.signal });
    setImmediate(() => stop.abort(new Error('stopping')));
    const e = await caught(pending);
    expect(e).not.toBeInstanceOf(VtexClientError);
    expect((e as Error).message).toBe('stopping');
  });

  it('times out an answer whose body does not finish, as an ambiguous timeout', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('[');
    });
    const e = await caught(client(url, 150).getFeed(10));
    expect(e).toBeInstanceOf(VtexClientError);
    expect(e).toMatchObject({ code: 'VTEX_TIMEOUT', ambiguous: true });
  });

  it('decodes UTF-8 split across chunks and sends a non-ASCII body with its byte length', async () => {
    const doc = makeOrder({ index: 7, customer: { firstName: 'Conceição', lastName: 'Araújo' } });
    const text = JSON.stringify(doc);
    const bytes = Buffer.from(text, 'utf8');
    // Cut inside the two-byte "ç".
    const cut = bytes.indexOf(Buffer.from('ç', 'utf8')) + 1;
    let posted: { length: string | undefined; body: string } | null = null;
    const url = await serve((req, res, body) => {
      if (req.method === 'POST') {
        posted = { length: req.headers['content-length'], body };
        res.writeHead(200, { 'content-type': 'application/json' }).end('true');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.write(bytes.subarray(0, cut));
      setImmediate(() => res.end(bytes.subarray(cut)));
    });
    const c = client(url);
    const got = await c.getOrder(doc.orderId);
    expect(got.clientProfileData?.firstName).toBe('Conceição');
    expect(got).toEqual(doc);

    expect(await c.testJsonata('clientProfileData.firstName = "Conceição"', doc)).toBe(true);
    const sent = posted as { length: string | undefined; body: string } | null;
    expect(Number(sent?.length)).toBe(Buffer.byteLength(sent?.body ?? ''));
    expect(JSON.parse(sent?.body ?? '{}')).toMatchObject({
      Expression: 'clientProfileData.firstName = "Conceição"',
    });
  });
});
