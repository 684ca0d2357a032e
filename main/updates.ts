import type { Logger } from 'pino';
import { mayInstallNow, UPDATE_CHECK_INTERVAL_MS } from './host/update-policy';

/**
 * Updates from the station's own file server (a generic provider: a folder with the installers
 * and latest.yml that `npm run dist` writes). Checks at start and every few hours and downloads in
 * the background; installs only as update-policy.ts allows. An unreachable or broken server is a
 * log line, never a dialog: the desk works offline.
 */

/** The parts of electron-updater's AppUpdater used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: unknown;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export interface UpdatesOptions {
  updater: UpdaterLike;
  url: string;
  logger: Logger;
  /** Actions queued or being sent to VTEX now. */
  actionsWaiting(): number;
  /** Asks the operator whether to restart now; resolves true for "Restart to update". */
  offerRestart(version: string): Promise<boolean>;
  /** Registers a hook run when the app begins to quit. */
  onBeforeQuit(hook: () => void): void;
  setInterval?: (fn: () => void, ms: number) => { unref?(): void };
}

export interface Updates {
  check(): Promise<void>;
  /** "Restart to update": installs when allowed; otherwise says why not. */
  restartToUpdate(): ReturnType<typeof mayInstallNow>;
}

export function startUpdates(opts: UpdatesOptions): Updates {
  const { updater, logger } = opts;
  let downloaded: string | null = null;
  let offered: string | null = null;

  updater.autoDownload = true;
  // Decided at quit time by the policy, not by electron-updater.
  updater.autoInstallOnAppQuit = false;
  updater.logger = null;
  updater.setFeedURL({ provider: 'generic', url: opts.url });

  updater.on('error', (err) => {
    logger.info(
      { event: 'update-unavailable', url: opts.url, message: err.message },
      'update check failed',
    );
  });

  const restartToUpdate = () => {
    const decision = mayInstallNow({
      downloaded,
      actionsWaiting: opts.actionsWaiting(),
      trigger: 'user',
    });
    logger.info({ event: 'update-restart', ...decision }, 'restart to update');
    if (decision.install) updater.quitAndInstall(false, true);
    return decision;
  };

  updater.on('update-downloaded', (info) => {
    downloaded = info.version;
    logger.info({ event: 'update-downloaded', version: info.version }, 'update downloaded');
    if (offered === info.version) return;
    offered = info.version;
    void opts.offerRestart(info.version).then((yes) => {
      if (yes) restartToUpdate();
    });
  });

  opts.onBeforeQuit(() => {
    const decision = mayInstallNow({
      downloaded,
      actionsWaiting: opts.actionsWaiting(),
      trigger: 'quit',
    });
    updater.autoInstallOnAppQuit = decision.install;
    if (downloaded) logger.info({ event: 'update-on-quit', ...decision }, 'update on quit');
  });

  const check = async () => {
    try {
      await updater.checkForUpdates();
    } catch (err) {
      logger.info(
        { event: 'update-unavailable', url: opts.url, message: (err as Error).message },
        'update check failed',
      );
    }
  };
  const timer = (opts.setInterval ?? setInterval)(() => void check(), UPDATE_CHECK_INTERVAL_MS);
  timer.unref?.();
  void check();
  return { check, restartToUpdate };
}
