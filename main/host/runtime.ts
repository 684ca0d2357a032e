import { mkdirSync } from 'node:fs';
import type { AppInfo, AppMode, HostKind } from '../../preload/contract';
import { DeskEvents } from '../ipc/events';
import { createHandlers, type Handlers } from '../ipc/handlers';
import { APP_NAME, APP_VERSION } from './app-meta';
import { startDemoSandbox, type DemoSandbox } from './demo-sandbox';

export interface DeskRuntimeOptions {
  host: HostKind;
  /** Per-user data folder; created when missing. */
  dataDir: string;
  now?: () => number;
  /** Starts the demo sandbox (tests may swap it). */
  startSandbox?: () => Promise<DemoSandbox>;
}

export interface DeskRuntime {
  info(): AppInfo;
  handlers: Handlers;
  events: DeskEvents;
  dataDir: string;
  /** Base URL of the in-process sandbox in demo mode; null when an account is used. */
  sandboxUrl: string | null;
  close(): Promise<void>;
}

/**
 * What both hosts run behind their transport: the handler map, the event bus and, in demo mode,
 * the local sandbox. The Electron main process and the browser host differ only in `host`.
 */
export async function startDeskRuntime(opts: DeskRuntimeOptions): Promise<DeskRuntime> {
  mkdirSync(opts.dataDir, { recursive: true });
  const now = opts.now ?? Date.now;
  // No VTEX account can be configured yet (the connection settings come with the desk core), so
  // the desk runs in demo mode against its own sandbox.
  const mode: AppMode = 'demo';
  const sandbox = mode === 'demo' ? await (opts.startSandbox ?? startDemoSandbox)() : null;
  const info: AppInfo = { name: APP_NAME, version: APP_VERSION, mode, host: opts.host };
  const events = new DeskEvents();
  let closed = false;
  return {
    info: () => ({ ...info }),
    handlers: createHandlers({ info: () => ({ ...info }), now }),
    events,
    dataDir: opts.dataDir,
    sandboxUrl: sandbox?.url ?? null,
    async close() {
      if (closed) return;
      closed = true;
      await sandbox?.close();
    },
  };
}
