import type { CoreEvent, SyncStatus, SyncWarning } from '../events';

/**
 * The one sync status of a desk core. The poller and the catch-up change parts of it; every real
 * change goes out as a `sync-status` event (repeats of the same status are not sent).
 */
export class SyncStatusStore {
  private status: SyncStatus;
  private lastSent = '';
  private sentSuccessAt: number | null = null;
  private readonly successEveryMs = 5000;

  constructor(
    private readonly emit: (e: CoreEvent) => void,
    initial: Partial<SyncStatus> = {},
  ) {
    this.status = {
      online: false,
      lastSuccessAt: null,
      feed: 'starting',
      warnings: [],
      quarantined: 0,
      rateLimitedUntil: null,
      ...initial,
    };
  }

  get(): SyncStatus {
    return { ...this.status, warnings: [...this.status.warnings] };
  }

  update(patch: Partial<Omit<SyncStatus, 'warnings'>>): void {
    this.status = { ...this.status, ...patch };
    this.publish();
  }

  /** Adds or replaces the warning with this code. */
  warn(w: SyncWarning): void {
    this.status = {
      ...this.status,
      warnings: [...this.status.warnings.filter((x) => x.code !== w.code), w],
    };
    this.publish();
  }

  clearWarning(code: SyncWarning['code']): void {
    if (!this.status.warnings.some((w) => w.code === code)) return;
    this.status = { ...this.status, warnings: this.status.warnings.filter((w) => w.code !== code) };
    this.publish();
  }

  hasWarning(code: SyncWarning['code']): boolean {
    return this.status.warnings.some((w) => w.code === code);
  }

  private publish(): void {
    // Every successful poll moves lastSuccessAt; alone, that is worth an event only every few
    // seconds (the status bar shows "synced 5 s ago", not milliseconds).
    const { lastSuccessAt, ...rest } = this.status;
    const text = JSON.stringify(rest);
    const fresh = (lastSuccessAt ?? 0) - (this.sentSuccessAt ?? 0) >= this.successEveryMs;
    if (text === this.lastSent && (lastSuccessAt === this.sentSuccessAt || !fresh)) return;
    this.lastSent = text;
    this.sentSuccessAt = lastSuccessAt;
    this.emit({ type: 'sync-status', status: this.get() });
  }
}
