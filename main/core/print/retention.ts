import { readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A day in milliseconds. */
const DAY_MS = 86_400_000;

export interface PruneResult {
  /** Slip files deleted. */
  files: number;
}

/**
 * Deletes saved slips (`slips/<order>/<file>` in the data folder) last written more than
 * `retentionDays` ago, and order folders left empty. Slips carry customer names and addresses;
 * the print history keeps its rows, and a slip asked for again is rendered anew. A file that
 * cannot be removed is left for the next run.
 */
export function pruneSlips(
  dataDir: string,
  opts: { now: number; retentionDays: number },
): PruneResult {
  const root = join(dataDir, 'slips');
  const cutoff = opts.now - opts.retentionDays * DAY_MS;
  let files = 0;
  let orders: string[];
  try {
    orders = readdirSync(root);
  } catch {
    return { files };
  }
  for (const order of orders) {
    const dir = join(root, order);
    let names: string[];
    try {
      if (!statSync(dir).isDirectory()) continue;
      names = readdirSync(dir);
    } catch {
      continue;
    }
    let left = names.length;
    for (const name of names) {
      const file = join(dir, name);
      try {
        const st = statSync(file);
        if (!st.isFile() || st.mtimeMs >= cutoff) continue;
        rmSync(file, { force: true });
        files++;
        left--;
      } catch {
        // Busy or gone: the next run tries again.
      }
    }
    if (left === 0) {
      try {
        rmdirSync(dir);
      } catch {
        // Something was written meanwhile: keep the folder.
      }
    }
  }
  return { files };
}
