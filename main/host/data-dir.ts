import { homedir } from 'node:os';
import { join } from 'node:path';
import { APP_ID } from './app-meta';

export interface PlatformInfo {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

const current = (): PlatformInfo => ({
  platform: process.platform,
  env: process.env,
  home: homedir(),
});

/**
 * The OS's per-user application-data folder for the desk: %APPDATA%\order-desk on Windows,
 * ~/Library/Application Support/order-desk on macOS, $XDG_DATA_HOME/order-desk (by default
 * ~/.local/share/order-desk) elsewhere.
 */
export function defaultDataDir(info: PlatformInfo = current()): string {
  const { platform, env, home } = info;
  if (platform === 'win32') {
    return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_ID);
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', APP_ID);
  }
  // XDG says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME;
  return join(xdg && xdg.startsWith('/') ? xdg : join(home, '.local', 'share'), APP_ID);
}
