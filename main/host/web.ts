import { fileURLToPath } from 'node:url';
import { installHint } from '../core/print/find-browser';
import { createBrowserHostPrinter } from '../core/print/spooler-printer';
import { startBrowserHost, type BrowserHost } from '../ipc/browser-host';
import { startDeskRuntime, type DeskRuntime, type DeskRuntimeOptions } from './runtime';

/** out/renderer of this checkout: where `electron-vite build` puts the page. */
export const BUILT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));

/** `printer` defaults to headless Chromium when installed (slip PDFs), else none. */
export interface WebHostOptions extends Omit<DeskRuntimeOptions, 'host' | 'dataDir'> {
  dataDir: string;
  port?: number;
  rendererDir?: string;
  token?: string;
}

export interface WebHost {
  runtime: DeskRuntime;
  host: BrowserHost;
  close(): Promise<void>;
}

/** The composition root of the browser host: the desk runtime behind the HTTP/WS transport. */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const { port, rendererDir, token, ...runtimeOpts } = opts;
  // Here and not in the runtime: playwright-core must stay out of the Electron bundle.
  const printer = opts.printer !== undefined ? opts.printer : createBrowserHostPrinter();
  if (printer === null && opts.printer === undefined) console.warn(`Order Desk: ${installHint()}`);
  const runtime = await startDeskRuntime({ ...runtimeOpts, printer, host: 'browser' });
  let host: BrowserHost;
  try {
    host = await startBrowserHost({
      handlers: runtime.handlers,
      events: runtime.events,
      rendererDir: rendererDir ?? BUILT_RENDERER_DIR,
      port: port ?? 0,
      token,
      onError: (err, channel) => console.error(`Order Desk: ${channel} failed:`, err),
      slips: { queue: () => runtime.printQueue() },
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
