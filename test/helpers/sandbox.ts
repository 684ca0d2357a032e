import type { AddressInfo } from 'node:net';
import { buildApp, type SandboxApp } from '../../sandbox/app';
import type { SandboxOptions } from '../../sandbox/context';
import { SandboxClock } from '../../sandbox/state/clock';
import { DEFAULT_KEY } from '../../sandbox/state/accounts';

export const KEY = DEFAULT_KEY;
export const AUTH = { 'x-vtex-api-appkey': KEY.appKey, 'x-vtex-api-apptoken': KEY.appToken };

export interface TestSandbox {
  app: SandboxApp;
  clock: SandboxClock;
  url: string;
  /** fetch against the sandbox with the default key pair. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * A sandbox on a free 127.0.0.1 port with a manual clock (fixed base, advanced by tests) and no
 * real-time ticking, so every timer fires only when a test moves time. Passing statuses move on at
 * once unless a test asks for `statusDelayMs`.
 */
export async function startSandbox(opts: SandboxOptions = {}): Promise<TestSandbox> {
  const base = Date.parse('2026-11-27T12:00:00.000Z');
  const clock = opts.clock ?? new SandboxClock(() => base);
  const app = await buildApp({ tickIntervalMs: 0, statusDelayMs: 0, ...opts, clock });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    clock,
    url,
    api(path, init = {}) {
      const { json, ...rest } = init;
      const headers: Record<string, string> = {
        ...AUTH,
        ...(rest.headers as Record<string, string>),
      };
      if (json !== undefined) headers['content-type'] = 'application/json';
      return fetch(url + path, {
        ...rest,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
      });
    },
    async close() {
      await app.close();
    },
  };
}
