import { describe, expect, it } from 'vitest';
import { runCrashLoop } from '../helpers/outbox-crash';

/**
 * The crash loop of issue 4: 500 mixed actions queued offline against a cache filled from the
 * sandbox, then replayed by `desk:sync --once` child processes against the sandbox with faults on
 * (responses dropped after the write, resets, 500s, 503s, latency), each SIGKILLed after a seeded
 * random number of applied writes — often between VTEX applying a write and the desk recording
 * it — and restarted. At the end the effect log holds every action exactly once and the cache
 * agrees with VTEX. bench/outbox.ts runs a bigger loop.
 */
describe('crash loop: 500 offline actions, faults, SIGKILL', () => {
  it('applies every action exactly once and ends with the cache equal to VTEX', async () => {
    const r = await runCrashLoop({
      orders: { ready: 60, cancel: 40, handling: 40, cash: 40 },
      kills: 12,
      seed: 20261127,
      finalTimeoutMs: 45_000,
    });
    expect(r.actions).toBe(500);
    // start-handling also queues its "handling started" interaction: 60 more rows.
    expect(r.rows).toBe(560);
    expect(r.kills, r.earlyExits.join('\n')).toBeGreaterThanOrEqual(8);
    expect(r.finalExit, r.finalOutput).toBe(0);
    expect(r.finalOutput).toContain('outbox: pending=0 attention=0');
    expect(r.notDone).toEqual([]);
    expect(r.diff).toEqual([]);
    expect(r.effects).toBe(r.rows);
    expect(r.unchanged).toBe(0);
    // Some actions were settled by reading VTEX after a drop, a reset or a kill.
    expect(r.foundAtVtex).toBeGreaterThan(0);
    expect(r.cacheMismatches).toEqual([]);
  }, 120_000);
});
