import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { FileShiftStore, PIN_LOCK_MS, PIN_TRIES } from '../../main/host/shift';

const dir = mkdtempSync(join(tmpdir(), 'desk-pin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('PINs at a station', () => {
  it('five wrong tries in a row lock the name for a while, even against the right PIN', () => {
    const clock = new ManualClock(1_000);
    const shifts = new FileShiftStore(join(dir, 'a'), clock);
    shifts.start('Bruno', '2468');
    shifts.end();
    for (let i = 1; i < PIN_TRIES; i++)
      expect(code(() => shifts.start('Bruno', '0000'))).toBe('PIN_WRONG');
    expect(code(() => shifts.start('Bruno', '0000'))).toBe('PIN_LOCKED');
    expect(code(() => shifts.start('bruno', '2468'))).toBe('PIN_LOCKED');
    clock.advance(PIN_LOCK_MS - 1);
    expect(code(() => shifts.start('Bruno', '2468'))).toBe('PIN_LOCKED');
    clock.advance(1);
    expect(shifts.start('Bruno', '2468').name).toBe('Bruno');
  });

  it('a right PIN resets the count of wrong tries', () => {
    const clock = new ManualClock(1_000);
    const shifts = new FileShiftStore(join(dir, 'b'), clock);
    shifts.start('Carla', '1357');
    shifts.end();
    for (let i = 1; i < PIN_TRIES; i++) code(() => shifts.start('Carla', '0000'));
    shifts.start('Carla', '1357');
    shifts.end();
    expect(code(() => shifts.start('Carla', '0000'))).toBe('PIN_WRONG');
  });

  it('a supervisor signs off with their own name and PIN, never the operator’s', () => {
    const clock = new ManualClock(1_000);
    const shifts = new FileShiftStore(join(dir, 'c'), clock);
    shifts.start('Sara', '9999');
    shifts.end();
    shifts.start('Ana', '1234');
    expect(shifts.verify('sara', '9999')).toEqual({ name: 'sara' });
    expect(code(() => shifts.verify('Sara', '1111'))).toBe('PIN_WRONG');
    expect(code(() => shifts.verify('Nobody', '1111'))).toBe('PIN_WRONG');
    expect(code(() => shifts.verify('ANA', '1234'))).toBe('SUPERVISOR_IS_OPERATOR');
    // The operator is still the same.
    expect(shifts.current()?.name).toBe('Ana');
  });
});
