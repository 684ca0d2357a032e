import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data-dir';

export interface HostArgs {
  port: number;
  dataDir: string;
  help: boolean;
  /**
   * `--sandbox-url URL --app-key K [--app-token T]`: talk to this VTEX address (a sandbox a test
   * controls) instead of the saved account or the demo sandbox. Not saved.
   */
  connection?: { baseUrl: string; appKey: string; appToken: string };
}

export const USAGE = `Usage: npm run start:web -- [--port N] [--data-dir DIR]
         [--sandbox-url URL --app-key KEY [--app-token TOKEN]]

  --port N            port on 127.0.0.1 (default: a free one)
  --data-dir DIR      where the cache, settings and slips live (default: the OS's app-data folder)
  --sandbox-url URL   for tests: use this VTEX address (e.g. a sandbox) instead of the saved
                      account or the demo; needs --app-key, and the token from --app-token or
                      ORDER_DESK_APP_TOKEN. Nothing of it is saved.`;

/**
 * Command-line options shared by the browser host and the Electron main process. `lenient` lets
 * unknown options through (Electron and Chromium add their own switches to argv).
 */
export function parseHostArgs(
  argv: string[],
  opts: { lenient?: boolean; defaultDir?: string; env?: NodeJS.ProcessEnv } = {},
): HostArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'sandbox-url': { type: 'string' },
      'app-key': { type: 'string' },
      'app-token': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: !opts.lenient,
    allowPositionals: true,
  });
  const rawPort = typeof values.port === 'string' ? values.port : undefined;
  let port = 0;
  if (rawPort !== undefined) {
    if (!/^\d+$/.test(rawPort) || Number(rawPort) > 65535) {
      throw new Error(`--port must be a whole number from 0 to 65535 (got "${rawPort}")`);
    }
    port = Number(rawPort);
  }
  const rawDir = values['data-dir'];
  if (rawDir !== undefined && (typeof rawDir !== 'string' || rawDir.trim() === '')) {
    throw new Error('--data-dir needs a folder path');
  }
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
  const baseUrl = str(values['sandbox-url']);
  const appKey = str(values['app-key']);
  // The command line is visible to other users of the machine; the environment is not.
  const appToken = str(values['app-token']) ?? str((opts.env ?? process.env).ORDER_DESK_APP_TOKEN);
  let connection: HostArgs['connection'];
  if (baseUrl !== undefined || appKey !== undefined) {
    if (!baseUrl || !appKey || !appToken) {
      throw new Error(
        '--sandbox-url needs --app-key and an app token (--app-token or ORDER_DESK_APP_TOKEN)',
      );
    }
    let url: URL;
    try {
      url = new URL(baseUrl);
    } catch {
      throw new Error(`--sandbox-url must be an http(s) address (got "${baseUrl}")`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`--sandbox-url must be an http(s) address (got "${baseUrl}")`);
    }
    connection = { baseUrl, appKey, appToken };
  }
  return {
    port,
    dataDir: typeof rawDir === 'string' ? resolve(rawDir) : (opts.defaultDir ?? defaultDataDir()),
    help: values.help === true,
    ...(connection ? { connection } : {}),
  };
}
