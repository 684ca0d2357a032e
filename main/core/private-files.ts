import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data folder holds customer names, e-mails, phone and document numbers (the cache, slips)
 * and the station's secrets: on POSIX it is 0700 and every file in it 0600, whatever the umask,
 * so other users of the machine read none of it. On Windows the per-user app-data folder is
 * already private to the user (its ACL), and POSIX modes mean nothing there: these do nothing.
 */

const POSIX = process.platform !== 'win32';

/** Creates the folder (and missing parents) readable by this OS user only. */
export function privateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode passes through the umask and leaves an existing folder as it was.
  if (POSIX) chmodSync(dir, 0o700);
}

/** Makes the file (created empty when missing) readable and writable by this OS user only. */
export function privateFile(file: string): void {
  if (!POSIX) return;
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/**
 * An SQLite database and its companions. SQLite creates `-wal` and `-shm` with the mode of the
 * database file, so a 0600 database keeps them 0600 too; existing ones (from an older version
 * of the desk) are fixed here as well.
 */
export function privateSqliteFile(file: string): void {
  if (!POSIX || file === '' || file === ':memory:' || file.startsWith('file:')) return;
  privateFile(file);
  for (const companion of [`${file}-wal`, `${file}-shm`, `${file}-journal`]) {
    if (existsSync(companion)) chmodSync(companion, 0o600);
  }
}
