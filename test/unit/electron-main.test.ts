import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/ipc/csp';
import { CHANNELS, EVENT_CHANNEL } from '../../preload/contract';
import type { DeskRuntimeOptions } from '../../main/host/runtime';
import {
  createElectronFake,
  type ElectronFake,
  type FakeBrowserWindow,
} from '../helpers/electron-fake';

/**
 * main/index.ts, the Electron composition root, against a test double of `electron` and of the
 * desk runtime: what it asks Electron for, not what Chromium does with it.
 */

const holder = vi.hoisted(() => ({
  fake: null as unknown,
  runtimeOpts: [] as unknown[],
  runtimes: [] as { events: { emit(e: unknown): void } }[],
}));

vi.mock('electron', async () => {
  const { createElectronFake } = await import('../helpers/electron-fake');
  holder.fake ??= createElectronFake();
  return holder.fake;
});

vi.mock('../../main/host/runtime', async () => {
  const { DeskEvents } = await import('../../main/ipc/events');
  const { createHandlers } = await import('../../main/ipc/handlers');
  return {
    startDeskRuntime: vi.fn(async (opts: DeskRuntimeOptions) => {
      holder.runtimeOpts.push(opts);
      const info = () => ({
        name: 'Order Desk',
        version: '0.1.0',
        mode: 'demo' as const,
        host: 'electron' as const,
      });
      const runtime = {
        info,
        handlers: createHandlers({ info, now: () => 1 }),
        events: new DeskEvents(),
        dataDir: opts.dataDir,
        sandboxUrl: null,
        session: () => null,
        printQueue: () => null,
        services: {},
        close: vi.fn(async () => undefined),
      };
      holder.runtimes.push(runtime);
      return runtime;
    }),
  };
});

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const OUR_PAGE = pathToFileURL(join(REPO, 'renderer', 'index.html')).href;

let dataDir: string;
let argv: string[];
const before = {
  exception: process.listeners('uncaughtException'),
  rejection: process.listeners('unhandledRejection'),
};
const fake = () => holder.fake as ElectronFake;
const win = () => fake().BrowserWindow.all[0] as FakeBrowserWindow;

async function boot(): Promise<void> {
  vi.resetModules();
  await import('../../main/index');
  fake().control.ready();
  await vi.waitFor(() => expect(fake().BrowserWindow.all.length).toBeGreaterThan(0));
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'electron-main-'));
  argv = process.argv;
  const provisioning = join(dataDir, 'station.json');
  writeFileSync(
    provisioning,
    JSON.stringify({ stationName: 'Packing 2', kiosk: true, startAtLogin: true }),
  );
  process.argv = [
    process.execPath,
    REPO,
    '--data-dir',
    dataDir,
    `--station-config=${provisioning}`,
  ];
  holder.fake = createElectronFake({ packaged: true });
  await boot();
});

