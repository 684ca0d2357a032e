import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { openDeskLog } from '../../main/host/desk-log';
import { startIpcDesk, type IpcDesk } from '../helpers/desk-ipc';
import { sandboxOrders } from '../helpers/outbox-desk';

/**
 * Settings → "Export support file" through the browser host: the zip a support person gets, with
 * the logs, the settings without the token, versions and counts.
 */

const TOKEN = 'sandbox-secret-token';
let desk: IpcDesk;

beforeAll(async () => {
  desk = await startIpcDesk();
  await sandboxOrders(desk.sb, 3, { status: 'ready-for-handling', sellers: 1 });
  await vi.waitFor(async () => expect((await desk.ok('orders:counts')).all).toBe(3), {
    timeout: 10_000,
    interval: 30,
  });
  // What the host's log would hold, one line of which quotes the token by mistake.
  const log = openDeskLog(desk.dataDir);
  log.logger.info({ event: 'start', host: 'browser' }, 'start');
  log.logger.info({ event: 'note' }, `request with ${TOKEN} failed`);
  await log.close();
}, 30_000);

afterAll(async () => {
  await desk?.close();
});

describe('the support file', () => {
  it('is a zip with the logs, redacted settings, versions and counts', async () => {
    const file = await desk.ok('support:export');
    expect(file.fileName).toMatch(/^order-desk-support-[\w.-]+-\d{8}-\d{4}\.zip$/);
    const zip = Buffer.from(file.contentBase64, 'base64');
    expect(zip.byteLength).toBe(file.bytes);
    const entries = unzipSync(new Uint8Array(zip));
    expect(Object.keys(entries).sort()).toEqual([
      'about.json',
      'counts.json',
      'logs/desk.log',
      'settings.json',
    ]);
    const text = (name: string) => strFromU8(entries[name]!);
    expect(text('logs/desk.log')).toContain('"event":"start"');
    expect(JSON.stringify(Object.keys(entries).map(text))).not.toContain(TOKEN);

    const about = JSON.parse(text('about.json')) as Record<string, Record<string, unknown>>;
    expect(about.app).toMatchObject({ name: 'Order Desk', host: 'browser' });
    expect(about.versions?.node).toBe(process.versions.node);
    expect(about.os?.platform).toBe(process.platform);

    const counts = JSON.parse(text('counts.json')) as Record<string, number>;
    expect(counts).toMatchObject({
      ordersCached: 3,
      actionsWaiting: 0,
      actionsNeedingAttention: 0,
    });

    const settings = JSON.parse(text('settings.json')) as Record<string, unknown>;
    expect(settings).toMatchObject({ hasAppToken: true, dataDir: desk.dataDir });
  });
});
