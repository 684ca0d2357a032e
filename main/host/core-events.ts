import type { CatchUpProgress, SyncStatus } from '../../preload/contract';
import type { Clock } from '../core/clock';
import { prepared } from '../core/db/connection';
import type { CoreEvent } from '../core/events';
import { outboxCounts, workerPendingCount } from '../core/outbox';
import type { DeskEvents } from '../ipc/events';
import { cachedRow } from '../ipc/order-queries';
import type { RunningSession } from './session';

/**
 * Turns the desk core's events into the contract's pushed events: orders changed (feed,
 * catch-up, sync), the sync bar's status (only when it really changed), Needs attention, catch-up
 * progress, and new orders ready for handling (the desktop notification). Keeps the little state
 * the sync bar needs beyond the core's own (the catch-up in progress).
 */

const MAX_IDS = 1000;
const READY = 'ready-for-handling';

export class CoreEventBridge {
  private catchUp: CatchUpProgress | null = null;
  private knownReady = new Set<string>();
  private lastStatusKey = '';
  private extraWarnings: { code: string; message: string }[] = [];

  constructor(
    private readonly events: DeskEvents,
    private readonly session: () => RunningSession | null,
    private readonly clock: Clock,
  ) {}

  /** A new session: forget the old one's progress, learn which orders are ready already. */
  reset(session: RunningSession): void {
    this.catchUp = null;
    const rows = prepared(session.db, 'SELECT order_id FROM orders WHERE status = ?').all(
      READY,
    ) as {
      order_id: string;
    }[];
    this.knownReady = new Set(rows.map((r) => r.order_id));
  }

  /** Warnings from outside the core (a damaged settings file that was replaced). */
  setWarnings(warnings: { code: string; message: string }[]): void {
    this.extraWarnings = warnings;
  }

  handle(e: CoreEvent): void {
    switch (e.type) {
      case 'orders-changed':
        this.ordersChanged(e.orderIds, e.source);
        this.readyArrived(e.orderIds, e.source === 'feed');
        return;
      case 'actions-changed':
        this.ordersChanged(e.orderIds, 'sync');
        this.attentionChanged(e.orderIds);
        this.emitStatus();
        return;
      case 'catch-up-progress': {
        const before = this.catchUp?.phase ?? null;
        this.catchUp =
          e.phase === 'done'
            ? null
            : {
                reason: e.reason,
                phase: e.phase,
                done: e.done,
                total: e.total,
                remainingMs: e.remainingMs,
              };
        this.events.emit({
          type: 'catch-up:progressed',
          reason: e.reason,
          phase: e.phase,
          done: e.done,
          total: e.total,
          remainingMs: e.remainingMs,
        });
        if (before !== (this.catchUp?.phase ?? null)) this.emitStatus();
        return;
      }
      case 'outbox-status':
      case 'sync-status':
      case 'shared-key-suspected':
        this.emitStatus();
        return;
      case 'error':
        // Reported to the person through the sync status (feed health, warnings); the detail
        // goes to the host's log.
        console.error(`Order Desk: ${e.code}: ${e.message}${e.detail ? ` (${e.detail})` : ''}`);
        return;
    }
  }

  /** A local write (an action, retry, edit, discard) changed these orders. */
  localChange(orderIds: readonly string[]): void {
    this.ordersChanged(orderIds, 'local');
    this.attentionChanged(orderIds);
    this.emitStatus();
  }

  /** The connection changed: every list and count is different now. */
  connectionChanged(): void {
    this.events.emit({ type: 'orders:changed', orderIds: [], all: true, source: 'connection' });
    this.attentionChanged([]);
    this.emitStatus();
  }

  status(): SyncStatus {
    const now = this.clock.now();
    const s = this.session();
    if (!s) {
      return {
        online: false,
        feed: 'stopped',
        pending: 0,
        attention: 0,
        oldestPendingAt: null,
        oldestPendingAgeMs: null,
        lastSyncAt: null,
        lastSentAt: null,
        catchUp: null,
        warnings: [...this.extraWarnings],
        sharedKeyWarning: null,
        credentialsNeeded: false,
        rateLimitedUntil: null,
        quarantined: 0,
        at: now,
      };
    }
    const feed = s.core.status();
    const out = s.core.outbox?.status() ?? null;
    const counts = outboxCounts(s.db);
    const limited = Math.max(feed.rateLimitedUntil ?? 0, out?.rateLimitedUntil ?? 0);
    return {
      online: feed.online && (out?.online ?? true),
      feed: feed.feed,
      pending: workerPendingCount(s.db),
      attention: counts.attention,
      oldestPendingAt: counts.oldestPendingAt,
      oldestPendingAgeMs:
        counts.oldestPendingAt === null ? null : Math.max(0, now - counts.oldestPendingAt),
      lastSyncAt: feed.lastSuccessAt,
      lastSentAt: out?.lastSuccessAt ?? null,
      catchUp: this.catchUp,
      warnings: [
        ...feed.warnings.map((w) => ({ code: w.code, message: w.message })),
        ...this.extraWarnings,
      ],
      sharedKeyWarning:
        feed.warnings.find((w) => w.code === 'SHARED_KEY_SUSPECTED')?.message ?? null,
      credentialsNeeded:
        out?.paused === 'credentials' || feed.feed === 'unauthorized' || feed.feed === 'forbidden',
      rateLimitedUntil: limited > now ? limited : null,
      quarantined: feed.quarantined,
      at: now,
    };
  }

  /** Pushes the status when something the sync bar shows changed (not merely the time). */
  emitStatus(): void {
    const status = this.status();
    const { at: _at, oldestPendingAgeMs: _age, ...stable } = status;
    const key = JSON.stringify(stable);
    if (key === this.lastStatusKey) return;
    this.lastStatusKey = key;
    this.events.emit({ type: 'sync:status-changed', status });
  }

  private ordersChanged(
    orderIds: readonly string[],
    source: 'feed' | 'catch-up' | 'local' | 'sync',
  ): void {
    const ids = [...new Set(orderIds)].filter((id) => id !== '');
    if (ids.length === 0) return;
    this.events.emit({
      type: 'orders:changed',
      orderIds: ids.slice(0, MAX_IDS),
      all: ids.length > MAX_IDS,
      source,
    });
  }

  private attentionChanged(orderIds: readonly string[]): void {
    const s = this.session();
    if (!s) return;
    this.events.emit({
      type: 'attention:changed',
      count: outboxCounts(s.db).attention,
      orderIds: [...new Set(orderIds)].filter((id) => id !== ''),
    });
  }

  /**
   * Orders that are ready for handling and were not before. Only the feed's announcements notify:
   * a first catch-up would otherwise ring for every order already waiting.
   */
  private readyArrived(orderIds: readonly string[], notify: boolean): void {
    const s = this.session();
    if (!s) return;
    const arrived = [];
    for (const id of orderIds) {
      const row = cachedRow(s.db, id);
      if (row?.status !== READY) {
        this.knownReady.delete(id);
        continue;
      }
      if (this.knownReady.has(id)) continue;
      this.knownReady.add(id);
      if (notify) {
        arrived.push({
          orderId: row.orderId,
          sequence: row.sequence,
          customerName: row.customerName,
          value: row.value,
          currency: row.currency,
        });
      }
    }
    if (arrived.length > 0) this.events.emit({ type: 'orders:ready-arrived', orders: arrived });
  }
}
