import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { AppInfo, SettingsView, SupportFile } from '../../preload/contract';
import type { DeskDb } from '../core/db';
import { redact } from '../core/settings';
import { LOG_DIR } from './desk-log';

/**
 * Settings → "Export support file": what a support person asks a station for first, in one zip.
 * - logs/: the station's log files as they are (they hold no token and no customer data);
 * - settings.json: the settings as the Settings screen shows them (never the app token), with
 *   anything secret-looking redacted once more;
 * - about.json: app, Electron/Chromium/Node and OS versions, the data folder, when it was made;
 * - counts.json: orders in the cache, actions waiting / in Needs attention / sent, set-aside orders.
 */

export interface SupportFileInput {
  dataDir: string;
  info: AppInfo;
  settings: SettingsView | null;
  db: DeskDb | null;
  now: number;
  /** The app token, masked wherever it might appear. */
  secrets?: (string | undefined)[];
}

function count(db: DeskDb, sql: string): number | null {
  try {
    const row = db.prepare(sql).get() as { n: number | null } | undefined;
    return row?.n ?? 0;
  } catch {
    return null;
  }
}

export function supportCounts(db: DeskDb | null): Record<string, number | null> | null {
  if (!db) return null;
  return {
    ordersCached: count(db, 'SELECT count(*) AS n FROM orders'),
    actionsWaiting: count(
      db,
      "SELECT count(*) AS n FROM outbox_actions WHERE state IN ('queued', 'sending')",
    ),
    actionsNeedingAttention: count(
      db,
      "SELECT count(*) AS n FROM outbox_actions WHERE state = 'attention'",
    ),
    actionsSent: count(db, "SELECT count(*) AS n FROM outbox_actions WHERE state = 'done'"),
    ordersSetAside: count(db, 'SELECT count(*) AS n FROM order_failures'),
  };
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 13);
}

export function buildSupportFile(input: SupportFileInput): SupportFile {
  const json = (v: unknown) => strToU8(`${JSON.stringify(v, null, 2)}\n`);
  const secrets = { secrets: input.secrets ?? [] };
  const files: Zippable = {};

  const logDir = join(input.dataDir, LOG_DIR);
  if (existsSync(logDir)) {
    for (const name of readdirSync(logDir).sort()) {
      if (!name.startsWith('desk.log')) continue;
      const text = readFileSync(join(logDir, name), 'utf8');
      // The log never holds the token; masking it again costs nothing and is the last line.
      files[`logs/${name}`] = strToU8(redact(text, secrets));
    }
  }
  // `hasAppToken` says only whether one is stored; redact() would hide it for its name.
  files['settings.json'] = json(
    input.settings
      ? { ...redact(input.settings, secrets), hasAppToken: input.settings.hasAppToken }
      : null,
  );
  files['about.json'] = json({
    app: {
      name: input.info.name,
      version: input.info.version,
      mode: input.info.mode,
      host: input.info.host,
    },
    station: input.info.station ?? null,
    connection: input.info.connection ?? null,
    versions: {
      node: process.versions.node,
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
    },
    os: {
      platform: process.platform,
      release: os.release(),
      version: typeof os.version === 'function' ? os.version() : null,
      arch: process.arch,
      totalMemMb: Math.round(os.totalmem() / 2 ** 20),
      freeMemMb: Math.round(os.freemem() / 2 ** 20),
      uptimeS: Math.round(os.uptime()),
    },
    dataDir: input.dataDir,
    madeAt: new Date(input.now).toISOString(),
  });
  files['counts.json'] = json(supportCounts(input.db));

  const zip = zipSync(files, { level: 6, mtime: new Date(input.now) });
  const station = (input.info.station ?? 'station').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40);
  return {
    fileName: `order-desk-support-${station}-${stamp(input.now)}.zip`,
    contentBase64: Buffer.from(zip).toString('base64'),
    bytes: zip.byteLength,
  };
}
