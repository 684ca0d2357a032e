import { ManualClock } from '../../main/core/clock';
import type { Sleep } from '../../main/core/vtex/timing';

/** The sandbox test helper's fixed start time, so desk and sandbox clocks agree. */
export const SANDBOX_EPOCH = Date.parse('2026-11-27T12:00:00.000Z');

export interface VirtualTime {
  clock: ManualClock;
  /** Advances the clock by the requested time and resolves at once. */
  sleep: Sleep;
  /** Every wait asked for, in order. */
  sleeps: number[];
}

/**
 * Virtual time for the desk core: waits return immediately and move the desk clock instead, so
 * backoffs of a minute cost nothing, and tests can assert what was waited.
 */
export function virtualTime(
  start = SANDBOX_EPOCH,
  opts: { realMsPerWait?: number } = {},
): VirtualTime {
  const clock = new ManualClock(start);
  const sleeps: number[] = [];
  const real = opts.realMsPerWait ?? 0;
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    sleeps.push(ms);
    clock.advance(Math.max(0, ms));
    // Yield to the event loop as a real timer would; a running loop (start()) also gets a few
    // real milliseconds per wait so it cannot spin while a test waits for something real.
    await new Promise<void>((resolve) => {
      if (real > 0) setTimeout(resolve, Math.min(real, ms));
      else setImmediate(resolve);
    });
    signal?.throwIfAborted();
  };
  return { clock, sleep, sleeps };
}
