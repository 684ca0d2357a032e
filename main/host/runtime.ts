import { join, resolve } from 'node:path';
import { counterSettingsOf } from '../core/counter/settings';
import type {
  AppInfo,
  AppMode,
  ConnectionTestResult,
  CounterSettingsView,
  HostKind,
  ParsedRequestOf,
  ResponseOf,
  SettingsView,
} from '../../preload/contract';
import { systemClock, type Clock } from '../core/clock';
import { DeskError } from '../core/errors';
import { privateDir } from '../core/private-files';
import type { SlipPrinter } from '../core/print/printer';
import type { PrintQueue } from '../core/print/queue';
import { pruneSlips } from '../core/print/retention';
import {
  DEFAULT_PRINTING,
  DEFAULT_STORE,
  printSettingsOf,
  type PrintSettingsSnapshot,
} from '../core/print/settings';
import {
  Connection,
  connectionBaseUrl,
  DEFAULT_FEED_FILTER,
  toFeedFilter,
  APP_TOKEN_SECRET,
  appTokenNote,
  openSecretStore,
  SETTINGS_NOTES,
  validateSettings,
  type FeedFilterChoice,
  type SecretStore,
  type Settings,
} from '../core/settings';
import { VtexClient } from '../core/vtex/client';
import { isVtexClientError } from '../core/vtex/errors';
import { checkResources } from '../core/vtex/resource-check';
import type { Sleep } from '../core/vtex/timing';
import type { DeskServices, StationSettings } from '../ipc/desk-services';
import { IpcRefusal, messageOf } from '../ipc/errors';
import { DeskEvents } from '../ipc/events';
import { createHandlers, type Handlers } from '../ipc/handlers';
import { APP_NAME, APP_VERSION } from './app-meta';
import { CoreEventBridge } from './core-events';
import { startDemoSandbox, type DemoSandbox, type DemoSandboxOptions } from './demo-sandbox';
import { openSession, type DeskTuning, type RunningSession, type SessionTarget } from './session';
import { writeFeedConfig } from './feed-config';
import { FileShiftStore } from './shift';
import { StationConfig } from './station-config';
import { buildSupportFile } from './support-file';

export interface DirectConnection {
  baseUrl: string;
  appKey: string;
  appToken: string;
}

export interface DeskRuntimeOptions {
  host: HostKind;
  /** Per-user data folder (cache, settings, slips); created when missing. */
  dataDir: string;
  /** Epoch ms source for `app:ping` (kept for callers that pass only this). */
  now?: () => number;
  clock?: Clock;
  sleep?: Sleep;
  /**
   * Test hook: talk to this VTEX address (e.g. a sandbox the test controls) instead of the saved
   * account or the demo sandbox. Nothing of it is saved; configuring an account replaces it.
   */
  connection?: DirectConnection;
  /** Starts the demo sandbox (tests may swap it or tune it through `demo`). */
  startSandbox?: (opts: DemoSandboxOptions) => Promise<DemoSandbox>;
  demo?: Omit<DemoSandboxOptions, 'dbFile'>;
  /** Where the appToken is kept; default the OS keyring, or a 0600 file where none runs. */
  secrets?: SecretStore;
  /**
   * How slips print: Electron's printer in the desktop app, headless Chromium (PDFs; the browser
   * prints the slip page) in the browser host. Null or absent: no printing in this host.
   */
  printer?: SlipPrinter | null;
  /** Opens a saved slip PDF in the system's viewer (the desktop app's shell.openPath). */
  openFile?: (path: string) => Promise<string>;
  tuning?: DeskTuning;
  /** Timeout of `settings:test-connection` and of the test before leaving demo mode. */
  testTimeoutMs?: number;
  /** false: do not run the feed and sync loops (tests that drive the core themselves). */
  autoStart?: boolean;
  /** Where the core's unexpected errors go (the station's log); default the console. */
  onError?: (err: unknown, context: string) => void;
}

export interface DeskRuntime {
  info(): AppInfo;
  handlers: Handlers;
  events: DeskEvents;
  dataDir: string;
  /** Base URL of the in-process sandbox in demo mode; null when an account is used. */
  readonly sandboxUrl: string | null;
  /** The running desk core (null while switching connections). */
  session(): RunningSession | null;
  printQueue(): PrintQueue | null;
  services: DeskServices;
  close(): Promise<void>;
}

const DEMO_STATION = 'Demo station';
const SLIP_PRUNE_INTERVAL_MS = 6 * 3_600_000;
const DEMO_LABEL = 'Demo — local sandbox';
/** A stand-in sandbox (tests) that names no key is still reached with some key. */
const FALLBACK_DEMO_KEY = { appKey: 'vtexappkey-demo', appToken: 'demo' };

