import { EventEmitter } from 'node:events';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { UPDATE_CHECK_INTERVAL_MS } from '../../main/host/update-policy';
import { startUpdates, type UpdaterLike } from '../../main/updates';

/** main/updates.ts with a stand-in for electron-updater's autoUpdater. */

function fakeUpdater() {
  const emitter = new EventEmitter();
  const updater = {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    logger: console as unknown,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () => undefined as unknown),
    quitAndInstall: vi.fn(),
    on: (event: string, l: (...a: unknown[]) => void) => emitter.on(event, l),
  };
  return { updater: updater as typeof updater & UpdaterLike, emitter };
}

function setup(over: { waiting?: number; restart?: boolean; check?: () => Promise<unknown> } = {}) {
  const { updater, emitter } = fakeUpdater();
  if (over.check) updater.checkForUpdates.mockImplementation(over.check);
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (l: string) => lines.push(JSON.parse(l)) });
  let beforeQuit = () => {};
  let tick = () => {};
  let waiting = over.waiting ?? 0;
  const offerRestart = vi.fn(async () => over.restart ?? false);
  const updates = startUpdates({
    updater,
    url: 'https://files.example/order-desk/',
    logger,
    actionsWaiting: () => waiting,
    offerRestart,
    onBeforeQuit: (h) => (beforeQuit = h),
    setInterval: (fn, ms) => {
      expect(ms).toBe(UPDATE_CHECK_INTERVAL_MS);
      tick = fn;
      return {};
    },
  });
  return {
    updater,
    emitter,
    lines,
    updates,
    offerRestart,
    quit: () => beforeQuit(),
    tick: () => tick(),
    setWaiting: (n: number) => (waiting = n),
  };
}

describe('updates', () => {
  it('asks the station URL at start and every few hours, downloading in the background', () => {
    const t = setup();
    expect(t.updater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://files.example/order-desk/',
    });
    expect(t.updater.autoDownload).toBe(true);
    expect(t.updater.autoInstallOnAppQuit).toBe(false);
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(1);
    t.tick();
    expect(t.updater.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('offline or a broken server is a log line, not an error', async () => {
    const t = setup({
      check: async () => Promise.reject(new Error('getaddrinfo ENOTFOUND files.example')),
    });
    await t.updates.check();
    t.emitter.emit('error', new Error('latest.yml: 404'));
    expect(t.lines.filter((l) => l.event === 'update-unavailable')).toHaveLength(3);
  });

  it('installs on quit only when nothing waits to sync', () => {
    const t = setup({ waiting: 2 });
    t.emitter.emit('update-downloaded', { version: '0.2.0' });
    t.quit();
    expect(t.updater.autoInstallOnAppQuit).toBe(false);
    t.setWaiting(0);
    t.quit();
    expect(t.updater.autoInstallOnAppQuit).toBe(true);
  });

  it('offers "Restart to update" once per version and restarts when chosen', async () => {
    const t = setup({ restart: true });
    t.emitter.emit('update-downloaded', { version: '0.2.0' });
    t.emitter.emit('update-downloaded', { version: '0.2.0' });
    expect(t.offerRestart).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(t.updater.quitAndInstall).toHaveBeenCalledTimes(1));
  });

  it('does not restart while actions wait, even when asked', () => {
    const t = setup({ waiting: 1 });
    t.emitter.emit('update-downloaded', { version: '0.2.0' });
    expect(t.updates.restartToUpdate()).toEqual({ install: false, reason: 'actions-waiting' });
    expect(t.updater.quitAndInstall).not.toHaveBeenCalled();
  });
});
