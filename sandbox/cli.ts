import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { RESOURCES } from '../vtex';
import { DEFAULT_KEY } from './state/accounts';
import { FaultSpecError, parseFaultSpec, type FaultRuleInput } from './state/faults';
import { startSandboxServer, type SandboxServerOptions } from './server';

export const USAGE = `Usage: npm run sandbox -- [options]

Runs the local VTEX Orders API sandbox on 127.0.0.1 until Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port N                 port to listen on (default 8787; 0 picks a free port)
  --db FILE                SQLite file that keeps the state across restarts (default: in memory)
  --orders N               orders created at start when the store is empty (default 0)
  --orders-per-minute R    new orders arriving per minute (default 0)
  --window-to-cancel S     seconds an order stays in window-to-cancel (default 1800)
  --app-key K              appKey of the single key pair (replaces the default; needs --app-token)
  --app-token T            appToken of that pair
  --rate-limit N           requests per minute per account before 429 (default 6000; 0 = no limit)
  --status-delay-ms MS     sandbox ms an order stays in a passing status (start-handling,
                           approve-payment, invoice, cancel) before the next one (default 3000;
                           0 = at once)
  --key-resources LIST     License Manager resources of the key pair, comma-separated
                           (e.g. "View order,List Orders"); other endpoints answer 403
                           (default: all)
  --seed N                 seed of the order generator and of fault probabilities (default 42)
  --fault SPEC             a fault rule, repeatable: kind:key=value:…, e.g.
                             "latency:ms=200:route=GET /api/oms/pvt/orders/*"
                             "error:status=503:rate=0.2"   (rate = probability)
                             "rate429:retryAfterSeconds=30:count=5"
                             "reset:route=POST /api/orders/feed"
                             "applyThenDrop:route=POST /api/oms/pvt/orders/*/invoice:count=1"
                             "feedDuplicate:rate=0.3"   "feedReorder"
                             "statusDelay:ms=600000"   (passing statuses last 10 minutes)
                             "outage:seconds=30"
  -h, --help               print this help

Prints one line: sandbox listening on http://127.0.0.1:PORT appKey=K appToken=T`;

/** A flag problem: reported as one line on stderr with exit code 2. */
export class UsageError extends Error {}

export type CliResult =
  { help: true } | { help: false; options: SandboxServerOptions & { port: number } };

function int(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

function num(flag: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be a number from ${min} to ${max}, got "${raw}"`);
  }
  return n;
}

/** Parses the command line into server options; throws UsageError for anything wrong. */
export function parseCli(argv: string[]): CliResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        db: { type: 'string' },
        orders: { type: 'string' },
        'orders-per-minute': { type: 'string' },
        'window-to-cancel': { type: 'string' },
        'app-key': { type: 'string' },
        'app-token': { type: 'string' },
        'rate-limit': { type: 'string' },
        'status-delay-ms': { type: 'string' },
        'key-resources': { type: 'string' },
        seed: { type: 'string' },
        fault: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    // parseArgs explains in several sentences; the first one names the problem.
    const msg = (e as Error).message.split(/\.\s/)[0] ?? String(e);
    throw new UsageError(msg.replace(/\.$/, ''));
  }
  if (values.help) return { help: true };

  const appKey = values['app-key'];
  const appToken = values['app-token'];
  if ((appKey === undefined) !== (appToken === undefined)) {
    throw new UsageError('--app-key and --app-token go together');
  }
  if (appKey === '' || appToken === '')
    throw new UsageError('--app-key and --app-token must not be empty');
  if (values.db === '') throw new UsageError('--db needs a file name');

  const faults: FaultRuleInput[] = [];
  for (const spec of values.fault ?? []) {
    try {
      faults.push(parseFaultSpec(spec));
    } catch (e) {
      if (e instanceof FaultSpecError) throw new UsageError(`--fault ${e.message}`);
      throw e;
    }
  }

  const options: SandboxServerOptions & { port: number } = {
    port: int('port', values.port, 0, 65_535) ?? 8787,
  };
  const seedOrders = int('orders', values.orders, 0, 100_000);
  const ordersPerMinute = num('orders-per-minute', values['orders-per-minute'], 0, 100_000);
  const windowToCancelSeconds = int(
    'window-to-cancel',
    values['window-to-cancel'],
    0,
    30 * 24 * 3600,
  );
  const rateLimitPerMinute = int('rate-limit', values['rate-limit'], 0, 1_000_000_000);
  const seed = int('seed', values.seed, 0, 2 ** 32 - 1);
  const statusDelayMs = int('status-delay-ms', values['status-delay-ms'], 0, 7 * 86_400_000);
  let resources: string[] | undefined;
  if (values['key-resources'] !== undefined) {
    resources = values['key-resources']
      .split(',')
      .map((r) => r.trim())
      .filter((r) => r !== '');
    const unknown = resources.filter((r) => !(RESOURCES as readonly string[]).includes(r));
    if (unknown.length) {
      throw new UsageError(
        `--key-resources has unknown resource "${unknown[0]}"; known: ${RESOURCES.join(', ')}`,
      );
    }
  }
  if (values.db !== undefined) options.db = values.db;
  if (seedOrders !== undefined) options.seedOrders = seedOrders;
  if (ordersPerMinute !== undefined) options.ordersPerMinute = ordersPerMinute;
  if (windowToCancelSeconds !== undefined) options.windowToCancelSeconds = windowToCancelSeconds;
  if (rateLimitPerMinute !== undefined) options.rateLimitPerMinute = rateLimitPerMinute;
  if (seed !== undefined) options.seed = seed;
  if (statusDelayMs !== undefined) options.statusDelayMs = statusDelayMs;
  if (appKey !== undefined && appToken !== undefined) options.appKeys = [{ appKey, appToken }];
  if (resources) options.appKeys = [{ ...(options.appKeys?.[0] ?? DEFAULT_KEY), resources }];
  if (faults.length) options.faults = faults;
  return { help: false, options };
}

async function main(): Promise<void> {
  let parsed: CliResult;
  try {
    parsed = parseCli(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`sandbox: ${e.message} (see --help)\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { options } = parsed;
  let server;
  try {
    server = await startSandboxServer(options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EADDRINUSE' ? `port ${options.port} is already in use` : err.message;
    process.stderr.write(`sandbox: cannot start: ${why}\n`);
    process.exit(1);
  }
  const key = options.appKeys?.[0] ?? DEFAULT_KEY;
  process.stdout.write(
    `sandbox listening on ${server.url} appKey=${key.appKey} appToken=${key.appToken}\n`,
  );

  let stopping = false;
  const stop = () => {
    // A second Ctrl-C while closing means "now".
    if (stopping) process.exit(0);
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`sandbox: error while closing: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/** Run only as the entry point (tests import parseCli). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().catch((err: unknown) => {
    process.stderr.write(`sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
