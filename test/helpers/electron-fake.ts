import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * A test double of the `electron` module: the parts main/index.ts, main/print-electron.ts and
 * main/ipc/electron-ipc.ts use, recording what they are asked to do. Tests replace `electron`
 * with it through vi.mock; nothing of Chromium runs.
 */

let nextId = 1;

export class FakeWebContents extends EventEmitter {
  /** What the next print calls answer (Electron's callback arguments). */
  static printOutcome: { success: boolean; failureReason: string } = {
    success: true,
    failureReason: '',
  };
  readonly id = nextId++;
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly send = vi.fn();
  readonly reload = vi.fn();
  readonly insertCSS = vi.fn(async () => 'key');
  readonly executeJavaScript = vi.fn(async () => 640);
  readonly print = vi.fn((_opts: unknown, cb: (success: boolean, failureReason: string) => void) =>
    cb(FakeWebContents.printOutcome.success, FakeWebContents.printOutcome.failureReason),
  );
  readonly printToPDF = vi.fn(async () => Buffer.from('%PDF-1.7 fake'));
  readonly getPrintersAsync = vi.fn(async () => [
    {
      name: 'EPSON_TM',
      displayName: 'EPSON TM-T20',
      description: '',
      options: { 'printer-is-default': 'true' },
    },
    { name: 'Office', displayName: '', description: 'A4', options: {} },
  ]);
  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadFile = vi.fn(async () => undefined);
  readonly loadURL = vi.fn(async () => undefined);
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly setFullScreen = vi.fn();
  minimized = false;
  destroyed = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.all.push(this);
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export function createElectronFake(
  opts: { lock?: boolean; packaged?: boolean; locale?: string } = {},
) {
  let ready: () => void = () => undefined;
  const whenReady = new Promise<void>((resolve) => (ready = resolve));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: opts.packaged ?? false,
    requestSingleInstanceLock: vi.fn(() => opts.lock ?? true),
    whenReady: vi.fn(() => whenReady),
    quit: vi.fn(),
    exit: vi.fn(),
    relaunch: vi.fn(),
    getVersion: () => '0.1.0',
    getLocale: vi.fn(() => opts.locale ?? 'en-US'),
    setLoginItemSettings: vi.fn(),
  });
  const headerListeners: ((
    details: { responseHeaders?: Record<string, string[]> },
    cb: (r: { responseHeaders: Record<string, string[]> }) => void,
  ) => void)[] = [];
  const session = {
    defaultSession: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      webRequest: {
        onHeadersReceived: vi.fn((fn: (typeof headerListeners)[number]) =>
          headerListeners.push(fn),
        ),
      },
    },
  };
  const handlers = new Map<string, (event: unknown, payload: unknown) => Promise<unknown>>();
  const ipcMain = {
    handlers,
    handle: vi.fn((channel: string, fn: (event: unknown, payload: unknown) => Promise<unknown>) => {
      handlers.set(channel, fn);
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  };
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => true),
    // Linux with a keyring: real encryption ("basic_text" would be none).
    getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
    encryptString: vi.fn((s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('base64')}`)),
    decryptString: vi.fn((b: Buffer) =>
      Buffer.from(b.toString().slice('sealed:'.length), 'base64').toString(),
    ),
  };
  const dialog = {
    showErrorBox: vi.fn(),
    showMessageBox: vi.fn(async () => ({ response: 0 })),
  };
  FakeBrowserWindow.all = [];
  return {
    app,
    session,
    ipcMain,
    safeStorage,
    dialog,
    BrowserWindow: FakeBrowserWindow,
    /** Test controls, not part of Electron. */
    control: { ready: () => ready(), headerListeners },
  };
}

export type ElectronFake = ReturnType<typeof createElectronFake>;
