import { readFileSync } from 'node:fs';
import { CounterSettingsSchema } from '../core/counter/settings';
import { privateDir } from '../core/private-files';
import { join } from 'node:path';
import { z } from 'zod';
import { PrintingSettings, StoreSettings } from '../core/print/settings';
import {
  APP_TOKEN_SECRET,
  FeedFilterChoice,
  loadSettings,
  restoreSettingsBackup,
  saveSettings,
  writeFileAtomic,
  type SecretStore,
  type Settings,
} from '../core/settings';

/**
 * The station's stored choices, in the data folder:
 * - `settings.json` (main/core/settings): the VTEX connection, appKey, station name, feed filter,
 *   store header, printing. Its presence is what "an account is configured" means.
 * - `station.json`: what a station chooses before any account exists (demo mode: its name, store
 *   header, printing, feed filter) and the app's language. Carried into settings.json when an
 *   account is configured.
 * - the secret store: the appToken, nowhere else.
 */

export const STATION_FILE = 'station.json';

const StationPrefs = z.object({
  stationName: z.string().trim().min(1).max(60).optional(),
  store: StoreSettings.optional(),
  printing: PrintingSettings.optional(),
  feedFilter: FeedFilterChoice.optional(),
  locale: z.enum(['pt-BR', 'es', 'en']).optional(),
  counter: CounterSettingsSchema.optional(),
});
export type StationPrefs = z.infer<typeof StationPrefs>;

export class StationConfig {
  private current: Settings | null = null;
  private prefsValue: StationPrefs = {};
  /** A problem found while loading (a damaged settings file), for the log and the sync bar. */
  loadWarning: string | null = null;

  constructor(
    readonly dataDir: string,
    readonly secrets: SecretStore,
  ) {}

  /** Reads settings.json (falling back to its last good copy) and station.json. */
  load(): void {
    const r = loadSettings(this.dataDir);
    if (r.status === 'ok') {
      this.current = r.settings;
    } else if (r.status === 'broken') {
      if (r.backup) {
        this.current = restoreSettingsBackup(this.dataDir);
        this.loadWarning = `${r.error.message} — the last good settings were restored.`;
      } else {
        // Demo mode rather than no desk at all; the settings screen says what happened.
        this.current = null;
        this.loadWarning = r.error.message;
      }
    } else {
      this.current = null;
    }
    this.prefsValue = this.readPrefs();
  }

  get settings(): Settings | null {
    return this.current;
  }

  get prefs(): StationPrefs {
    return this.prefsValue;
  }

  /** Reads station.json again: another StationConfig on the same folder (the desk's) may have saved it. */
  reloadPrefs(): StationPrefs {
    this.prefsValue = this.readPrefs();
    return this.prefsValue;
  }

  /** Validates (DeskError SETTINGS_REJECTED) and writes settings.json. */
  saveSettings(input: unknown): Settings {
    this.current = saveSettings(this.dataDir, input);
    return this.current;
  }

  savePrefs(patch: Partial<StationPrefs>): StationPrefs {
    const next = StationPrefs.parse({ ...this.prefsValue, ...patch });
    privateDir(this.dataDir);
    writeFileAtomic(join(this.dataDir, STATION_FILE), `${JSON.stringify(next, null, 2)}\n`, 0o600);
    this.prefsValue = next;
    return next;
  }

  /** The stored appToken; undefined when none (or when it cannot be read: enter it again). */
  token(): string | undefined {
    try {
      return this.secrets.get(APP_TOKEN_SECRET);
    } catch {
      return undefined;
    }
  }

  setToken(token: string): void {
    this.secrets.set(APP_TOKEN_SECRET, token);
  }

  private readPrefs(): StationPrefs {
    try {
      const r = StationPrefs.safeParse(
        JSON.parse(readFileSync(join(this.dataDir, STATION_FILE), 'utf8')),
      );
      return r.success ? r.data : {};
    } catch {
      return {};
    }
  }
}
