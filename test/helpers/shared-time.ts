import { ManualClock } from '../../main/core/clock';
import type { Sleep } from '../../main/core/vtex/timing';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export interface SharedTime {
  clock: ManualClock;
  /** Waits until the shared clock reaches now + ms (moved by the driver, never by the sleeper). */
  sleep: Sleep;
  /** A fetch whose requests the driver waits for before it moves time. */
  fetch: typeof fetch;
  /** Every wait asked for (the desk harness's VirtualTime shape). */
  sleeps: number[];
  /** Moves time while `work` runs: whenever nothing is in flight, to the earliest wake-up. */
  run<T>(work: Promise<T>): Promise<T>;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Discrete-event virtual time for several desks at once. A single desk's virtual sleep can move
 * the clock by itself; several desks on one clock cannot (each would move it for the others).
 * Here every sleeper waits for its own wake-up time, and a driver moves the clock to the earliest
 * one whenever the event loop is idle and no HTTP request is in flight — so desks and the sandbox
 * (whose clock reads the same time) see minutes of traffic in a few real seconds, in the order
 * real time would have produced. `latencyMs` is each request's round trip, in virtual time.
 */
export function sharedTime(start: number, opts: { latencyMs?: number } = {}): SharedTime {
  const clock = new ManualClock(start);
  const timers: Timer[] = [];
  const sleeps: number[] = [];
  let seq = 0;
  let inflight = 0;

  const sleep: Sleep = (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      sleeps.push(ms);
      const timer: Timer = {
        at: clock.now() + Math.max(0, ms),
        seq: seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        const i = timers.indexOf(timer);
        if (i >= 0) timers.splice(i, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timers.push(timer);
    });

  const bufferedFetch: typeof fetch = async (input, init) => {
    // The network's round trip, in virtual time: a station cannot send faster than its lanes.
    if (opts.latencyMs) await sleep(opts.latencyMs);
    inflight++;
    try {
      const res = await fetch(input, init);
      // Read the whole body before the request counts as finished.
      const body = await res.arrayBuffer();
      const empty = res.status === 204 || res.status === 304;
      return new Response(empty ? null : body, { status: res.status, headers: res.headers });
    } finally {
      inflight--;
    }
  };

  const run = async <T>(work: Promise<T>): Promise<T> => {
    let done = false;
    const finished = work.finally(() => {
      done = true;
    });
    // Keep `finished` observed so a rejection surfaces through the await below, not as unhandled.
    finished.catch(() => undefined);
    while (!done) {
      let idle = 0;
      while (idle < 3 && !done) {
        await turn();
        idle = inflight === 0 ? idle + 1 : 0;
      }
      if (done) break;
      if (timers.length === 0) continue;
      timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = timers.shift() as Timer;
      if (next.at > clock.now()) clock.advance(next.at - clock.now());
      next.resolve();
    }
    return finished;
  };

  return { clock, sleep, fetch: bufferedFetch, sleeps, run };
}