afterAll(() => {
  // main/index.ts installs process-wide handlers; the rest of this worker must not inherit them.
  for (const l of process.listeners('uncaughtException')) {
    if (!before.exception.includes(l)) process.off('uncaughtException', l);
  }
  for (const l of process.listeners('unhandledRejection')) {
    if (!before.rejection.includes(l)) process.off('unhandledRejection', l);
  }
  process.argv = argv;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the window', () => {
  it('isolates the page: context isolation, sandbox, no Node, web security, our CommonJS preload', () => {
    const prefs = win().options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.cjs$/);
    expect(prefs).not.toHaveProperty('nodeIntegrationInWorker', true);
    expect(prefs).not.toHaveProperty('webviewTag', true);
  });

  it('loads the built page from disk', () => {
    expect(win().loadFile).toHaveBeenCalledWith(expect.stringMatching(/renderer[\\/]index\.html$/));
  });

  it('refuses navigation, redirects, webviews and window.open in every web contents', () => {
    const contents = Object.assign(new EventEmitter(), {
      handler: null as null | ((d: { url: string }) => { action: string }),
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
        contents.handler = h;
      },
    });
    fake().app.emit('web-contents-created', {}, contents);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      contents.emit(name, event, 'https://evil.example/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
    expect(contents.handler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('refuses every permission request (camera, notifications, geolocation …)', () => {
    const handler = fake().session.defaultSession.setPermissionRequestHandler.mock
      .calls[0]?.[0] as (c: unknown, p: string, cb: (ok: boolean) => void) => void;
    const cb = vi.fn();
    handler({}, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });

  it('puts the Content-Security-Policy on every response', () => {
    const [listener] = fake().control.headerListeners;
    const cb = vi.fn();
    listener!({ responseHeaders: { 'X-Other': ['1'] } }, cb);
    expect(cb).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });

  it('reloads a renderer that died, and not one that exited cleanly', () => {
    const wc = win().webContents;
    wc.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(wc.reload).toHaveBeenCalledTimes(1);
    wc.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(wc.reload).toHaveBeenCalledTimes(1);
  });

  it('focuses the first window when the desk is launched again', () => {
    win().minimized = true;
    fake().app.emit('second-instance');
    expect(win().restore).toHaveBeenCalled();
    expect(win().focus).toHaveBeenCalled();
  });
});

describe('a provisioned station', () => {
  it('opens full screen as a kiosk and starts at login when its provisioning file says so', async () => {
    expect(win().options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(fake().app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true });
    // The log file is opened asynchronously; its first lines follow shortly.
    await vi.waitFor(
      () =>
        expect(readFileSync(join(dataDir, 'logs', 'desk.log'), 'utf8')).toContain(
          '"event":"provisioned"',
        ),
      { timeout: 5000 },
    );
  });
});

describe('IPC', () => {
  const invoke = (channel: string, frameUrl: string, sender = win().webContents.id) =>
    fake().ipcMain.handlers.get(channel)!(
      { sender: { id: sender }, senderFrame: { url: frameUrl, parent: null } },
      undefined,
    );

  it('answers our own page', async () => {
    await expect(invoke('app:info', OUR_PAGE)).resolves.toMatchObject({
      ok: true,
      data: { name: 'Order Desk' },
    });
  });

  it('refuses another page, another window and a sub-frame', async () => {
    await expect(invoke('app:info', 'https://evil.example/')).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await expect(invoke('app:info', OUR_PAGE, 9999)).resolves.toMatchObject({ ok: false });
    const sub = await fake().ipcMain.handlers.get('app:info')!(
      { sender: { id: win().webContents.id }, senderFrame: { url: OUR_PAGE, parent: {} } },
      undefined,
    );
    expect(sub).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('forwards pushed events to the window on the one event channel', () => {
    const event = { type: 'operator:changed', operator: null };
    holder.runtimes[0]!.events.emit(event);
    expect(win().webContents.send).toHaveBeenCalledWith(EVENT_CHANNEL, event);
  });

  it('listens on the contract channels and nothing else', () => {
    expect([...fake().ipcMain.handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });
});

describe('the app token store', () => {
  it('seals the token with safeStorage when the OS offers encryption', () => {
    const opts = holder.runtimeOpts[0] as DeskRuntimeOptions;
    opts.secrets!.set('appToken', 'plain-secret-token-1');
    expect(fake().safeStorage.encryptString).toHaveBeenCalledWith('plain-secret-token-1');
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).not.toContain(
      'plain-secret-token-1',
    );
    expect(opts.secrets!.get('appToken')).toBe('plain-secret-token-1');
  });
});

describe('errors in main', () => {
  it("are logged, and shown once in the station's language", async () => {
    // The language chosen in Settings after start: main reads it when it speaks.
    const stationFile = join(dataDir, 'station.json');
    const prefs = JSON.parse(readFileSync(stationFile, 'utf8')) as Record<string, unknown>;
    writeFileSync(stationFile, JSON.stringify({ ...prefs, locale: 'es' }));
    const listener = process.listeners('uncaughtException').at(-1) as (e: Error) => void;
    listener(new Error('first bug'));
    listener(new Error('second bug'));
    expect(fake().dialog.showMessageBox).toHaveBeenCalledTimes(1);
    expect(fake().dialog.showMessageBox).toHaveBeenCalledWith(
      expect.objectContaining({
        message: 'Order Desk encontró un error inesperado y sigue funcionando.',
        detail: expect.stringMatching(/^first bug\n\nLos detalles están en el registro/),
      }),
    );
    await vi.waitFor(() =>
      expect(readFileSync(join(dataDir, 'logs', 'desk.log'), 'utf8')).toContain('second bug'),
    );
    expect(readFileSync(join(dataDir, 'logs', 'desk.log'), 'utf8')).toContain('"event":"start"');
  });
});

describe('a second launch', () => {
  it('quits at once when another desk holds the lock, and opens no window', async () => {
    const second = createElectronFake({ lock: false });
    vi.doMock('electron', () => second);
    vi.resetModules();
    await import('../../main/index');
    const f = second;
    f.control.ready();
    await Promise.resolve();
    expect(f.app.quit).toHaveBeenCalled();
    expect(f.BrowserWindow.all).toHaveLength(0);
  });
});
