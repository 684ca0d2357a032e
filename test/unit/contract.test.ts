import { describe, expect, it } from 'vitest';
import {
  AppInfo,
  CHANNELS,
  contract,
  DeskEvent,
  describeIssues,
  EVENT_TYPES,
  isChannel,
  isEventType,
  PingRequest,
} from '../../preload/contract';

const info = { name: 'Order Desk', version: '0.1.0', mode: 'demo', host: 'browser' } as const;

describe('IPC contract', () => {
  it('has exactly one request and response schema per listed channel', () => {
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort());
  });

  it('has one event schema per listed event type', () => {
    const types = DeskEvent.options.map((o) => o.shape.type.value);
    expect(types.sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('names channels domain:verb and events in the past tense', () => {
    for (const c of CHANNELS) expect(c).toMatch(/^[a-z]+:[a-z]+(-[a-z]+)*$/);
    for (const t of EVENT_TYPES) expect(t).toMatch(/^[a-z]+(-[a-z]+)*:[a-z-]+ed$/);
  });

  it('recognises only listed channels and event types', () => {
    expect(isChannel('app:info')).toBe(true);
    expect(isChannel('app:ping')).toBe(true);
    for (const bad of [
      'app:info ',
      'APP:INFO',
      'app:quit',
      '__proto__',
      'constructor',
      '',
      42,
      null,
      undefined,
      {},
    ]) {
      expect(isChannel(bad)).toBe(false);
    }
    expect(isEventType('app:info-changed')).toBe(true);
    for (const bad of ['app:info', 'toString', 7, null]) expect(isEventType(bad)).toBe(false);
  });
});

describe('app:info', () => {
  const { request, response } = contract['app:info'];

  it('takes no parameters: nothing or an empty object', () => {
    expect(request.safeParse(undefined).success).toBe(true);
    expect(request.safeParse({}).success).toBe(true);
  });

  it('rejects parameters it does not know', () => {
    for (const bad of [{ verbose: true }, 'info', 1, null, []]) {
      expect(request.safeParse(bad).success).toBe(false);
    }
  });

  it('answers name, version, mode and host', () => {
    expect(response.parse(info)).toEqual(info);
    expect(response.parse({ ...info, mode: 'account', host: 'electron' }).mode).toBe('account');
  });

  it('rejects an answer with an unknown mode or host, a missing field or an extra one', () => {
    expect(response.safeParse({ ...info, mode: 'live' }).success).toBe(false);
    expect(response.safeParse({ ...info, host: 'cli' }).success).toBe(false);
    const { host: _host, ...noHost } = info;
    expect(response.safeParse(noHost).success).toBe(false);
    expect(response.safeParse({ ...info, token: 'x' }).success).toBe(false);
    expect(response.safeParse({ ...info, version: '' }).success).toBe(false);
  });
});

describe('app:ping', () => {
  const { request, response } = contract['app:ping'];

  it('accepts a nonce of 1 to 64 characters', () => {
    expect(request.parse({ nonce: 'a' })).toEqual({ nonce: 'a' });
    expect(request.safeParse({ nonce: 'x'.repeat(64) }).success).toBe(true);
  });

  it('rejects a missing, empty, too long or non-string nonce and extra keys', () => {
    for (const bad of [
      undefined,
      {},
      { nonce: '' },
      { nonce: 'x'.repeat(65) },
      { nonce: 5 },
      { nonce: 'a', extra: 1 },
    ]) {
      expect(request.safeParse(bad).success).toBe(false);
    }
  });

  it('answers the nonce and a whole, non-negative time', () => {
    expect(response.parse({ nonce: 'n', at: 1_764_244_800_000 })).toEqual({
      nonce: 'n',
      at: 1_764_244_800_000,
    });
    expect(response.safeParse({ nonce: 'n', at: -1 }).success).toBe(false);
    expect(response.safeParse({ nonce: 'n', at: 1.5 }).success).toBe(false);
    expect(response.safeParse({ nonce: 'n' }).success).toBe(false);
  });
});

describe('pushed events', () => {
  it('accepts app:info-changed carrying valid info', () => {
    expect(DeskEvent.parse({ type: 'app:info-changed', info })).toEqual({
      type: 'app:info-changed',
      info,
    });
  });

  it('rejects unknown types, a missing type and invalid payloads', () => {
    expect(DeskEvent.safeParse({ type: 'app:exploded' }).success).toBe(false);
    expect(DeskEvent.safeParse({ info }).success).toBe(false);
    expect(
      DeskEvent.safeParse({ type: 'app:info-changed', info: { ...info, mode: 'x' } }).success,
    ).toBe(false);
    expect(AppInfo.safeParse(null).success).toBe(false);
  });
});

describe('describeIssues', () => {
  it('names each offending field and says what is wrong, on one line', () => {
    const result = PingRequest.safeParse({ nonce: 5, extra: true });
    expect(result.success).toBe(false);
    const text = describeIssues(result.error!);
    expect(text).toContain('nonce: Invalid input: expected string, received number');
    expect(text).toContain('payload: Unrecognized key: "extra"');
    expect(text).not.toContain('\n');
  });
});
