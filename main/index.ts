import { join } from 'node:path';
import { app, BrowserWindow, dialog, safeStorage, session, shell } from 'electron';
import { FileSecretStore, plainCodec, type SecretCodec } from './core/settings';
import { createElectronSlipPrinter } from './print-electron';
import { CONTENT_SECURITY_POLICY } from './ipc/csp';
import { registerElectronIpc } from './ipc/electron-ipc';
import { rendererPageMatcher } from './ipc/sender';
import { APP_NAME, APP_VERSION } from './host/app-meta';
import { parseHostArgs } from './host/args';
import { errorField, followDesk, openDeskLog, type DeskLog } from './host/desk-log';
import { mainMessages, type MainMessages } from './host/main-messages';
import { applyProvisioning, type StationOptions } from './host/provisioning';
import { StationConfig } from './host/station-config';
import { startUpdates } from './updates';
import { startDeskRuntime, type DeskRuntime } from './host/runtime';
import { SQLITE_BINDING_ENV } from './host/start-plan';
import { useSqliteBinding } from './native/better-sqlite3';

/**
 * The composition root of the desktop app: one window, one contract, nothing else of Electron
 * reaches the page. Everything that is not Electron glue lives in plain-Node modules that the
 * browser host runs as well.
 */

const RENDERER_DIR = join(import.meta.dirname, '../renderer');
// A sandboxed preload is run as a classic script: it has to be CommonJS (see electron.vite.config.ts).
const PRELOAD = join(import.meta.dirname, '../preload/index.cjs');
// Set by `electron-vite dev`; a packaged or built app loads the page from disk.
const DEV_SERVER_URL = process.env.ELECTRON_RENDERER_URL;

let mainWindow: BrowserWindow | null = null;
let runtime: DeskRuntime | null = null;
let disposeIpc: (() => void) | null = null;
let log: DeskLog | null = null;
/** The station's settings as main read them; their language picks the words of main's dialogs. */
let station: StationConfig | null = null;
/** An unexpected error in main is shown once per run; the next ones go to the log only. */
let errorShown = false;

/**
 * Main's dialog words in the station's language as it is now (Settings may have changed it since
 * start), else the system's.
 */
function say(): MainMessages {
  return mainMessages(station?.reloadPrefs().locale, app.getLocale());
}

function logError(err: unknown, context: string): void {
  if (log) log.logger.error({ event: 'error', context, err: errorField(err) }, context);
  else console.error(`${APP_NAME}: ${context}:`, err);
}

/**
 * A bug in main must not take the station down: the desk core keeps running, the error is logged
 * and the person sees it once (the log has every later one).
 */
function onUncaught(err: unknown, context: string): void {
  logError(err, context);
  if (errorShown) return;
  errorShown = true;
  const words = say();
  void dialog.showMessageBox({
    type: 'error',
    title: APP_NAME,
    message: words.unexpectedError(APP_NAME),
    detail: words.unexpectedErrorDetail(err instanceof Error ? err.message : String(err)),
  });
}

function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    // The page never leaves our renderer and never opens windows or embeds guests.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function hardenSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) =>
    callback(false),
  );
  // Covers pages served over HTTP (electron-vite dev); file:// pages get the same policy from
  // the meta tag in renderer/index.html.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
}

/** `--station-config FILE` (or `--station-config=FILE`): a provisioning file named by IT. */
function stationConfigArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--station-config') return argv[i + 1];
    if (a.startsWith('--station-config=')) return a.slice('--station-config='.length);
  }
  return undefined;
}

function createWindow(desk: DeskRuntime, options: StationOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: APP_NAME,
    // Kiosk-like: full screen without the window frame, for a station that does nothing else.
    ...(options.kiosk ? { kiosk: true, fullscreen: true, autoHideMenuBar: true } : {}),
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: '#f4f6f9',
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      // A middle click on a link would open it in a new window, around setWindowOpenHandler's reach.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  disposeIpc = registerElectronIpc({
    window: win,
    handlers: desk.handlers,
    events: desk.events,
    isOurPage: rendererPageMatcher({ rendererDir: RENDERER_DIR, devServerUrl: DEV_SERVER_URL }),
    onError: (err, channel) => logError(err, `${channel} failed`),
  });
  // A renderer that dies (out of memory, a GPU or driver crash) is loaded again; the desk core
  // and its outbox live in main and never stopped.
  win.webContents.on('render-process-gone', (_event, details) => {
    log?.logger.error(
      { event: 'renderer-gone', reason: details.reason, exitCode: details.exitCode },
      'renderer gone',
    );
    if (details.reason !== 'clean-exit' && !win.isDestroyed()) win.webContents.reload();
  });
  win.webContents.on('unresponsive', () =>
    log?.logger.warn({ event: 'renderer-unresponsive' }, 'renderer unresponsive'),
  );
  win.on('closed', () => {
    disposeIpc?.();
    disposeIpc = null;
    mainWindow = null;
  });
  if (DEV_SERVER_URL) void win.loadURL(DEV_SERVER_URL);
  else void win.loadFile(join(RENDERER_DIR, 'index.html'));
  return win;
}