function connectionLabel(mode: AppMode, settings: Settings | null, baseUrl: string): string {
  if (mode === 'demo') return DEMO_LABEL;
  const c = settings?.connection;
  if (c?.mode === 'account' && connectionBaseUrl(c) === baseUrl) {
    return `${c.accountName} · ${c.environment}`;
  }
  return new URL(baseUrl).host;
}

type TestOutcome = ConnectionTestResult['result'];

const NEW_ADDRESS_TOKEN =
  'enter the VTEX app token again: the saved one is sent only to the saved account';

/**
 * What both hosts run behind their transport: settings and secrets from the data folder, the desk
 * core (cache, feed poller, sync engine, print queue) against the configured VTEX account — or, with
 * none configured, against a sandbox started in this process (demo mode) — the handler map and the
 * event bus. The Electron main process and the browser host differ only in `host` and `printer`.
 */
export async function startDeskRuntime(opts: DeskRuntimeOptions): Promise<DeskRuntime> {
  privateDir(opts.dataDir);
  const dataDir = opts.dataDir;
  const clock: Clock = opts.clock ?? (opts.now ? { now: opts.now } : systemClock);
  const events = new DeskEvents();
  const config = new StationConfig(
    dataDir,
    opts.secrets ??
      openSecretStore({
        file: join(dataDir, 'secrets.json'),
        service: `Order Desk (${resolve(dataDir)})`,
        migrate: [APP_TOKEN_SECRET],
      }),
  );
  config.load();
  const printer: SlipPrinter | null = opts.printer ?? null;
  const reportError =
    opts.onError ??
    ((err: unknown, context: string) => console.error(`Order Desk: ${context}:`, err));

  let override: DirectConnection | null = opts.connection ?? null;
  let sandbox: DemoSandbox | null = null;
  let session: RunningSession | null = null;
  let closed = false;
  let refreshing: Promise<unknown> | null = null;
  /** Serialises connection switches: two saves at once must not open two sessions. */
  let switching: Promise<void> = Promise.resolve();

  const bridge = new CoreEventBridge(events, () => session, clock);
  if (config.loadWarning)
    bridge.setWarnings([{ code: 'SETTINGS_INVALID', message: config.loadWarning }]);

  const shift = new FileShiftStore(dataDir, clock, (operator) =>
    events.emit({ type: 'operator:changed', operator }),
  );

  const feedFilter = (): FeedFilterChoice =>
    config.settings?.feedFilter ?? config.prefs.feedFilter ?? DEFAULT_FEED_FILTER;
  const stationName = (): string =>
    config.settings?.stationName ?? config.prefs.stationName ?? DEMO_STATION;
  const printSettings = (): PrintSettingsSnapshot =>
    printSettingsOf(
      {
        store: config.settings?.store ?? config.prefs.store,
        printing: config.settings?.printing ?? config.prefs.printing,
      },
      config.prefs.locale ?? 'en',
    );

  /** Where the desk connects now: the test hook, the saved account, or the demo sandbox. */
  async function target(): Promise<SessionTarget> {
    if (override) return { mode: 'account', ...override, feedFilter: feedFilter() };
    const s = config.settings;
    if (s) {
      return {
        mode: 'account',
        baseUrl: connectionBaseUrl(s.connection),
        appKey: s.appKey,
        // Without a token the core still opens the cache (orders stay readable) and VTEX's 401
        // shows as "credentials needed" until one is entered.
        appToken: config.token() ?? '-',
        feedFilter: feedFilter(),
      };
    }
    sandbox ??= await (opts.startSandbox ?? startDemoSandbox)({
      dbFile: join(dataDir, 'demo', 'sandbox.db'),
      ...(opts.demo ?? {}),
    });
    return {
      mode: 'demo',
      baseUrl: sandbox.url,
      appKey: sandbox.appKey ?? FALLBACK_DEMO_KEY.appKey,
      appToken: sandbox.appToken ?? FALLBACK_DEMO_KEY.appToken,
      feedFilter: feedFilter(),
    };
  }

  /** Old slips go when the desk starts and every few hours while it runs. */
  function pruneOldSlips(): void {
    try {
      pruneSlips(dataDir, {
        now: clock.now(),
        retentionDays: printSettings().printing.slipRetentionDays,
      });
    } catch (err) {
      console.error('Order Desk: pruning old slips failed:', err);
    }
  }
  pruneOldSlips();
  const pruneTimer = setInterval(pruneOldSlips, SLIP_PRUNE_INTERVAL_MS);
  pruneTimer.unref();

  async function connect(): Promise<void> {
    const t = await target();
    const next = openSession(t, {
      dataDir,
      clock,
      ...(opts.sleep ? { sleep: opts.sleep } : {}),
      ...(opts.tuning ? { tuning: opts.tuning } : {}),
      printer,
      printSettings,
      onCoreEvent: (e) => bridge.handle(e),
      onPrintJob: (job) => events.emit({ type: 'print:job-changed', job }),
      onError: reportError,
    });
    session = next;
    bridge.reset(next);
    if (t.mode !== 'demo' && sandbox) {
      // Demo mode is left: its sandbox has nobody to serve any more.
      const old = sandbox;
      sandbox = null;
      await old.close();
    }
    if (opts.autoStart !== false) next.start();
  }

  /** Closes the running core and opens one for the current target (settings changed). */
  function reconnect(): Promise<void> {
    const run = switching.then(async () => {
      if (closed) return;
      const old = session;
      session = null;
      await old?.close();
      await connect();
      bridge.connectionChanged();
      events.emit({ type: 'app:info-changed', info: info() });
    });
    switching = run.catch(() => undefined);
    return run;
  }

  function info(): AppInfo {
    const t = session?.target;
    const mode: AppMode = t?.mode ?? (override || config.settings ? 'account' : 'demo');
    return {
      name: APP_NAME,
      version: APP_VERSION,
      mode,
      host: opts.host,
      ...(t ? { connection: connectionLabel(mode, config.settings, t.baseUrl) } : {}),
      station: stationName(),
    };
  }

  async function testWith(c: DirectConnection): Promise<ConnectionTestResult> {
    const at = clock.now();
    const client = new VtexClient({
      ...c,
      clock,
      maxRetries: 0,
      timeoutMs: opts.testTimeoutMs ?? 8000,
      rateLimit: false,
    });
    const result = (r: TestOutcome, message: string): ConnectionTestResult => ({
      result: r,
      message,
      baseUrl: client.baseUrl,
      at,
    });
    try {
      await client.listOrders({ perPage: 1 }, { retries: 0 });
      return {
        ...result('ok', `Connected: VTEX at ${client.baseUrl} accepts this app key and token.`),
        resources: await checkResources(client),
      };
    } catch (err) {
      if (!isVtexClientError(err)) throw err;
      switch (err.code) {
        case 'VTEX_UNAUTHORIZED':
          return result(
            'unauthorized',
            'VTEX refused this app key and app token. Copy both again from the VTEX admin.',
          );
        case 'VTEX_FORBIDDEN':
          // The key is valid but lacks List Orders: which of the others it holds still matters.
          return {
            ...result('forbidden', messageOf('VTEX_FORBIDDEN')),
            resources: await checkResources(client),
          };
        case 'VTEX_NETWORK':
        case 'VTEX_TIMEOUT':
          return result(
            'unreachable',
            `Cannot reach ${client.baseUrl}. Check the account name and this computer's internet connection.`,
          );
        default:
          return result('error', `VTEX answered with an error: ${err.message}`);
      }
    }
  }

  function connectionOf(input: unknown): Settings['connection'] {
    const r = Connection.safeParse(input);
    if (!r.success) {
      const fields = r.error.issues.map((i) => ({
        path: ['connection', ...i.path.map(String)].join('.'),
        message: i.message,
      }));
      throw new IpcRefusal(
        'SETTINGS_REJECTED',
        `${messageOf('SETTINGS_REJECTED')} (${fields.map((f) => `${f.path}: ${f.message}`).join('; ')})`,
        fields,
      );
    }
    return r.data;
  }

  function view(): SettingsView {
    const s = config.settings;
    const t = session?.target;
    const connection = override
      ? { mode: 'url' as const, baseUrl: override.baseUrl }
      : s
        ? s.connection.mode === 'account'
          ? {
              mode: 'account' as const,
              accountName: s.connection.accountName,
              environment: s.connection.environment,
            }
          : { mode: 'url' as const, baseUrl: s.connection.baseUrl }
        : null;
    const printing = { ...DEFAULT_PRINTING, ...(s?.printing ?? config.prefs.printing ?? {}) };
    return {
      mode: info().mode,
      connection,
      baseUrl: t?.baseUrl ?? null,
      appKey: override?.appKey ?? s?.appKey ?? null,
      hasAppToken: override ? true : config.token() !== undefined,
      stationName: stationName(),
      store: { ...DEFAULT_STORE, ...(s?.store ?? config.prefs.store ?? {}) },
      printing,
      feedFilter: feedFilter(),
      counter: counterView(),
      locale: config.prefs.locale ?? null,
      dataDir,
      notes: { ...SETTINGS_NOTES, appToken: appTokenNote(config.secrets.storage) },
    };
  }

  function counterSettings() {
    return counterSettingsOf(config.settings?.counter ?? config.prefs.counter);
  }

  function counterView(): CounterSettingsView {
    const c = counterSettings();
    return { ...c, pickupSla: c.pickupSla ?? '' };
  }

  const settings: StationSettings = {
    view,
    stationName,
    feedFilter,
    counter: counterSettings,

    async save(req: ParsedRequestOf<'settings:save'>): Promise<ResponseOf<'settings:save'>> {
      const cur = config.settings;
      const store = req.store
        ? { ...DEFAULT_STORE, ...(cur?.store ?? config.prefs.store ?? {}), ...req.store }
        : (cur?.store ?? config.prefs.store);
      const printing = req.printing
        ? {
            ...DEFAULT_PRINTING,
            ...(cur?.printing ?? config.prefs.printing ?? {}),
            ...req.printing,
          }
        : (cur?.printing ?? config.prefs.printing);
      const counter = req.counter
        ? counterSettingsOf({ ...counterSettings(), ...req.counter })
        : (cur?.counter ?? config.prefs.counter);
      const stationBefore = stationName();
      const accountAsked =
        req.connection !== undefined || req.appKey !== undefined || req.appToken !== undefined;

      if (!cur && !accountAsked) {
        // No account (demo mode): the station's own choices only.
        config.savePrefs({
          ...(req.stationName !== undefined ? { stationName: req.stationName } : {}),
          ...(store ? { store } : {}),
          ...(printing ? { printing } : {}),
          ...(counter ? { counter } : {}),
        });
        if (stationName() !== stationBefore) {
          events.emit({ type: 'app:info-changed', info: info() });
        }
        return { settings: view(), connectionTest: null, restarted: false };
      }

      const input = {
        connection: req.connection ? connectionOf(req.connection) : cur?.connection,
        appKey: req.appKey ?? cur?.appKey,
        stationName: req.stationName ?? cur?.stationName ?? config.prefs.stationName,
        operator: cur?.operator ?? '',
        feedFilter: feedFilter(),
        ...(store ? { store } : {}),
        ...(printing ? { printing } : {}),
        ...(counter ? { counter } : {}),
      };
      const v = validateSettings(input);
      // The saved token belongs to the saved address: a new address gets it typed again, or a
      // changed (or mistyped, or planted) address would receive it in the connection test.
      const sameAddress =
        cur !== null &&
        v.ok &&
        connectionBaseUrl(v.settings.connection) === connectionBaseUrl(cur.connection);
      const token = req.appToken ?? (sameAddress ? config.token() : undefined);
      const issues = v.ok ? [] : [...v.issues];
      if (!token) {
        issues.push({
          path: 'appToken',
          message: cur && v.ok && !sameAddress ? NEW_ADDRESS_TOKEN : 'enter the VTEX app token',
        });
      }
      if (!v.ok || issues.length > 0) {
        throw new IpcRefusal(
          'SETTINGS_REJECTED',
          `${messageOf('SETTINGS_REJECTED')} (${issues.map((i) => `${i.path}: ${i.message}`).join('; ')})`,
          issues,
        );
      }
      const next = v.settings;
      const baseUrl = connectionBaseUrl(next.connection);
      const connectionChanged =
        !cur ||
        override !== null ||
        baseUrl !== connectionBaseUrl(cur.connection) ||
        next.appKey !== cur.appKey ||
        req.appToken !== undefined;

      let connectionTest: ConnectionTestResult | null = null;
      if (connectionChanged && token) {
        connectionTest = await testWith({ baseUrl, appKey: next.appKey, appToken: token });
        // A refused key is certainly a mistake: nothing is saved. An unreachable VTEX is not
        // (the desk is offline-first): the settings are kept and the desk connects when it can.
        if (connectionTest.result === 'unauthorized' || connectionTest.result === 'forbidden') {
          throw new IpcRefusal(
            connectionTest.result === 'unauthorized' ? 'VTEX_UNAUTHORIZED' : 'VTEX_FORBIDDEN',
            connectionTest.message,
            [
              { path: 'appKey', message: connectionTest.message },
              { path: 'appToken', message: connectionTest.message },
            ],
          );
        }
      }
      config.saveSettings(next);
      if (req.appToken !== undefined) config.setToken(req.appToken);
      if (connectionChanged) {
        override = null;
        await reconnect();
      } else if (stationName() !== stationBefore) {
        events.emit({ type: 'app:info-changed', info: info() });
      }
      return { settings: view(), connectionTest, restarted: connectionChanged };
    },

    async testConnection(req) {
      const s = config.settings;
      const t = session?.target;
      const baseUrl = req?.connection
        ? connectionBaseUrl(connectionOf(req.connection))
        : (t?.baseUrl ?? (s ? connectionBaseUrl(s.connection) : null));
      const appKey = req?.appKey ?? (t?.mode === 'account' ? t.appKey : s?.appKey) ?? t?.appKey;
      // A kept token goes only to the address it was kept for: the running connection's, or the
      // saved account's. Any other address is tested with a token typed for it.
      const keptToken = (): string | undefined => {
        if (t && baseUrl === t.baseUrl) return t.appToken;
        if (s && baseUrl === connectionBaseUrl(s.connection)) return config.token();
        return undefined;
      };
      const appToken = req?.appToken ?? keptToken();
      if (!baseUrl || !appKey || !appToken) {
        const elsewhere =
          baseUrl !== null &&
          (s !== null || t?.mode === 'account') &&
          baseUrl !== t?.baseUrl &&
          !(s && baseUrl === connectionBaseUrl(s.connection));
        const fields = [
          ...(!baseUrl ? [{ path: 'connection', message: 'enter the VTEX account' }] : []),
          ...(!appKey ? [{ path: 'appKey', message: 'enter the VTEX app key' }] : []),
          ...(!appToken
            ? [
                {
                  path: 'appToken',
                  message: elsewhere ? NEW_ADDRESS_TOKEN : 'enter the VTEX app token',
                },
              ]
            : []),
        ];
        throw new IpcRefusal(
          'SETTINGS_REJECTED',
          `${messageOf('SETTINGS_REJECTED')} (${fields.map((f) => `${f.path}: ${f.message}`).join('; ')})`,
          fields,
        );
      }
      return testWith({ baseUrl, appKey, appToken });
    },

    async setFeedFilter(filter) {
      const cur = config.settings;
      if (cur) config.saveSettings({ ...cur, feedFilter: filter });
      else config.savePrefs({ feedFilter: filter });
      // The feed makes sure at start that VTEX's configuration announces at least what the filter
      // asks for; a narrower or different filter is written here, while VTEX can be reached.
      if (session) await writeFeedConfig(session, toFeedFilter(filter), clock);
      await reconnect();
    },

    setLocale(locale) {
      config.savePrefs({ locale });
    },
  };

  const services: DeskServices = {
    clock,
    session() {
      if (!session) throw new IpcRefusal('DESK_UNAVAILABLE');
      return session;
    },
    shift,
    settings,
    localChange(orderIds) {
      session?.core.outbox?.kick();
      bridge.localChange(orderIds);
    },
    syncStatus: () => bridge.status(),
    refresh() {
      const s = session;
      if (!s || refreshing) return false;
      s.core.outbox?.kick();
      refreshing = s.core
        .catchUp('manual')
        .catch((err: unknown) => {
          // Reported through the sync status (offline, unauthorized); the detail to the log.
          if (!(err instanceof DeskError) && !isVtexClientError(err)) {
            reportError(err, 'manual catch-up');
          }
        })
        .finally(() => {
          refreshing = null;
          bridge.emitStatus();
        });
      return true;
    },
  };

  try {
    await connect();
  } catch (err) {
    clearInterval(pruneTimer);
    // connect() may have started the sandbox before the cache failed to open.
    const started = sandbox as DemoSandbox | null;
    await started?.close();
    await printer?.close?.();
    throw err;
  }

  const handlers = createHandlers({
    info,
    now: () => clock.now(),
    print: () => session?.print ?? null,
    desk: () => services,
    ...(opts.openFile ? { openFile: opts.openFile } : {}),
    supportFile: async () =>
      buildSupportFile({
        dataDir,
        info: info(),
        settings: view(),
        db: session?.db ?? null,
        now: clock.now(),
        secrets: [config.token(), override?.appToken],
      }),
  });

  return {
    info,
    handlers,
    events,
    dataDir,
    get sandboxUrl() {
      return sandbox?.url ?? null;
    },
    session: () => session,
    printQueue: () => session?.print ?? null,
    services,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(pruneTimer);
      await switching;
      // A manual catch-up writes to the cache: it finishes before the database closes.
      await refreshing;
      const s = session;
      session = null;
      await s?.close();
      await sandbox?.close();
      sandbox = null;
      await printer?.close?.();
    },
  };
}
