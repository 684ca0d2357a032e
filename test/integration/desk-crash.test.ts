import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrder } from '../../main/core/db';
import { addOrder, cacheMatches, FLOW, moveOrder } from '../helpers/desk-harness';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

const ROOT = resolve(import.meta.dirname, '../..');
const KILLS = 8;
const VISIBILITY_MS = 300_000;

/** mulberry32: the kill points are random but the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface FeedItemSeen {
  orderId: string;
  currentChange: string;
}

interface CommitCheck {
  handle: string;
  orderId: string;
  /** Wall-clock time the commit reached the proxy (before VTEX saw it). */
  at: number;
  /** The order's cached_at in the desk DB at that moment (undefined: not stored). */
  cachedAt: number | undefined;
  lastChange: string | undefined;
  currentChange: string;
}

/**
 * A recording proxy between `desk:sync` and the sandbox. It remembers which order every handed-out
 * feed handle belongs to, and when a commit arrives — before forwarding it — it reads the desk's
 * SQLite file to check that each committed handle's order is already stored. It can also kill the
 * desk process when a chosen request arrives.
 */
class Proxy {
  server!: Server;
  url = '';
  readonly handles = new Map<string, FeedItemSeen>();
  readonly checks: CommitCheck[] = [];
  requests = 0;
  commits = 0;
  /** Called for each request before it is forwarded; returning true drops it. */
  onRequest: (req: IncomingMessage, body: string) => boolean = () => false;
  private reader: Database.Database | null = null;

  constructor(
    private readonly target: string,
    private readonly dbFile: string,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.reader?.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private db(): Database.Database {
    this.reader ??= new Database(this.dbFile, { readonly: true, fileMustExist: true });
    return this.reader;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      this.requests++;
      if (this.onRequest(req, body)) {
        res.destroy();
        return;
      }
      if (req.method === 'POST' && path === '/api/orders/feed') {
        this.commits++;
        const at = Date.now();
        for (const handle of (JSON.parse(body) as { handles: string[] }).handles) {
          const seen = this.handles.get(handle);
          if (!seen) throw new Error(`commit of a handle the feed never handed out: ${handle}`);
          const row = getOrder(this.db(), seen.orderId);
          this.checks.push({
            handle,
            orderId: seen.orderId,
            at,
            cachedAt: row?.cachedAt,
            lastChange: row?.lastChange,
            currentChange: seen.currentChange,
          });
        }
      }
      const headers: Record<string, string> = {};
      for (const h of ['x-vtex-api-appkey', 'x-vtex-api-apptoken', 'content-type', 'accept']) {
        const v = req.headers[h];
        if (typeof v === 'string') headers[h] = v;
      }
      const r = await fetch(this.target + path, {
        method: req.method ?? 'GET',
        headers,
        ...(body && req.method !== 'GET' ? { body } : {}),
      });
      const text = await r.text();
      if (req.method === 'GET' && path.startsWith('/api/orders/feed?') && r.status === 200) {
        for (const it of JSON.parse(text) as (FeedItemSeen & { handle: string })[]) {
          this.handles.set(it.handle, { orderId: it.orderId, currentChange: it.currentChange });
        }
      }
      const out: Record<string, string> = {
        'content-type': r.headers.get('content-type') ?? 'application/json',
      };
      const retry = r.headers.get('retry-after');
      if (retry) out['retry-after'] = retry;
      res.writeHead(r.status, out).end(text);
    } catch (err) {
      if (!res.headersSent) res.writeHead(502).end(String(err));
      else res.destroy();
    }
  }
}

