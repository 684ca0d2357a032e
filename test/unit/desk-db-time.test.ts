import { describe, expect, it } from 'vitest';
import { compareInstants, parseVtexTime } from '../../main/core/db';

describe('parseVtexTime', () => {
  it('keeps all seven fractional digits', () => {
    expect(parseVtexTime('2019-08-12T20:54:23.7153839Z')).toEqual({
      ms: Date.UTC(2019, 7, 12, 20, 54, 23, 715),
      sub: 3839,
    });
    expect(parseVtexTime('2019-08-12T20:54:23.7Z')).toEqual({
      ms: Date.UTC(2019, 7, 12, 20, 54, 23, 700),
      sub: 0,
    });
    expect(parseVtexTime('2019-08-12T20:54:23Z')?.sub).toBe(0);
  });

  it('applies offsets and reads a time without one as UTC', () => {
    const utc = Date.UTC(2017, 9, 5, 14, 32, 11);
    expect(parseVtexTime('2017-10-05T11:32:11-0300')?.ms).toBe(utc);
    expect(parseVtexTime('2017-10-05T11:32:11-03:00')?.ms).toBe(utc);
    expect(parseVtexTime('2017-10-05T16:32:11+02:00')?.ms).toBe(utc);
    expect(parseVtexTime('2017-10-05T14:32:11')?.ms).toBe(utc);
  });

  it('rejects what is not a time', () => {
    for (const s of [
      '',
      'yesterday',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T25:00:00Z',
      '2026-01-01T00:00:00+25:00',
      '2026-01-01',
    ]) {
      expect(parseVtexTime(s), s).toBeUndefined();
    }
  });

  it('orders instants below the millisecond', () => {
    const a = parseVtexTime('2026-11-27T12:00:00.0000001Z');
    const b = parseVtexTime('2026-11-27T12:00:00.0000002Z');
    const c = parseVtexTime('2026-11-27T09:00:00.0000001-03:00');
    if (!a || !b || !c) throw new Error('unparsed');
    expect(compareInstants(a, b)).toBeLessThan(0);
    expect(compareInstants(b, a)).toBeGreaterThan(0);
    expect(compareInstants(a, c)).toBe(0);
  });
});
