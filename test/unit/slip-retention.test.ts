import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pruneSlips } from '../../main/core/print/retention';
import { DEFAULT_PRINTING, PrintingSettings } from '../../main/core/print/settings';

/** Saved slips carry customer addresses: they are deleted after the retention the user sets. */

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-27T12:00:00.000Z');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'slip-retention-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function slip(order: string, name: string, ageDays: number): string {
  const folder = join(dir, 'slips', order);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, name);
  writeFileSync(file, '%PDF-1.4');
  const at = new Date(NOW - ageDays * DAY);
  utimesSync(file, at, at);
  return file;
}

describe('slip retention', () => {
  it('is 90 days unless the user sets another number of days', () => {
    expect(DEFAULT_PRINTING.slipRetentionDays).toBe(90);
    expect(PrintingSettings.parse({ slipRetentionDays: 30 }).slipRetentionDays).toBe(30);
    expect(PrintingSettings.safeParse({ slipRetentionDays: 0 }).success).toBe(false);
    expect(PrintingSettings.safeParse({ slipRetentionDays: 1.5 }).success).toBe(false);
  });

  it('deletes slips older than the retention and the folders they leave empty', () => {
    const old = slip('ORDER-1', 'NF-1-thermal-en.pdf', 91);
    const oldHtml = slip('ORDER-1', 'NF-1-thermal-en.html', 120);
    const mixedOld = slip('ORDER-2', 'NF-2-sheet-en.pdf', 100);
    const recent = slip('ORDER-2', 'NF-3-sheet-en.pdf', 10);
    const edge = slip('ORDER-3', 'NF-4-thermal-en.pdf', 89);

    expect(pruneSlips(dir, { now: NOW, retentionDays: 90 })).toEqual({ files: 3 });
    expect([old, oldHtml, mixedOld].map(existsSync)).toEqual([false, false, false]);
    expect([recent, edge].map(existsSync)).toEqual([true, true]);
    expect(existsSync(join(dir, 'slips', 'ORDER-1'))).toBe(false);
    expect(existsSync(join(dir, 'slips', 'ORDER-2'))).toBe(true);

    expect(pruneSlips(dir, { now: NOW, retentionDays: 7 })).toEqual({ files: 2 });
  });

  it('does nothing where no slip was ever saved', () => {
    expect(pruneSlips(join(dir, 'nothing-here'), { now: NOW, retentionDays: 90 })).toEqual({
      files: 0,
    });
  });
});
