import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import { CatchUpEta } from '../../main/core/feed/catch-up';

describe('catch-up time left', () => {
  it('has no estimate until seconds and orders have gone by, then extrapolates the rate so far', () => {
    const clock = new ManualClock(0);
    const eta = new CatchUpEta(clock);
    expect(eta.remainingMs(0, 1000)).toBeNull();
    clock.advance(1000);
    expect(eta.remainingMs(50, 1000)).toBeNull();
    clock.advance(1000);
    // 100 orders in 2 s: 900 more take 18 s.
    expect(eta.remainingMs(100, 1000)).toBe(18_000);
    // The rate halves (other stations came online): after a minute the estimate is the new one.
    for (let i = 1; i <= 6; i++) {
      clock.advance(10_000);
      eta.remainingMs(100 + i * 25 * 10, 10_000);
    }
    clock.advance(10_000);
    // 25 a second over the last minute: 8,150 left take 326 s.
    expect(eta.remainingMs(1850, 10_000)).toBe(326_000);
    expect(eta.remainingMs(10_000, 10_000)).toBe(0);
  });

  it('starts over when the count goes back (a new catch-up)', () => {
    const clock = new ManualClock(0);
    const eta = new CatchUpEta(clock);
    eta.remainingMs(0, 100);
    clock.advance(10_000);
    expect(eta.remainingMs(50, 100)).toBe(10_000);
    expect(eta.remainingMs(0, 500)).toBeNull();
  });
});
