import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import WebSocket from 'ws';
import type {
  Channel,
  DeskEvent,
  DeskFailure,
  DeskResult,
  RequestOf,
  ResponseOf,
} from '../../preload/contract';
import type { DeskTuning } from '../../main/host/session';
import { startWebHost, type WebHost, type WebHostOptions } from '../../main/host/web';
import type { SandboxOptions } from '../../sandbox/context';
import { KEY, startSandbox, type TestSandbox } from './sandbox';

/**
 * The whole desk behind the browser host (HTTP + WebSocket, per-run token), talking to a test
 * sandbox with a manual clock. The desk runs its real loops on real time with short waits, so
 * a test acts over HTTP and then waits (expect.poll) for the outcome to show.
 */

/** Short waits: the loops react in tens of milliseconds instead of seconds. */
export const FAST: DeskTuning = {
  poller: {
    idleBackoffMs: [20, 50],
    errorBackoff: { baseDelayMs: 20, maxDelayMs: 100 },
    authRetryMs: 100,
    auditIntervalMs: 0,
  },
  outbox: {
    settleMs: 30,
    backoff: { baseMs: 30, maxMs: 150 },
    idlePollMs: 50,
    probe: { minMs: 30, maxMs: 150 },
  },
  // No start jitter: it spreads many stations' first requests over a second of the desk's clock,
  // which the test sandbox's manual clock holds still.
  client: { timeoutMs: 3000, maxRetries: 1, rateLimit: { perMinute: 6000 } },
};

export interface IpcDesk {
  sb: TestSandbox;
  web: WebHost;
  dataDir: string;
  /** Every event pushed over /events since start. */
  events: DeskEvent[];
  call<C extends Channel>(
    channel: C,
    payload?: RequestOf<C>,
  ): Promise<{ status: number; body: DeskResult<ResponseOf<C>> }>;
  /** The call's data; fails the test with the refusal when it was refused. */
  ok<C extends Channel>(channel: C, payload?: RequestOf<C>): Promise<ResponseOf<C>>;
  /** The call's refusal; fails the test when it succeeded. */
  fail<C extends Channel>(channel: C, payload?: unknown): Promise<DeskFailure & { status: number }>;
  /** Stops the desk; `keepData` leaves the data folder for a restart. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

export interface IpcDeskOptions {
  sandbox?: SandboxOptions;
  /** Reuse a sandbox (and keep it open on close). */
  sb?: TestSandbox;
  /** Runtime options (default: talk to the sandbox with its default key, fast tuning). */
  host?: Partial<WebHostOptions>;
  /** Connect with this key instead of the sandbox's default one. */
  key?: { appKey: string; appToken: string };
  /** Reuse a data folder (a restart). */
  dataDir?: string;
  /** No `connection`: the runtime decides (demo mode or the saved account). */
  noConnection?: boolean;
}

export async function startIpcDesk(opts: IpcDeskOptions = {}): Promise<IpcDesk> {
  const sb = opts.sb ?? (await startSandbox(opts.sandbox));
  const rendererDir = mkdtempSync(join(tmpdir(), 'desk-ipc-page-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Order Desk</title>');
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'desk-ipc-data-'));
  const key = opts.key ?? KEY;
  const web = await startWebHost({
    dataDir,
    rendererDir,
    printer: null,
    tuning: FAST,
    testTimeoutMs: 2000,
    ...(opts.noConnection ? {} : { connection: { baseUrl: sb.url, ...key } }),
    ...opts.host,
  });
  const events: DeskEvent[] = [];
  const ws = new WebSocket(`ws://127.0.0.1:${web.host.port}/events?token=${web.host.token}`);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  ws.on('message', (m) => events.push(JSON.parse(String(m)) as DeskEvent));

  const call: IpcDesk['call'] = async (channel, payload) => {
    const res = await fetch(`${web.host.origin}/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-desk-token': web.host.token },
      ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  return {
    sb,
    web,
    dataDir,
    events,
    call,
    async ok(channel, payload) {
      const { body } = await call(channel, payload);
      if (!body.ok)
        expect.fail(`${channel} was refused: ${body.error.code}: ${body.error.message}`);
      return body.data;
    },
    async fail(channel, payload) {
      const { status, body } = await call(channel, payload as never);
      if (body.ok) return expect.fail(`${channel} succeeded: ${JSON.stringify(body.data)}`);
      return { ...body.error, status };
    },
    async close(how = {}) {
      ws.close();
      await web.close();
      if (!opts.sb) await sb.close();
      if (!how.keepData) rmSync(dataDir, { recursive: true, force: true });
      rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}