describe('desk:sync killed at random points', () => {
  let sb: TestSandbox;
  let dir: string;
  let proxy: Proxy;

  beforeAll(async () => {
    sb = await startSandbox();
    dir = mkdtempSync(join(tmpdir(), 'order-desk-crash-'));
    proxy = new Proxy(sb.url, join(dir, 'desk.db'));
    await proxy.start();
  });
  afterAll(async () => {
    await proxy.close();
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const spawnDesk = (
    once: boolean,
  ): { child: ChildProcess; output: string[]; exited: Promise<number | null> } => {
    const args = [
      '--import',
      'tsx',
      'scripts/desk-sync.ts',
      '--base-url',
      proxy.url,
      '--app-key',
      KEY.appKey,
      '--db',
      join(dir, 'desk.db'),
      '--max-idle-ms',
      '50',
      ...(once ? ['--once'] : []),
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ORDER_DESK_APP_TOKEN: KEY.appToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    return { child, output, exited };
  };

  it('never commits a handle before its order is stored, and ends with every order cached once', async () => {
    const random = rng(7);
    // Orders that exist before the desk's first start reach it through the catch-up.
    for (let i = 0; i < 10; i++) addOrder(sb, i % 2 ? FLOW.ready : FLOW.handling);

    for (let run = 0; run < KILLS; run++) {
      const requestsBefore = proxy.requests;
      const commitsBefore = proxy.commits;
      // Half the kills land exactly between store and commit, the rest on any request.
      const atCommit = random() < 0.5;
      const nth = atCommit ? 1 + Math.floor(random() * 3) : 5 + Math.floor(random() * 40);
      const desk = spawnDesk(false);
      let killed = false;
      const kill = (): void => {
        if (killed) return;
        killed = true;
        desk.child.kill('SIGKILL');
      };
      proxy.onRequest = (req) => {
        const hit = atCommit
          ? req.method === 'POST' &&
            req.url === '/api/orders/feed' &&
            proxy.commits - commitsBefore + 1 >= nth
          : proxy.requests - requestsBefore >= nth;
        if (hit) kill();
        return hit;
      };
      // Orders keep arriving while the desk runs.
      const arrivals = setInterval(() => addOrder(sb, FLOW.ready), 60);
      const deadline = setTimeout(kill, 8000);
      const code = await desk.exited;
      clearInterval(arrivals);
      clearTimeout(deadline);
      expect(code, desk.output.join('')).toBeNull(); // killed, not exited
      proxy.onRequest = () => false;
      // Some orders move on while the desk is down; invisible items become visible again.
      const ids = (
        sb.app.sandbox.db
          .prepare("SELECT order_id FROM orders WHERE status = 'ready-for-handling' LIMIT 3")
          .all() as {
          order_id: string;
        }[]
      ).map((r) => r.order_id);
      for (const id of ids) moveOrder(sb, id, ['start-handling', 'handling']);
      sb.clock.advance(VISIBILITY_MS + 1000);
      await sb.app.sandbox.tick();
    }

    const last = spawnDesk(true);
    expect(await last.exited, last.output.join('')).toBe(0);

    // 1. No handle was committed before its order was stored (checked at commit time) …
    const early = proxy.checks.filter(
      (c) =>
        c.cachedAt === undefined || c.cachedAt > c.at || (c.lastChange ?? '') < c.currentChange,
    );
    expect(early).toEqual([]);
    expect(proxy.checks.length).toBeGreaterThan(50);
    // … and every commit VTEX applied is one the proxy checked.
    const effects = (await (await sb.api('/_sandbox/effects?path=/api/orders/feed')).json()) as {
      method: string;
      body: { handles?: string[] } | null;
    }[];
    const committed = effects
      .filter((e) => e.method === 'POST')
      .flatMap((e) => e.body?.handles ?? []);
    const checked = new Set(proxy.checks.map((c) => c.handle));
    expect(committed.filter((h) => !checked.has(h))).toEqual([]);

    // 2. Every order is in the cache exactly once, in its current version; nothing is left queued.
    const all = (
      sb.app.sandbox.db.prepare('SELECT order_id FROM orders').all() as { order_id: string }[]
    ).map((r) => r.order_id);
    const desk = new Database(join(dir, 'desk.db'), { readonly: true });
    try {
      const rows = desk
        .prepare('SELECT order_id, count(*) AS n FROM orders GROUP BY order_id')
        .all() as {
        order_id: string;
        n: number;
      }[];
      expect(rows.filter((r) => r.n !== 1)).toEqual([]);
      expect(rows.map((r) => r.order_id).sort()).toEqual([...all].sort());
      expect(cacheMatches(sb, desk, all)).toEqual([]);
    } finally {
      desk.close();
    }
    const cfg = (await (await sb.api('/api/orders/feed/config')).json()) as { quantity: number };
    expect(cfg.quantity).toBe(0);
  });

  it('desk:sync: bad flags exit 2, --once exits 0, SIGTERM stops cleanly; the token is never printed', async () => {
    const run = (args: string[], env: Record<string, string> = {}) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/desk-sync.ts', ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      return { child, exited, output: () => output };
    };
    const db = join(dir, 'cli.db');
    const bad = run(
      ['--base-url', sb.url, '--db', db, '--app-key', KEY.appKey, '--max-idle-ms', 'soon'],
      { ORDER_DESK_APP_TOKEN: KEY.appToken },
    );
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/--max-idle-ms must be a positive integer/);
    const noToken = run(['--base-url', sb.url, '--db', db, '--app-key', KEY.appKey], {
      ORDER_DESK_APP_TOKEN: '',
    });
    expect(await noToken.exited).toBe(2);
    expect(noToken.output()).toMatch(/ORDER_DESK_APP_TOKEN/);

    addOrder(sb, FLOW.ready);
    const once = run([
      '--base-url',
      sb.url,
      '--db',
      db,
      '--app-key',
      KEY.appKey,
      '--app-token',
      KEY.appToken,
      '--once',
    ]);
    expect(await once.exited, once.output()).toBe(0);
    expect(once.output()).toMatch(/^drained: received=\d+/m);
    expect(once.output()).not.toContain(KEY.appToken);

    const loop = run(
      ['--base-url', sb.url, '--db', db, '--app-key', KEY.appKey, '--max-idle-ms', '50'],
      {
        ORDER_DESK_APP_TOKEN: KEY.appToken,
      },
    );
    while (!/status feed=ok/.test(loop.output())) {
      if (loop.child.exitCode !== null) throw new Error(loop.output());
      await new Promise((r) => setTimeout(r, 50));
    }
    loop.child.kill('SIGTERM');
    expect(await loop.exited, loop.output()).toBe(0);
    expect(loop.output()).toMatch(/SIGTERM: finishing the current cycle/);
    expect(loop.output()).toMatch(/status feed=stopped/);
    expect(loop.output()).not.toContain(KEY.appToken);
  });
});
