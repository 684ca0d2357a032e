import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { atLeast, atMost, BenchClient, info, type BenchModule, type Metric } from './lib';
import { startSandboxProcess } from './sandbox-process';

/**
 * A warehouse of stations on one account: `STATIONS` desk cores, each in its own process with its
 * own appKey and cache, against one sandbox (own process) with the account's limit of
 * `LIMIT_PER_MINUTE` requests a minute shared by all keys and `LATENCY_MS` added to every API
 * request. The account holds `OPEN_ORDERS` open orders and no station has a cache yet: all start
 * their first catch-up at once (each with its jittered start), the morning after an outage.
 *
 * - `fleet.catchUpRatioToLimit`: the ideal time (requests the account accepted ÷ its limit) ÷ the
 *   time from the common start to the last station's finish (goal ≥ 0.85). The sandbox's window
 *   is a sliding minute that starts empty, so the first minute's burst can put this above 1.
 * - `fleet.http429Share`: requests answered 429 ÷ all requests (goal ≤ 2 %).
 * - `fleet.fairness`: the slowest station's catch-up time ÷ the fastest's (goal ≤ 1.5).
 *
 * FLEET_STATIONS and FLEET_ORDERS override the sizes for a quick look while developing.
 */

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const STATION = join(ROOT, 'bench', 'fleet-station.ts');
const STATIONS = Number(process.env.FLEET_STATIONS ?? 20);
const OPEN_ORDERS = Number(process.env.FLEET_ORDERS ?? 1000);
const LIMIT_PER_MINUTE = 6000;
const LATENCY_MS = 50;

interface StationResult {
  startedAt: number;
  finishedAt: number;
  requests: number;
  throttled: number;
  throttledAt: number[];
  acceptedAt: number[];
  stored: number;
  perMinute: number | null;
}

interface Station {
  ready: Promise<void>;
  go(): void;
  result: Promise<StationResult>;
}

function startStation(cfg: Record<string, string>): Station {
  const child = spawn(process.execPath, ['--import', 'tsx', STATION, JSON.stringify(cfg)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const result = new Promise<StationResult>((resolveResult, reject) => {
    lines.on('line', (line) => {
      if (line === 'ready') onReady();
      else if (line.startsWith('{')) resolveResult(JSON.parse(line) as StationResult);
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`a fleet station exited with ${code}`));
    });
  });
  return {
    ready,
    go: () => child.stdin.end('go\n'),
    result: result.finally(() => once(child, 'exit').catch(() => undefined)),
  };
}

export async function runFleetBench(): Promise<Record<string, Metric>> {
  const sandbox = await startSandboxProcess([
    '--rate-limit',
    String(LIMIT_PER_MINUTE),
    '--seed',
    '31',
  ]);
  const dir = mkdtempSync(join(tmpdir(), 'order-desk-fleet-'));
  const control = new BenchClient(sandbox.url);
  try {
    for (let made = 0; made < OPEN_ORDERS;) {
      const n = Math.min(500, OPEN_ORDERS - made);
      await control.json('POST', '/_sandbox/orders', {
        count: n,
        spec: { paymentGroup: 'creditCard', sellers: 1, status: 'ready-for-handling' },
      });
      made += n;
    }
    const keys = Array.from({ length: STATIONS }, (_, i) => ({
      appKey: `vtexappkey-fleet-STATION${String(i + 1).padStart(2, '0')}`,
      appToken: `fleet-token-${i + 1}`,
    }));
    for (const k of keys) await control.json('POST', '/_sandbox/keys', k);
    await control.json('POST', '/_sandbox/faults', { kind: 'latency', ms: LATENCY_MS });

    const stations = keys.map((k, i) =>
      startStation({ url: sandbox.url, ...k, dbFile: join(dir, `station-${i + 1}.db`) }),
    );
    await Promise.all(stations.map((s) => s.ready));
    const t0 = Date.now();
    for (const s of stations) s.go();
    const results = await Promise.all(stations.map((s) => s.result));
    const lastFinish = Math.max(...results.map((r) => r.finishedAt));
    const seconds = (lastFinish - t0) / 1000;

    const requests = results.reduce((a, r) => a + r.requests, 0);
    const throttled = results.reduce((a, r) => a + r.throttled, 0);
    const accepted = requests - throttled;
    const idealSeconds = accepted / (LIMIT_PER_MINUTE / 60);
    const times = results.map((r) => (r.finishedAt - t0) / 1000);
    const missing = results.filter((r) => r.stored !== OPEN_ORDERS).length;
    if (missing > 0)
      throw new Error(`${missing} station(s) did not store all ${OPEN_ORDERS} orders`);
    console.log(
      `fleet: ${STATIONS} stations × ${OPEN_ORDERS} open orders, limit ${LIMIT_PER_MINUTE}/min, ` +
        `${LATENCY_MS} ms: ${requests} requests (${throttled} × 429) in ${seconds.toFixed(1)} s, ` +
        `ideal ${idealSeconds.toFixed(1)} s; stations finished after ` +
        `${Math.min(...times).toFixed(1)}–${Math.max(...times).toFixed(1)} s; allowed rates at ` +
        `the end ${results.map((r) => Math.round(r.perMinute ?? 0)).join(', ')} /min`,
    );
    // When the 429s came (the first minute's window filling up, or the probing after it), and
    // how full the account was: where the time beyond the ideal went.
    const per10s = (times: number[]): string => {
      const buckets = new Map<number, number>();
      for (const at of times) {
        const b = Math.floor((at - t0) / 10_000) * 10;
        buckets.set(b, (buckets.get(b) ?? 0) + 1);
      }
      return [...buckets.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([b, n]) => `${b}s:${n}`)
        .join(' ');
    };
    console.log(
      `fleet: 429s per 10 s from the start: ${per10s(results.flatMap((r) => r.throttledAt))}`,
    );
    console.log(
      `fleet: accepted per 10 s (the account takes 1,000): ${per10s(results.flatMap((r) => r.acceptedAt))}`,
    );
    console.log(
      `fleet: station finish times (s): ${times
        .map((t) => t.toFixed(0))
        .sort((a, b) => Number(a) - Number(b))
        .join(' ')}`,
    );
    return {
      'fleet.catchUpRatioToLimit': atLeast(idealSeconds / seconds, 'ratio', 0.85),
      'fleet.http429Share': atMost((throttled / requests) * 100, '%', 2),
      'fleet.fairness': atMost(Math.max(...times) / Math.min(...times), 'ratio', 1.5),
      'fleet.requests': info(requests, 'requests'),
    };
  } finally {
    control.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const fleetBench: BenchModule = { name: 'fleet', run: runFleetBench };
