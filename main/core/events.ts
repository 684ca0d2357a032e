/**
 * What the desk core tells the outside (the IPC layer, the headless `desk:sync` command, tests):
 * one union keyed on `type`, delivered through a typed emitter. Events carry plain data only, so
 * they cross IPC unchanged.
 */

import type { OutboxEvent } from './outbox/engine';

/** Health of the feed loop, as the status bar shows it. */
export type FeedHealth =
  /** Started, no poll finished yet. */
  | 'starting'
  /** Polling works and the feed configuration is the desk's own. */
  | 'ok'
  /** Reconciling through List orders (first start, lost configuration, long outage). */
  | 'catching-up'
  /** VTEX has no feed configuration for this appKey and the desk could not create one. */
  | 'config-missing'
  /** Someone else's feed configuration is in place; the desk consumes it but may miss events. */
  | 'config-foreign'
  /** VTEX cannot be reached (network down, timeouts). */
  | 'offline'
  /** VTEX answers with server errors. */
  | 'server-error'
  /** VTEX asked the desk to slow down (429). */
  | 'rate-limited'
  /** The appKey/appToken pair is refused (401). */
  | 'unauthorized'
  /** The appKey lacks a permission the desk needs (403). */
  | 'forbidden'
  | 'stopped';

export interface SyncWarning {
  code:
    | 'FEED_CONFIG_FOREIGN'
    | 'FEED_CONFIG_REPLACED'
    | 'ORDERS_QUARANTINED'
    | 'SHARED_KEY_SUSPECTED'
    /** The catch-up (List orders) failed; the feed keeps being read. */
    | 'CATCH_UP_FAILED'
    /** Feed items that did not parse were set aside. */
    | 'FEED_ITEMS_MALFORMED';
  message: string;
}

export interface SyncStatus {
  /** The last VTEX call of the feed loop succeeded. */
  online: boolean;
  /** Desk-clock time of the last successful feed poll, or null when there was none. */
  lastSuccessAt: number | null;
  feed: FeedHealth;
  warnings: SyncWarning[];
  /** Orders whose documents kept failing and were set aside. */
  quarantined: number;
  /** Until when VTEX's rate limit holds the desk back (desk clock), or null. */
  rateLimitedUntil: number | null;
}

export type CatchUpReason =
  /** No sync state: the cache is empty or was never reconciled. */
  | 'first-start'
  /** The feed answered 404: its configuration was gone and has been recreated. */
  | 'config-lost'
  /** The last successful poll is older than the feed's retention: events may have been dropped. */
  | 'outage'
  /** Periodic reconciliation while the feed is healthy (finds a shared appKey). */
  | 'audit'
  /** Asked for by the user or the command line. */
  | 'manual';

export type CatchUpPhase = 'listing' | 'fetching' | 'done';

export type CoreEvent =
  /** The offline-actions outbox: its sync status, and which orders' actions changed. */
  | OutboxEvent
  | { type: 'orders-changed'; orderIds: string[]; source: 'feed' | 'catch-up' }
  | { type: 'sync-status'; status: SyncStatus }
  | {
      type: 'catch-up-progress';
      reason: CatchUpReason;
      phase: CatchUpPhase;
      done: number;
      total: number;
      /** Estimated time left while fetching (desk clock, ms); null until there is a rate. */
      remainingMs: number | null;
    }
  | {
      type: 'error';
      /** A code of DESK_ERRORS (main/core/errors.ts). */
      code: string;
      /** What a warehouse worker reads. */
      message: string;
      /** The technical detail for the log (never credentials). */
      detail?: string;
    }
  | {
      type: 'shared-key-suspected';
      /** Orders that advanced at VTEX while the feed was healthy, without any feed event. */
      orderIds: string[];
      appKey: string;
      message: string;
    };

export type CoreEventType = CoreEvent['type'];
export type CoreEventOf<K extends CoreEventType> = Extract<CoreEvent, { type: K }>;

type Listener<E> = (event: E) => void;

/**
 * A small typed emitter. A throwing listener is reported to `onListenerError` and never breaks
 * the core or the other listeners.
 */
export class CoreEmitter {
  private readonly byType = new Map<CoreEventType, Set<Listener<CoreEvent>>>();
  private readonly any = new Set<Listener<CoreEvent>>();

  constructor(private readonly onListenerError: (err: unknown) => void = () => undefined) {}

  on<K extends CoreEventType>(type: K, listener: Listener<CoreEventOf<K>>): () => void {
    let set = this.byType.get(type);
    if (!set) {
      set = new Set();
      this.byType.set(type, set);
    }
    const l = listener as Listener<CoreEvent>;
    set.add(l);
    return () => set.delete(l);
  }

  /** Every event, in emission order. Returns the unsubscribe function. */
  subscribe(listener: Listener<CoreEvent>): () => void {
    this.any.add(listener);
    return () => this.any.delete(listener);
  }

  emit(event: CoreEvent): void {
    for (const l of [...(this.byType.get(event.type) ?? []), ...this.any]) {
      try {
        l(event);
      } catch (err) {
        this.onListenerError(err);
      }
    }
  }
}
