/**
 * When the desk may install a downloaded update. Never in the middle of a shift on its own, and
 * never while actions wait to reach VTEX (they are durable and would be sent after the restart,
 * but the people at the desk should see them go): only when the app quits or the operator
 * chooses "Restart to update", with nothing waiting.
 */

/** How often a running desk asks the update server again. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

export type InstallTrigger =
  /** The app is quitting (window closed, logout, shutdown). */
  | 'quit'
  /** The operator chose "Restart to update". */
  | 'user'
  /** Anything else: a timer, a download that just finished. */
  | 'background';

export interface InstallState {
  /** Version downloaded and ready to install, or null. */
  downloaded: string | null;
  /** Actions queued or being sent to VTEX. */
  actionsWaiting: number;
  trigger: InstallTrigger;
}

export type InstallDecision =
  | { install: true; version: string }
  | { install: false; reason: 'nothing-downloaded' | 'actions-waiting' | 'not-now' };

export function mayInstallNow(s: InstallState): InstallDecision {
  if (!s.downloaded) return { install: false, reason: 'nothing-downloaded' };
  if (s.actionsWaiting > 0) return { install: false, reason: 'actions-waiting' };
  if (s.trigger === 'background') return { install: false, reason: 'not-now' };
  return { install: true, version: s.downloaded };
}
