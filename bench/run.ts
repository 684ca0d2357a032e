import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machine, type BenchModule, type Metric } from './lib';
import { coreBench, searchBench } from './desk-db';
import { fleetBench } from './fleet';
import { ingestBench } from './ingest';
import { actionBench, crashBench, replayBench } from './outbox';
import { packageBench } from './package';
import { sandboxBench } from './sandbox';
import { slipBench } from './slip';
import { soakBench } from './soak';
import { uiBench } from './ui';

/**
 * `npm run bench [-- NAME …]`: runs the benchmark modules (all, or those named) and merges their
 * metrics into bench/results.json. Keys measured by this run are overwritten; keys of modules
 * that did not run are kept, so one area can be re-measured alone.
 *
 * Adding a module: export a `BenchModule` (bench/lib.ts) from bench/<area>.ts whose metric keys
 * start with its name, and list it below.
 */
const MODULES: BenchModule[] = [
  sandboxBench,
  ingestBench,
  fleetBench,
  slipBench,
  actionBench,
  replayBench,
  crashBench,
  searchBench,
  coreBench,
  uiBench,
  soakBench,
  packageBench,
];

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

type Results = Record<string, unknown>;

function readResults(): Results {
  if (!existsSync(RESULTS)) return {};
  try {
    const old: unknown = JSON.parse(readFileSync(RESULTS, 'utf8'));
    return typeof old === 'object' && old !== null && !Array.isArray(old) ? (old as Results) : {};
  } catch {
    console.warn(`bench: ${RESULTS} is not valid JSON; starting a new one`);
    return {};
  }
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !MODULES.some((m) => m.name === w));
  if (unknown.length) {
    console.error(
      `bench: unknown module(s) ${unknown.join(', ')}; known: ${MODULES.map((m) => m.name).join(', ')}`,
    );
    process.exit(2);
  }
  const selected = wanted.length ? MODULES.filter((m) => wanted.includes(m.name)) : MODULES;

  // Each module in a process of its own: what one leaves in the heap (the ui module caches
  // 100,000 orders) must not count in the next one's figures, above all the soak's RSS growth.
  if (selected.length > 1) {
    for (const m of selected) {
      const child = spawnSync(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), m.name],
        { stdio: 'inherit' },
      );
      if (child.status !== 0) process.exit(child.status ?? 1);
    }
    return;
  }

  const measured: Record<string, Metric> = {};
  for (const m of selected) {
    const t0 = performance.now();
    Object.assign(measured, await m.run());
    console.log(`bench: ${m.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }

  const results: Results = {
    ...readResults(),
    ...measured,
    machine: machine(),
    date: new Date().toISOString(),
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);

  for (const [key, m] of Object.entries(measured)) {
    if (m.goal === 'info') console.log(`info   ${key} = ${m.value} ${m.unit}`);
    else
      console.log(`${m.met ? 'met   ' : 'MISSED'} ${key} = ${m.value} ${m.unit} (goal ${m.goal})`);
  }
}

main().catch((err: unknown) => {
  console.error(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});
