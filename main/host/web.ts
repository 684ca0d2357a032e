import { fileURLToPath } from 'node:url';
import { startBrowserHost, type BrowserHost } from '../ipc/browser-host';
import { startDeskRuntime, type DeskRuntime, type DeskRuntimeOptions } from './runtime';

/** out/renderer of this checkout: where `electron-vite build` puts the page. */
export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

export interface WebHostOptions {
  dataDir: string;
  port?: number;
  rendererDir?: string;
  token?: string;
  startSandbox?: DeskRuntimeOptions['startSandbox'];
}

export interface WebHost {
  runtime: DeskRuntime;
  host: BrowserHost;
  close(): Promise<void>;
}

/** The composition root of the browser host: the desk runtime behind the HTTP/WS transport. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const runtime = await startDeskRuntime({
    host: 'browser',
    dataDir: opts.dataDir,
    startSandbox: opts.startSandbox,
  });
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      handlers: runtime.handlers,
      events: runtime.events,
      rendererDir: opts.rendererDir ?? BUILT_RENDERER_DIR,
      port: opts.port ?? 0,
      token: opts.token,
      onError: (err, channel) => console.error(`Order Desk: ${channel} failed:`, err),
    });
  } catch (err) {
    await runtime.close();
    throw err;
  }
  return {
    runtime,
    host,
    async close() {
      await host.close();
      await runtime.close();
    },
  };
}
