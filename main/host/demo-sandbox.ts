import type { AddressInfo } from 'node:net';

export interface DemoSandbox {
  /** http://127.0.0.1:PORT, the VTEX base URL of demo mode. */
  url: string;
  close(): Promise<void>;
}

/**
 * The local VTEX Orders API that demo mode works against: a fresh in-memory store with 40 orders
 * and two new ones a minute, on a free loopback port. In memory on purpose: a demo starts clean,
 * and no sandbox file can go stale between versions.
 */
export async function startDemoSandbox(): Promise<DemoSandbox> {
  // The one place desk code reaches the sandbox. Loaded on demand: with an account configured,
  // no sandbox code is ever loaded.
  const { buildApp } = await import('../../sandbox/app');
  const app = await buildApp({ seedOrders: 40, ordersPerMinute: 2 });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
  } catch (err) {
    await app.close();
    throw err;
  }
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
}
