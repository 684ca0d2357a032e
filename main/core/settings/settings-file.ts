import { readFileSync } from 'node:fs';
import { privateDir } from '../private-files';
import { join } from 'node:path';
import { DeskError } from '../errors';
import { writeFileAtomic } from './atomic-write';
import { describeIssues, validateSettings, type Settings } from './schema';

export const SETTINGS_FILE = 'settings.json';
export const SETTINGS_BACKUP = 'settings.json.bak';

export function settingsPath(dataDir: string): string {
  return join(dataDir, SETTINGS_FILE);
}

export function settingsBackupPath(dataDir: string): string {
  return join(dataDir, SETTINGS_BACKUP);
}

/**
 * The outcome of reading the settings. Never throws: a damaged file is a state the start-up
 * screen shows ("settings damaged: path — restore the last good ones?"), not a crash.
 */
export type SettingsLoad =
  | { status: 'missing'; path: string }
  | { status: 'ok'; path: string; settings: Settings }
  | { status: 'broken'; path: string; error: DeskError; backup: Settings | undefined };

type ReadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; settings: Settings; text: string }
  | { kind: 'broken'; detail: string; cause?: unknown };

function readSettingsFile(path: string): ReadResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'broken', detail: `${path}: ${(e as Error).message}`, cause: e };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return {
      kind: 'broken',
      detail: `${path}: not valid JSON (${(e as Error).message})`,
      cause: e,
    };
  }
  const v = validateSettings(json);
  if (!v.ok) return { kind: 'broken', detail: `${path}: ${describeIssues(v.issues)}` };
  return { kind: 'ok', settings: v.settings, text };
}

function serialize(settings: Settings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

export function loadSettings(dataDir: string): SettingsLoad {
  const path = settingsPath(dataDir);
  const r = readSettingsFile(path);
  if (r.kind === 'missing') return { status: 'missing', path };
  if (r.kind === 'ok') {
    refreshBackup(dataDir, r.settings);
    return { status: 'ok', path, settings: r.settings };
  }
  const bak = readSettingsFile(settingsBackupPath(dataDir));
  return {
    status: 'broken',
    path,
    error: new DeskError('SETTINGS_INVALID', r.detail, { cause: r.cause }),
    backup: bak.kind === 'ok' ? bak.settings : undefined,
  };
}

/** Keeps `.bak` equal to the last good settings seen; best effort, the main file matters. */
function refreshBackup(dataDir: string, settings: Settings): void {
  const bakPath = settingsBackupPath(dataDir);
  const text = serialize(settings);
  try {
    if (readFileSync(bakPath, 'utf8') === text) return;
  } catch {
    // missing or unreadable: rewrite it below
  }
  try {
    writeFileAtomic(bakPath, text, 0o600);
  } catch {
    // A backup that cannot be written must not stop the app from starting.
  }
}

/**
 * Validates and writes the settings (atomically: a crash leaves the old file or the new one,
 * never half of each), then refreshes `.bak`. Fields not in the schema, such as an `appToken`
 * someone passed along, are dropped, never written. Throws DeskError SETTINGS_REJECTED with the
 * field problems, or SETTINGS_WRITE_FAILED.
 */
export function saveSettings(dataDir: string, input: unknown): Settings {
  const v = validateSettings(input);
  if (!v.ok) throw new DeskError('SETTINGS_REJECTED', describeIssues(v.issues));
  const path = settingsPath(dataDir);
  try {
    privateDir(dataDir);
    writeFileAtomic(path, serialize(v.settings), 0o600);
  } catch (e) {
    throw new DeskError('SETTINGS_WRITE_FAILED', `${path}: ${(e as Error).message}`, { cause: e });
  }
  refreshBackup(dataDir, v.settings);
  return v.settings;
}

/** Puts the last good settings back in place of a damaged file. Throws SETTINGS_INVALID if none. */
export function restoreSettingsBackup(dataDir: string): Settings {
  const bakPath = settingsBackupPath(dataDir);
  const bak = readSettingsFile(bakPath);
  if (bak.kind !== 'ok') {
    throw new DeskError(
      'SETTINGS_INVALID',
      bak.kind === 'missing' ? `${bakPath}: no backup` : bak.detail,
    );
  }
  return saveSettings(dataDir, bak.settings);
}
