import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the browser host finds a Chromium to make slip PDFs with. playwright-core drives any
 * installed Chromium, Google Chrome or Microsoft Edge; none is downloaded. An explicit path wins
 * (ORDER_DESK_CHROMIUM), then the usual install places of each system.
 */

export const CHROMIUM_ENV = 'ORDER_DESK_CHROMIUM';

type Env = Record<string, string | undefined>;

/** The places each system installs a Chromium-family browser, most usual first. */
export function browserCandidates(platform: NodeJS.Platform, env: Env): string[] {
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter(
      (r): r is string => Boolean(r),
    );
    const apps = [
      ['Google', 'Chrome', 'Application', 'chrome.exe'],
      ['Microsoft', 'Edge', 'Application', 'msedge.exe'],
      ['Chromium', 'Application', 'chrome.exe'],
    ];
    return roots.flatMap((root) => apps.map((parts) => join(root, ...parts)));
  }
  if (platform === 'darwin') {
    const bundles = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
    const dirs = ['/Applications', ...(env['HOME'] ? [join(env['HOME'], 'Applications')] : [])];
    return dirs.flatMap((dir) => bundles.map((b) => `${dir}/${b}`));
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
  ];
}

/** The browser to use, or null when none is installed (then say installHint()). */
export function findChromium(
  opts: {
    platform?: NodeJS.Platform;
    env?: Env;
    exists?: (path: string) => boolean;
  } = {},
): string | null {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const exists = opts.exists ?? existsSync;
  const chosen = env[CHROMIUM_ENV]?.trim();
  if (chosen) return exists(chosen) ? chosen : null;
  return browserCandidates(platform, env).find((p) => exists(p)) ?? null;
}

/** One line: what to install (or set) so slips can be made into PDFs on this system. */
export function installHint(platform: NodeJS.Platform = process.platform): string {
  const how =
    platform === 'win32'
      ? 'install Google Chrome or Microsoft Edge'
      : platform === 'darwin'
        ? 'install Google Chrome, Chromium or Microsoft Edge in /Applications'
        : 'install Chromium (Debian/Ubuntu: sudo apt install chromium) or Google Chrome';
  return `No Chromium, Chrome or Edge found to make slip PDFs: ${how}, or set ${CHROMIUM_ENV} to the browser's path.`;
}
