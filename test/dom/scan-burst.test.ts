import { describe, expect, it } from 'vitest';
import { createBurstDetector, type BurstVerdict } from '../../renderer/src/features/scan/burst';

/** Key presses as recorded (key, ms since the first), fed to one detector; the last verdict. */
function replay(keys: readonly (readonly [string, number])[]): {
  last: BurstVerdict;
  all: BurstVerdict[];
} {
  const d = createBurstDetector();
  const all = keys.map(([key, at]) => d.push(key, at));
  return { last: all.at(-1)!, all };
}

const stamp = (text: string, gaps: readonly number[], start = 1000): [string, number][] => {
  let at = start;
  return [...text].map((ch, i) => {
    at += gaps[i % gaps.length]!;
    return [ch, at] as [string, number];
  });
};

// Recorded on a USB wedge scanner (EAN-13): 6–11 ms between keys, Enter 9 ms after the last.
const SCANNER_EAN = stamp('7891234567895', [7, 9, 6, 11, 8, 7, 10]);
// A Bluetooth scanner reading an order id, slower and jittery: up to 38 ms.
const BT_ORDER = stamp('1000000000001-01', [14, 22, 38, 9, 17]);
// A fast typist (about 90 wpm) typing an order sequence: 70–160 ms, with one rollover of 18 ms.
const TYPIST = stamp('502341', [110, 18, 95, 160, 70, 120]);

describe('scanner burst detector', () => {
  it('a wedge scanner’s EAN ending in Enter is a burst, with its text', () => {
    const { last, all } = replay([...SCANNER_EAN, ['Enter', SCANNER_EAN.at(-1)![1] + 9]]);
    expect(last).toEqual({ kind: 'burst', text: '7891234567895', terminator: 'Enter' });
    expect(all.slice(0, -1).every((v) => v.kind === 'char')).toBe(true);
  });

  it('a slower Bluetooth scanner ending in Tab is a burst too', () => {
    const { last } = replay([...BT_ORDER, ['Tab', BT_ORDER.at(-1)![1] + 20]]);
    expect(last).toEqual({ kind: 'burst', text: '1000000000001-01', terminator: 'Tab' });
  });

  it('a person typing, even fast and with a rollover, then Enter, is not a burst', () => {
    const { last } = replay([...TYPIST, ['Enter', TYPIST.at(-1)![1] + 240]]);
    expect(last).toEqual({ kind: 'key' });
  });

  it('Enter pressed by hand after a scan’s characters (a pause first) is a key press', () => {
    const { last } = replay([...SCANNER_EAN, ['Enter', SCANNER_EAN.at(-1)![1] + 400]]);
    expect(last).toEqual({ kind: 'key' });
  });

  it('a short fast run (two rolled-over keys, then Enter) is typing, not a scan', () => {
    const { last } = replay([
      ['4', 1000],
      ['2', 1012],
      ['Enter', 1030],
    ]);
    expect(last).toEqual({ kind: 'key' });
  });

  it('typing before a scan does not join it: only the burst’s characters are its text', () => {
    const typed = stamp('ab', [150, 150]);
    const scan = stamp('SKU-0042', [5], typed.at(-1)![1] + 300);
    const { last } = replay([...typed, ...scan, ['Enter', scan.at(-1)![1] + 5]]);
    expect(last).toEqual({ kind: 'burst', text: 'SKU-0042', terminator: 'Enter' });
  });

  it('Shift for scanned capitals neither breaks nor adds to the burst', () => {
    const keys: [string, number][] = [
      ['Shift', 1000],
      ['B', 1004],
      ['Shift', 1008],
      ['R', 1012],
      ['1', 1019],
      ['2', 1025],
      ['3', 1031],
      ['Enter', 1038],
    ];
    expect(replay(keys).last).toEqual({ kind: 'burst', text: 'BR123', terminator: 'Enter' });
  });

  it('another key (an arrow, Backspace) in the middle ends the run', () => {
    const keys: [string, number][] = [
      ['1', 1000],
      ['2', 1005],
      ['Backspace', 1010],
      ['3', 1015],
      ['4', 1020],
      ['Enter', 1025],
    ];
    expect(replay(keys).last).toEqual({ kind: 'key' });
  });

  it('a busy computer delivering one key late does not split a scan', () => {
    const keys = stamp('1551738414479-01', [4, 3, 5, 180, 4, 6, 3, 5]);
    const { last } = replay([...keys, ['Enter', keys.at(-1)![1] + 6]]);
    expect(last).toEqual({ kind: 'burst', text: '1551738414479-01', terminator: 'Enter' });
  });

  it('tells whether a burst is in progress, and forgets it after a pause', () => {
    const d = createBurstDetector();
    for (const [key, at] of SCANNER_EAN.slice(0, 5)) d.push(key, at);
    const lastAt = SCANNER_EAN[4]![1];
    expect(d.inBurst(lastAt + 10)).toBe(true);
    expect(d.pending()).toBe('78912');
    expect(d.inBurst(lastAt + 500)).toBe(false);
  });

  it('counts characters, not UTF-16 units, and takes its thresholds as options', () => {
    const d = createBurstDetector({ maxGapMs: 10, maxPauseMs: 20, minChars: 3 });
    d.push('é', 0);
    d.push('ü', 5);
    expect(d.push('Enter', 9)).toEqual({ kind: 'key' });
    d.push('𝔸', 100);
    d.push('é', 103);
    d.push('ü', 106);
    expect(d.push('Enter', 109)).toEqual({ kind: 'burst', text: '𝔸éü', terminator: 'Enter' });
    d.push('a', 200);
    d.push('b', 205);
    d.push('c', 225);
    // Typically 20 ms apart: slower than this detector's 10.
    expect(d.push('Enter', 245)).toEqual({ kind: 'key' });
  });
});
