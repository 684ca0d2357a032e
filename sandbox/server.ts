import { buildApp, type SandboxApp } from './app';
import type { SandboxOptions } from './context';

export interface SandboxServerOptions extends SandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  /** Loopback only: the control API and the default credentials must never face a network. */
  host?: '127.0.0.1';
}

export interface SandboxServer {
  app: SandboxApp;
  /** `http://127.0.0.1:PORT`, stable across an outage (the server listens again on the same port). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Builds the sandbox and listens on 127.0.0.1. */
export async function startSandboxServer(opts: SandboxServerOptions = {}): Promise<SandboxServer> {
  const { port = 0, host = '127.0.0.1', ...options } = opts;
  if (host !== '127.0.0.1')
    throw new Error(`the sandbox binds 127.0.0.1 only, not ${String(host)}`);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`bad port ${port}`);
  const app = await buildApp(options);
  let address: string;
  try {
    address = await app.listen({ host, port });
  } catch (err) {
    await app.close();
    throw err;
  }
  // From listen's answer, not server.address(): an outage given at start has already closed the socket.
  const bound = Number(new URL(address).port);
  return {
    app,
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () => app.close(),
  };
}
