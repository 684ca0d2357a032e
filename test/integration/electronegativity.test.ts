import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';

/**
 * Electronegativity (Doyensec's Electron security linter) over the main process, the preload and
 * the page's HTML (its CSP): no finding of medium severity or above except those listed, with a
 * reason, in electronegativity.json. Offline: the Electron version is given, and the one check
 * that downloads Electron's release list is left out.
 */

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const ELECTRON = (
  JSON.parse(readFileSync(join(REPO, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;
const SEVERE = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

interface Suppression {
  check: string;
  file: string;
  reason: string;
}
const { suppressions } = JSON.parse(readFileSync(join(REPO, 'electronegativity.json'), 'utf8')) as {
  suppressions: Suppression[];
};

/** One line of its CSV: fields separated by commas, some quoted. */
function fields(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)]
    .map((m) => m[1] ?? '')
    .map((f) => (f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f).trim());
}

const work = mkdtempSync(join(tmpdir(), 'electronegativity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

it('finds nothing of medium severity or above in main and the preload', () => {
  const app = join(work, 'app');
  mkdirSync(join(app, 'renderer'), { recursive: true });
  cpSync(join(REPO, 'main'), join(app, 'main'), { recursive: true });
  cpSync(join(REPO, 'preload'), join(app, 'preload'), { recursive: true });
  cpSync(join(REPO, 'renderer', 'index.html'), join(app, 'renderer', 'index.html'));
  const csv = join(work, 'findings.csv');
  const run = spawnSync(
    join(REPO, 'node_modules', '.bin', 'electronegativity'),
    [
      '-i',
      app,
      '-e',
      ELECTRON,
      '-r',
      '-v',
      'false',
      '-x',
      'AvailableSecurityFixesGlobalCheck',
      '-o',
      csv,
    ],
    { encoding: 'utf8', timeout: 90_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  const findings = readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map(fields)
    .map(([check = '', severity = '', , file = '', location = '', sample = '']) => ({
      check,
      severity,
      file: file.replace(/\\/g, '/'),
      location,
      sample,
    }));
  const severe = findings.filter((f) => SEVERE.has(f.severity));
  const open = severe.filter(
    (f) => !suppressions.some((s) => s.check === f.check && s.file === f.file),
  );
  expect(open).toEqual([]);
  const stale = suppressions.filter(
    (s) => !severe.some((f) => f.check === s.check && f.file === s.file),
  );
  expect(stale, 'electronegativity.json lists findings that are gone').toEqual([]);
  for (const s of suppressions) expect(s.reason.length, `${s.check}: a reason`).toBeGreaterThan(10);
});
