import type {
  ConnectionTestResult,
  RequestOf,
  ResponseOf,
  SettingsView,
} from '../../../../preload/contract';
import { detectLocale, persistLocale, type Locale } from '../../i18n';
import { ask, type Outcome } from '../desk-port';
import type { Remote, SliceCreator } from '../types';

/** What this computer remembers for its user (not the desk's settings). */
export interface Prefs {
  locale: Locale;
  /** Beep on a scan that opened an order / found nothing. */
  sound: boolean;
  /** Desktop notification when new orders are ready for handling. */
  notifyNewOrders: boolean;
}

const PREFS_KEY = 'order-desk.prefs';

function readPrefs(): Prefs {
  const base: Prefs = { locale: detectLocale(), sound: true, notifyNewOrders: false };
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(PREFS_KEY) ?? 'null');
    if (raw && typeof raw === 'object') {
      const r = raw as Partial<Record<keyof Prefs, unknown>>;
      if (typeof r.sound === 'boolean') base.sound = r.sound;
      if (typeof r.notifyNewOrders === 'boolean') base.notifyNewOrders = r.notifyNewOrders;
    }
  } catch {
    // No storage or a damaged entry: the defaults.
  }
  return base;
}

function writePrefs(prefs: Prefs): void {
  try {
    localStorage.setItem(
      PREFS_KEY,
      JSON.stringify({ sound: prefs.sound, notifyNewOrders: prefs.notifyNewOrders }),
    );
    persistLocale(prefs.locale);
  } catch {
    // Storage disabled: the choice lasts until the window closes.
  }
}

type FeedConfig = ResponseOf<'feed:get-config'>;
type Hook = ResponseOf<'hook:get'>;

export interface SettingsSlice {
  settings: Remote<SettingsView>;
  feed: Remote<FeedConfig>;
  hook: Remote<Hook>;
  prefs: Prefs;
  loadSettings(): Promise<void>;
  saveSettings(req: RequestOf<'settings:save'>): Promise<Outcome<ResponseOf<'settings:save'>>>;
  testConnection(
    req: RequestOf<'settings:test-connection'>,
  ): Promise<Outcome<ConnectionTestResult>>;
  loadFeed(): Promise<void>;
  setFeedFilter(req: RequestOf<'feed:set-filter'>): Promise<Outcome<FeedConfig>>;
  testExpression(
    req: RequestOf<'feed:test-expression'>,
  ): Promise<Outcome<ResponseOf<'feed:test-expression'>>>;
  loadHook(): Promise<void>;
  setHook(req: RequestOf<'hook:set'>): Promise<Outcome<Hook>>;
  deleteHook(): Promise<Outcome<Hook>>;
  setPrefs(change: Partial<Prefs>): void;
}

const idleRemote = { status: 'idle', data: null, error: null } as const;

export const createSettingsSlice: SliceCreator<SettingsSlice> = (set, get) => ({
  settings: idleRemote,
  feed: idleRemote,
  hook: idleRemote,
  prefs: readPrefs(),

  async loadSettings() {
    set((s) => ({ settings: { ...s.settings, status: 'loading' } }));
    const result = await ask('settings:get');
    set((s) => ({
      settings: result.ok
        ? { status: 'ready', data: result.data, error: null }
        : { status: 'error', data: s.settings.data, error: result.error },
    }));
  },
  async saveSettings(req) {
    const result = await ask('settings:save', req);
    if (result.ok) {
      set({ settings: { status: 'ready', data: result.data.settings, error: null } });
      void get().loadInfo();
      void get().loadSyncStatus();
    }
    return result;
  },
  testConnection(req) {
    return ask('settings:test-connection', req);
  },
  async loadFeed() {
    set((s) => ({ feed: { ...s.feed, status: 'loading' } }));
    const result = await ask('feed:get-config');
    set((s) => ({
      feed: result.ok
        ? { status: 'ready', data: result.data, error: null }
        : { status: 'error', data: s.feed.data, error: result.error },
    }));
  },
  async setFeedFilter(req) {
    const result = await ask('feed:set-filter', req);
    if (result.ok) set({ feed: { status: 'ready', data: result.data, error: null } });
    return result;
  },
  testExpression(req) {
    return ask('feed:test-expression', req);
  },
  async loadHook() {
    set((s) => ({ hook: { ...s.hook, status: 'loading' } }));
    const result = await ask('hook:get');
    set((s) => ({
      hook: result.ok
        ? { status: 'ready', data: result.data, error: null }
        : { status: 'error', data: s.hook.data, error: result.error },
    }));
  },
  async setHook(req) {
    const result = await ask('hook:set', req);
    if (result.ok) set({ hook: { status: 'ready', data: result.data, error: null } });
    return result;
  },
  async deleteHook() {
    const result = await ask('hook:delete');
    if (result.ok) set({ hook: { status: 'ready', data: result.data, error: null } });
    return result;
  },
  setPrefs(change) {
    const prefs = { ...get().prefs, ...change };
    writePrefs(prefs);
    set({ prefs });
    if (change.locale) void ask('app:set-locale', { locale: change.locale });
  },
});
