import type {
  ConnectionTestResult,
  FeedFilterView,
  Locale,
  OperatorView,
  ParsedRequestOf,
  ResponseOf,
  SettingsView,
  SyncStatus,
} from '../../preload/contract';
import type { Clock } from '../core/clock';
import type { DeskDb } from '../core/db';
import type { CounterSettings } from '../core/counter';
import type { DeskCore } from '../core/desk-core';
import type { PrintQueue } from '../core/print/queue';
import type { VtexClient } from '../core/vtex/client';

/**
 * What the desk's handlers need from the host, as interfaces: the runtime (main/host/runtime.ts)
 * implements them over the real core; tests may implement them over anything. Keeping the
 * handlers behind these makes them plain functions of a payload.
 */

/** The desk core connected to one VTEX (or sandbox) account, with its own cache. */
export interface DeskSession {
  readonly db: DeskDb;
  readonly client: VtexClient;
  readonly core: DeskCore;
  readonly print: PrintQueue | null;
}

/** Who is acting at this station (the shift). */
export interface ShiftStore {
  current(): OperatorView | null;
  /** Throws IpcRefusal PIN_REQUIRED / PIN_WRONG / PIN_LOCKED (five wrong tries in a row). */
  start(name: string, pin: string | undefined): OperatorView;
  /**
   * A second person signs off (a supervisor override): their name and PIN at this station, not
   * the operator's own. Throws PIN_WRONG / PIN_LOCKED / SUPERVISOR_IS_OPERATOR.
   */
  verify(name: string, pin: string): { name: string };
  end(): void;
  /** Whether this name is protected by a PIN at this station and `pin` is it (a supervisor's word). */
  verifyPin?(name: string, pin: string): boolean;
}

export interface StationSettings {
  view(): SettingsView;
  save(req: ParsedRequestOf<'settings:save'>): Promise<ResponseOf<'settings:save'>>;
  testConnection(req: ParsedRequestOf<'settings:test-connection'>): Promise<ConnectionTestResult>;
  stationName(): string;
  feedFilter(): FeedFilterView;
  /** Saves the filter and restarts the feed so VTEX's configuration follows it. */
  setFeedFilter(filter: FeedFilterView): Promise<void>;
  setLocale(locale: Locale): void;
  /** The counter sale's settings (absent: the defaults). */
  counter?(): CounterSettings;
}

export interface DeskServices {
  readonly clock: Clock;
  /** The running session; throws IpcRefusal DESK_UNAVAILABLE while none runs (switching). */
  session(): DeskSession;
  readonly shift: ShiftStore;
  readonly settings: StationSettings;
  /** A local write changed these orders: tell the screens, wake the sync engine. */
  localChange(orderIds: readonly string[]): void;
  syncStatus(): SyncStatus;
  /** A manual catch-up in the background; false when one already runs or no session does. */
  refresh(): boolean;
}
