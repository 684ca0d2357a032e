import type { ElectronProbe } from './electron-binary';
import type { NativeBuild } from './electron-native';

/** Environment variable that names Electron's build of better-sqlite3 to an unpackaged app. */
export const SQLITE_BINDING_ENV = 'ORDER_DESK_SQLITE_BINDING';

export type StartPlan =
  { kind: 'electron'; bin: string; env: Record<string, string> } | { kind: 'web'; line: string };

/**
 * What `npm start` runs: the desktop app when Electron runs here and better-sqlite3's Electron
 * build is at hand, otherwise the browser host with one line saying why. The native build is
 * only looked for once Electron itself can run.
 */
export function planStart(probe: () => ElectronProbe, native: () => NativeBuild): StartPlan {
  const electron = probe();
  if (!electron.ok) {
    return {
      kind: 'web',
      line: `Electron cannot start on this machine (${electron.reason}); serving the browser host instead.`,
    };
  }
  const sqlite = native();
  if (!sqlite.ok) {
    return {
      kind: 'web',
      line: `The desktop app cannot open its database here (${sqlite.reason}); serving the browser host instead.`,
    };
  }
  return { kind: 'electron', bin: electron.bin, env: { [SQLITE_BINDING_ENV]: sqlite.file } };
}
