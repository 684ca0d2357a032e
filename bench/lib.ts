import http from 'node:http';
import os from 'node:os';

/**
 * What every benchmark module shares: the metric shape written to bench/results.json, the module
 * contract bench/run.ts runs, and a keep-alive HTTP load generator for 127.0.0.1.
 */

export interface Metric {
  value: number;
  unit: string;
  /** Human-readable target, e.g. ">= 0.5". */
  goal: string;
  met: boolean;
}

export type Metrics = Record<string, Metric>;

/** One area's benchmark. `name` is what `npm run bench -- NAME` selects; metric keys start with it. */
export interface BenchModule {
  name: string;
  run(): Promise<Metrics>;
}

const round = (v: number, digits = 3) => Number(v.toFixed(digits));

export function atLeast(value: number, unit: string, min: number): Metric {
  return { value: round(value), unit, goal: `>= ${min}`, met: value >= min };
}

export function atMost(value: number, unit: string, max: number): Metric {
  return { value: round(value), unit, goal: `<= ${max}`, met: value <= max };
}

/** A figure that explains others and has no goal of its own (`npm run bench` prints it as info). */
export function info(value: number, unit: string): Metric {
  return { value: round(value), unit, goal: 'info', met: true };
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    model: cpus[0]?.model ?? 'unknown',
    totalMemGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
}

export interface HttpResult {
  status: number;
  /** Decoded on first read: a load loop that only checks the status does not pay for it. */
  readonly body: string;
}

/** A keep-alive client for one origin; node:http costs the client less than fetch, so the server is what is measured. */
export class BenchClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(
    base: string,
    private readonly headers: Record<string, string> = {},
    maxSockets = 16,
  ) {
    const u = new URL(base);
    if (u.hostname !== '127.0.0.1') throw new Error('benchmarks talk to 127.0.0.1 only');
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, json?: unknown): Promise<HttpResult> {
    const body = json === undefined ? undefined : JSON.stringify(json);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: {
            ...this.headers,
            ...(body === undefined
              ? {}
              : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            let text: string | undefined;
            resolve({
              status: res.statusCode ?? 0,
              get body() {
                text ??= Buffer.concat(chunks).toString('utf8');
                return text;
              },
            });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async json<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await this.request(method, path, json);
    if (res.status >= 300)
      throw new Error(`${method} ${path} → ${res.status}: ${res.body.slice(0, 300)}`);
    return (res.body === '' ? undefined : JSON.parse(res.body)) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface ThroughputOptions {
  /** Concurrent in-flight requests (one loop each). */
  concurrency: number;
  /** Stop after this many measured requests … */
  maxRequests: number;
  /** … or after this many milliseconds, whichever comes first. */
  maxMs: number;
  /** Unmeasured requests first (JIT, caches, connections). */
  warmupRequests: number;
}

/**
 * Requests per second of `one()` with `concurrency` loops. `one` resolves to false for a request
 * that must not count (e.g. housekeeping); its time still counts, which only makes the route look slower.
 */
export async function throughput(
  one: () => Promise<boolean>,
  o: ThroughputOptions,
): Promise<number> {
  let warm = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (warm < o.warmupRequests) {
        warm++;
        await one();
      }
    }),
  );
  let done = 0;
  let started = 0;
  const t0 = performance.now();
  const deadline = t0 + o.maxMs;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (started < o.maxRequests && performance.now() < deadline) {
        started++;
        if (await one()) done++;
        else started--;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return done / seconds;
}
