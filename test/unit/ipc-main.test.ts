import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../main/ipc/csp';
import { dispatch } from '../../main/ipc/dispatch';
import { DeskEvents } from '../../main/ipc/events';
import { createHandlers, type Handlers } from '../../main/ipc/handlers';
import { isTrustedSender, rendererPageMatcher, type InvokeEventLike } from '../../main/ipc/sender';
import type { AppInfo, DeskEvent } from '../../preload/contract';

const INFO: AppInfo = { name: 'Order Desk', version: '0.1.0', mode: 'demo', host: 'browser' };
const NOW = Date.parse('2026-11-27T12:00:00.000Z');

function handlers(): Handlers {
  return createHandlers({ info: () => INFO, now: () => NOW });
}

describe('dispatch', () => {
  it('answers app:info from the handler', async () => {
    expect(await dispatch(handlers(), 'app:info', undefined)).toEqual({ ok: true, data: INFO });
  });

  it('echoes the ping nonce with the injected clock', async () => {
    expect(await dispatch(handlers(), 'app:ping', { nonce: 'n-1' })).toEqual({
      ok: true,
      data: { nonce: 'n-1', at: NOW },
    });
  });

  it('refuses an unknown channel without running anything', async () => {
    const result = await dispatch(handlers(), 'app:quit', undefined);
    expect(result).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: 'Unknown channel "app:quit"' },
    });
  });

  it('refuses a bad payload with a message naming the channel and the field', async () => {
    const result = await dispatch(handlers(), 'app:ping', { nonce: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('BAD_REQUEST');
    expect(result.error.message).toBe(
      'Invalid payload for app:ping: nonce: Invalid input: expected string, received number',
    );
  });

  it('turns a throwing handler into INTERNAL and reports the error', async () => {
    const onError = vi.fn();
    const broken: Handlers = {
      ...handlers(),
      'app:info': () => {
        throw new Error('disk on fire');
      },
    };
    const result = await dispatch(broken, 'app:info', undefined, onError);
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The desk could not complete app:info: disk on fire' },
    });
    expect(onError).toHaveBeenCalledOnce();
  });

  it('does not pass on an answer that breaks the response schema', async () => {
    const onError = vi.fn();
    const lying = { ...handlers(), 'app:ping': () => ({ nonce: 'x', at: -5 }) } as Handlers;
    const result = await dispatch(lying, 'app:ping', { nonce: 'x' }, onError);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INTERNAL');
    expect(result.error.message).toContain('at:');
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('DeskEvents', () => {
  const event: DeskEvent = { type: 'app:info-changed', info: { ...INFO, mode: 'account' } };

  it('delivers emitted events to subscribers until they unsubscribe', () => {
    const bus = new DeskEvents();
    const seen: DeskEvent[] = [];
    const off = bus.subscribe((e) => seen.push(e));
    bus.emit(event);
    off();
    bus.emit(event);
    expect(seen).toEqual([event]);
    expect(bus.listenerCount).toBe(0);
  });

  it('refuses to emit a malformed event', () => {
    const bus = new DeskEvents();
    const listener = vi.fn();
    bus.subscribe(listener);
    expect(() =>
      bus.emit({ type: 'app:info-changed', info: { ...INFO, mode: 'x' } } as unknown as DeskEvent),
    ).toThrow();
    expect(listener).not.toHaveBeenCalled();
  });
});

describe('sender check', () => {
  const rendererDir = '/opt/order-desk/out/renderer';
  const isOurPage = rendererPageMatcher({ rendererDir });
  const policy = { webContentsId: 7, isOurPage };
  const ok: InvokeEventLike = {
    sender: { id: 7 },
    senderFrame: { url: 'file:///opt/order-desk/out/renderer/index.html', parent: null },
  };

  it('accepts the top frame of our window showing our page', () => {
    expect(isTrustedSender(ok, policy)).toBe(true);
    expect(
      isTrustedSender(
        { ...ok, senderFrame: { ...ok.senderFrame!, url: `${ok.senderFrame!.url}#orders` } },
        policy,
      ),
    ).toBe(true);
  });

  it('refuses sub-frames, other windows, gone frames and foreign pages', () => {
    expect(
      isTrustedSender({ ...ok, senderFrame: { ...ok.senderFrame!, parent: {} } }, policy),
    ).toBe(false);
    expect(isTrustedSender({ ...ok, sender: { id: 8 } }, policy)).toBe(false);
    expect(isTrustedSender({ ...ok, senderFrame: null }, policy)).toBe(false);
    for (const url of [
      'https://evil.example/index.html',
      'file:///tmp/index.html',
      'file:///opt/order-desk/out/renderer/other.html',
      'file://remote-host/opt/order-desk/out/renderer/index.html',
      'about:blank',
      'not a url',
    ]) {
      expect(isTrustedSender({ ...ok, senderFrame: { url, parent: null } }, policy), url).toBe(
        false,
      );
    }
  });

  it('matches a renderer folder whose path has spaces (as file URLs encode them)', () => {
    const mac = rendererPageMatcher({ rendererDir: '/Users/ana maria/Order Desk/out/renderer' });
    expect(mac('file:///Users/ana%20maria/Order%20Desk/out/renderer/index.html')).toBe(true);
    expect(mac('file:///Users/ana%20maria/Order%20Desk/out/index.html')).toBe(false);
  });

  it('under electron-vite dev, trusts exactly the dev server origin', () => {
    const dev = rendererPageMatcher({ rendererDir, devServerUrl: 'http://localhost:5173/' });
    expect(dev('http://localhost:5173/index.html')).toBe(true);
    expect(dev('http://localhost:5174/index.html')).toBe(false);
    expect(dev('file:///opt/order-desk/out/renderer/index.html')).toBe(false);
  });
});

describe('content security policy', () => {
  it('is the same in renderer/index.html as in main and the browser host', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });
});
