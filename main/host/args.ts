import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data-dir';

export interface HostArgs {
  port: number;
  dataDir: string;
  help: boolean;
}

export const USAGE = 'Usage: npm run start:web -- [--port N] [--data-dir DIR]';

/**
 * Command-line options shared by the browser host and the Electron main process. `lenient` lets
 * unknown options through (Electron and Chromium add their own switches to argv).
 */
export function parseHostArgs(
  argv: string[],
  opts: { lenient?: boolean; defaultDir?: string } = {},
): HostArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
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
  return {
    port,
    dataDir: typeof rawDir === 'string' ? resolve(rawDir) : (opts.defaultDir ?? defaultDataDir()),
    help: values.help === true,
  };
}
