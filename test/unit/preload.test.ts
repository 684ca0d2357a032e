import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeskApi } from '../../preload/contract';

// The preload runs inside Electron; here electron is replaced by recorders of what it is asked.
const bridge = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  sent: [] as [string, unknown][],
  /** What main answers to the next invokes. */
  answer: async (): Promise<unknown> => undefined,
  handlers: new Map<string, (event: unknown, payload: unknown) => void>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => bridge.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => {
      bridge.sent.push([channel, payload]);
      return bridge.answer();
    },
    on: (channel: string, handler: (event: unknown, payload: unknown) => void) =>
      bridge.handlers.set(channel, handler),
  },
}));

let desk: DeskApi;

beforeAll(async () => {
  await import('../../preload/index');
  desk = bridge.exposed.get('desk') as DeskApi;
});

beforeEach(() => {
  bridge.sent.length = 0;
  bridge.answer = async () => undefined;
});

describe('preload', () => {
  it('exposes exactly one object, window.desk, with invoke and on', () => {
    expect([...bridge.exposed.keys()]).toEqual(['desk']);
    expect(Object.keys(desk).sort()).toEqual(['invoke', 'on']);
  });

  it('listens on one IPC channel only: the event channel', () => {
    expect([...bridge.handlers.keys()]).toEqual(['desk:event']);
  });

  it('forwards contract channels to main and returns its result', async () => {
    bridge.answer = async () => ({ ok: true, data: { nonce: 'a', at: 1 } });
    expect(await desk.invoke('app:ping', { nonce: 'a' })).toEqual({
      ok: true,
      data: { nonce: 'a', at: 1 },
    });
    expect(bridge.sent).toEqual([['app:ping', { nonce: 'a' }]]);
  });

  it('never sends a channel outside the contract', async () => {
    const invoke = desk.invoke as (channel: string, payload?: unknown) => Promise<unknown>;
    expect(await invoke('fs:read', { path: '/etc/passwd' })).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel "fs:read"' },
    });
    expect(bridge.sent).toEqual([]);
  });

  it('turns a failed IPC round trip into UNREACHABLE instead of throwing', async () => {
    bridge.answer = () => Promise.reject(new Error('No handler registered'));
    expect(await desk.invoke('app:info')).toEqual({
      ok: false,
      error: { code: 'UNREACHABLE', message: 'No handler registered' },
    });
  });

  it('delivers pushed events by type, ignores unknown ones, and unsubscribes', () => {
    const push = bridge.handlers.get('desk:event')!;
    const seen: unknown[] = [];
    const off = desk.on('app:info-changed', (event) => seen.push(event.info.mode));
    const info = { name: 'Order Desk', version: '0.1.0', mode: 'account', host: 'electron' };
    push({}, { type: 'app:info-changed', info });
    push({}, { type: 'fs:changed', info });
    push({}, 'not an event');
    off();
    push({}, { type: 'app:info-changed', info });
    expect(seen).toEqual(['account']);
  });

  it('refuses to subscribe to an event type outside the contract', () => {
    const on = desk.on as (type: string, listener: () => void) => () => void;
    expect(() => on('app:anything', () => {})).toThrow(/Unknown event type/);
  });
});