/** The app token encrypted with the OS user's key where the OS offers one (Keychain, DPAPI, …). */
function secretCodec(): SecretCodec {
  if (!safeStorage.isEncryptionAvailable()) return plainCodec;
  // Linux without a keyring: Chromium "encrypts" with a fixed, public password. That is no
  // protection, and Settings must not call it one: the plain 0600 file, said as such.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return plainCodec;
  }
  return {
    encode: (plain) => safeStorage.encryptString(plain),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored)),
  };
}

async function start(): Promise<void> {
  // `npm start` names better-sqlite3's Electron build; a packaged app carries its own and never
  // takes a native module's path from the environment.
  if (!app.isPackaged) useSqliteBinding(process.env[SQLITE_BINDING_ENV]);
  hardenSession();
  const { dataDir, connection } = parseHostArgs(process.argv.slice(1), { lenient: true });
  log = openDeskLog(dataDir);
  log.logger.info(
    {
      event: 'start',
      version: APP_VERSION,
      host: 'electron',
      electron: process.versions.electron,
      platform: process.platform,
      arch: process.arch,
      packaged: app.isPackaged,
    },
    'start',
  );
  const secrets = new FileSecretStore(join(dataDir, 'secrets.json'), secretCodec());
  const config = new StationConfig(dataDir, secrets);
  config.load();
  station = config;
  const explicit = stationConfigArg(process.argv);
  const provisioning = applyProvisioning(config, explicit ? { explicit } : {});
  let options: StationOptions = { updateUrl: null, startAtLogin: null, kiosk: null };
  if (provisioning.status === 'applied') {
    options = provisioning.options;
    log.logger.info(
      { event: 'provisioned', file: provisioning.file, applied: provisioning.applied },
      'provisioned',
    );
    for (const w of provisioning.warnings) log.logger.warn({ event: 'provisioning' }, w);
  } else if (provisioning.status === 'invalid') {
    log.logger.error(
      { event: 'provisioning-invalid', file: provisioning.file, problems: provisioning.problems },
      'provisioning file rejected',
    );
    // The station keeps its current settings; the person at it (or IT) reads what to fix.
    void dialog.showMessageBox({
      type: 'warning',
      title: APP_NAME,
      message: say().provisioningRejected(provisioning.file),
      detail: provisioning.problems.join('\n'),
    });
  }
  // Only an installed app registers itself: `npm start` would register Electron itself.
  if (options.startAtLogin !== null && app.isPackaged) {
    app.setLoginItemSettings({ openAtLogin: options.startAtLogin });
  }
  runtime = await startDeskRuntime({
    host: 'electron',
    dataDir,
    secrets,
    printer: createElectronSlipPrinter(),
    openFile: (path) => shell.openPath(path),
    onError: logError,
    ...(connection ? { connection } : {}),
  });
  const desk = runtime;
  followDesk(desk.events, () => desk.session()?.db ?? null, log.logger);
  log.logger.info({ event: 'ready', mode: desk.info().mode }, 'ready');
  mainWindow = createWindow(desk, options);
  if (options.updateUrl && app.isPackaged) await startAppUpdates(desk, options.updateUrl, log);
}

/** Updates from the station's update URL; electron-updater is loaded only then. */
async function startAppUpdates(desk: DeskRuntime, url: string, deskLog: DeskLog): Promise<void> {
  // A CommonJS package: its exports arrive as the ES module's default.
  const { default: updaterModule } = await import('electron-updater');
  const updater = updaterModule.autoUpdater;
  startUpdates({
    updater,
    url,
    logger: deskLog.logger,
    actionsWaiting: () => desk.services.syncStatus().pending,
    onBeforeQuit: (hook) => app.on('before-quit', hook),
    offerRestart: async (version) => {
      const words = say();
      const answer = await dialog.showMessageBox({
        type: 'info',
        title: APP_NAME,
        message: words.updateReady(APP_NAME, version),
        detail: words.updateDetail,
        buttons: [words.restartToUpdate, words.later],
        defaultId: 1,
        cancelId: 1,
      });
      return answer.response === 0;
    },
  });
}

if (!app.requestSingleInstanceLock()) {
  // Two desks on one station would fight over the same data folder and feed queue.
  app.quit();
} else {
  hardenContents();
  process.on('uncaughtException', (err) => onUncaught(err, 'uncaught exception'));
  process.on('unhandledRejection', (reason) => onUncaught(reason, 'unhandled rejection'));
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let released = false;
  app.on('will-quit', (event) => {
    if (released || !runtime) return;
    // Let the sandbox (and later the database) close before the process goes.
    event.preventDefault();
    const closing = runtime;
    runtime = null;
    void closing
      .close()
      .catch((err: unknown) => logError(err, 'closing the desk'))
      .then(() => {
        log?.logger.info({ event: 'quit' }, 'quit');
        return log?.close();
      })
      .finally(() => {
        released = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(start)
    .catch((err: unknown) => {
      logError(err, 'start failed');
      dialog.showErrorBox(
        say().cannotStart(APP_NAME),
        err instanceof Error ? err.message : String(err),
      );
      app.exit(1);
    });
}
