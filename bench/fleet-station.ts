import { createInterface } from 'node:readline';
import { closeDeskDb, countOrders, openDeskDb } from '../main/core/db';
import { createDeskCore } from '../main/core/desk-core';
import { VtexClient } from '../main/core/vtex/client';

/**
 * One station of bench/fleet.ts, in its own process: its own appKey, cache and VTEX client (with
 * the desk's adaptive limiter at its default ceiling and jittered start). It opens its cache, says
 * `ready`, waits for `go` on stdin so that all stations start together, catches up (first start:
 * List orders + Get order of every open order, then the empty feed), and prints one JSON line.
 *
 *   tsx bench/fleet-station.ts '{"url","appKey","appToken","dbFile"}'
 */

interface StationConfig {
  url: string;
  appKey: string;
  appToken: string;
  dbFile: string;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as StationConfig;
  const db = openDeskDb(cfg.dbFile);
  let requests = 0;
  let throttled = 0;
  const throttledAt: number[] = [];
  const acceptedAt: number[] = [];
  const client = new VtexClient({
    baseUrl: cfg.url,
    appKey: cfg.appKey,
    appToken: cfg.appToken,
    timeoutMs: 60_000,
    rateLimit: { perMinute: 6000, startJitterMs: 1000 },
    onRequest: (l) => {
      requests++;
      if (l.status === 429) {
        throttled++;
        throttledAt.push(Date.now());
      } else acceptedAt.push(Date.now());
    },
  });
  const core = createDeskCore({ db, client, poller: { auditIntervalMs: 0 } });
  const lines = createInterface({ input: process.stdin });
  process.stdout.write('ready\n');
  for await (const line of lines) if (line.trim() === 'go') break;
  const t0 = Date.now();
  await core.drainOnce();
  const finishedAt = Date.now();
  const stored = countOrders(db);
  closeDeskDb(db);
  process.stdout.write(
    `${JSON.stringify({ startedAt: t0, finishedAt, requests, throttled, throttledAt, acceptedAt, stored, perMinute: client.allowedPerMinute })}\n`,
  );
  lines.close();
}

main().catch((err: unknown) => {
  console.error(
    `fleet station: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  process.exit(1);
});
