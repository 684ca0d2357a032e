import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * better-sqlite3 as the Electron main bundle sees it (electron.vite.config.ts points the
 * `better-sqlite3` import here). Node and Electron need the module compiled for different ABIs:
 * the repository's node_modules holds Node's build (tests, the browser host), and `npm start`
 * fetches Electron's into a folder of its own. Until main names that file, this is exactly
 * better-sqlite3; afterwards every database (the desk's cache, the demo sandbox) opens with it.
 * A packaged app needs none of this: electron-builder rebuilds the module it packs for Electron.
 */

type DatabaseConstructor = typeof BetterSqlite3;
type Options = BetterSqlite3.Options;

const Base = createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;

let binding: string | undefined;

/** The Electron build of the compiled module to load instead of node_modules' own. */
export function useSqliteBinding(file: string | undefined): void {
  binding = file;
}

class Database extends Base {
  constructor(filename?: string | Buffer, options?: Options) {
    super(
      filename,
      binding && !options?.nativeBinding ? { ...options, nativeBinding: binding } : options,
    );
  }
}

export default Database as DatabaseConstructor;
