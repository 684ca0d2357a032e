import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDeskDb, openDeskDb, upsertOrders } from '../../main/core/db';
import { VtexClient } from '../../main/core/vtex/client';
import { SandboxClock } from '../../sandbox/state/clock';
import type { OrderDocument } from '../../vtex';
import { effectsOf, sandboxOrders } from '../helpers/outbox-desk';
import { KEY, startSandbox, type TestSandbox } from '../helpers/sandbox';

/** The headless commands support staff script with: desk:act queues, desk:sync sends. */

const ROOT = resolve(import.meta.dirname, '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ORDER_DESK_APP_TOKEN: KEY.appToken },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('desk:act and desk:sync', () => {
  let sb: TestSandbox;
  let dir: string;
  let db: string;
  let ready: OrderDocument;
  let card: OrderDocument;
  const act = (...args: string[]) =>
    run('scripts/desk-act.ts', [
      '--db',
      db,
      '--operator',
      'Ana',
      '--station',
      'Packing 1',
      ...args,
    ]);

  beforeAll(async () => {
    sb = await startSandbox({ clock: new SandboxClock() });
    dir = mkdtempSync(join(tmpdir(), 'outbox-cli-'));
    db = join(dir, 'desk.db');
    [ready] = (await sandboxOrders(sb, 1, { sellers: 1, status: 'ready-for-handling' })) as [
      OrderDocument,
    ];
    [card] = (await sandboxOrders(sb, 1, {
      sellers: 1,
      status: 'payment-pending',
      paymentGroup: 'creditCard',
    })) as [OrderDocument];
    const client = new VtexClient({ baseUrl: sb.url, ...KEY, rateLimit: false });
    const handle = openDeskDb(db);
    upsertOrders(handle, [
      await client.getOrder(ready.orderId),
      await client.getOrder(card.orderId),
    ]);
    closeDeskDb(handle);
  });
  afterAll(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues valid actions (printing their id), refuses the rest with a code and exit 1', async () => {
    const start = await act('start-handling', ready.orderId);
    expect(start.code).toBe(0);
    expect(start.stdout.trim()).toMatch(/^act-[0-9a-z]+-[0-9a-f]{8}$/);
    const inv = await act('invoice', ready.orderId, '--data', '{"invoiceNumber":"NF-CLI-1"}');
    expect(inv.code).toBe(0);

    const again = await act('start-handling', ready.orderId);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^refused ORDER_NOT_READY_FOR_HANDLING: /);
    const pay = await act('record-payment', card.orderId);
    expect(pay.code).toBe(1);
    expect(pay.stderr).toContain('refused PAYMENT_NOT_PENDING');

    const badJson = await act('note', ready.orderId, '--data', '{nope');
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toContain('--data is not valid JSON');
    const noOperator = await run('scripts/desk-act.ts', ['--db', db, 'note', ready.orderId]);
    expect(noOperator.code).toBe(2);
    expect(noOperator.stderr).toContain('--operator NAME and --station NAME');

    const list = await run('scripts/desk-act.ts', ['--db', db, 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(
      `${start.stdout.trim()}  ${ready.orderId}  start-handling  queued`,
    );
    expect(list.stdout).toContain('invoice(NF-CLI-1)');
    expect(list.stdout).toContain('3 pending, 0 in Needs attention');
  });

  it('desk:sync --once sends them and exits when feed and outbox are drained', async () => {
    const r = await run('scripts/desk-sync.ts', [
      '--base-url',
      sb.url,
      '--app-key',
      KEY.appKey,
      '--db',
      db,
      '--once',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('outbox: pending=0 attention=0');
    const paths = (await effectsOf(sb, ready.orderId)).map((e) => e.path.split('/').at(-1));
    expect(paths).toEqual(['start-handling', 'notes', 'invoice']);
    const list = await run('scripts/desk-act.ts', ['--db', db, 'list']);
    expect(list.stdout.trim()).toBe('0 pending, 0 in Needs attention');
  });
});
