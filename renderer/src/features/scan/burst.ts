/**
 * Telling a keyboard-wedge scanner from a person. A scanner "types" a whole code in a burst (a
 * few milliseconds between characters) and ends it with Enter or Tab; a person leaves 60 ms and
 * more between keys, and a pause before Enter. The detector sees each key press with its time
 * and says, at the terminating key, whether what came before was a burst.
 *
 * Pure and clock-free (times come with the keys), so recorded timings test it exactly.
 */

export interface BurstOptions {
  /** The typical (median) time between the keys of a burst, its Enter/Tab included, at most. */
  maxGapMs: number;
  /**
   * The longest single pause inside a burst: a busy computer may deliver one key late, a person
   * never types a whole code at scanner speed around it. A longer pause starts a new run.
   */
  maxPauseMs: number;
  /** The fewest characters a burst has: shorter runs are taken as typing. */
  minChars: number;
}

/**
 * Measured on USB/Bluetooth wedge scanners: 1–20 ms between keys; a person's median is 80 ms and
 * more. The slack covers a busy PC.
 */
export const DEFAULT_BURST: BurstOptions = { maxGapMs: 50, maxPauseMs: 250, minChars: 4 };

export type BurstVerdict =
  /** A printable key (part of a run that may still turn out to be a burst). */
  | { kind: 'char' }
  /** Enter/Tab that ends a burst: `text` is what the scanner sent. */
  | { kind: 'burst'; text: string; terminator: 'Enter' | 'Tab' }
  /** Any other key, or Enter/Tab after typing. */
  | { kind: 'key' };

export interface BurstDetector {
  /** One keydown: its `key` (as KeyboardEvent.key) and its time in ms. */
  push(key: string, at: number): BurstVerdict;
  /** The characters of the run so far (a burst in progress, or the last typing). */
  pending(): string;
  /** True while the current run is fast enough and long enough to be a scanner's. */
  inBurst(now: number): boolean;
  reset(): void;
}

export function isPrintable(key: string): boolean {
  // One character (a code point, which may be two UTF-16 units), not a named key like "Shift".
  return [...key].length === 1;
}

export function createBurstDetector(options: BurstOptions = DEFAULT_BURST): BurstDetector {
  let run = '';
  let gaps: number[] = [];
  let last = -Infinity;

  const reset = () => {
    run = '';
    gaps = [];
    last = -Infinity;
  };
  const median = (xs: readonly number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length === 0 ? Infinity : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
  };
  const fast = (extra: number[]) =>
    [...run].length >= options.minChars && median([...gaps, ...extra]) <= options.maxGapMs;

  return {
    push(key, at) {
      const gap = at - last;
      if (isPrintable(key)) {
        // A long pause starts a new run: what came before was typing.
        if (gap <= options.maxPauseMs) {
          run += key;
          gaps.push(gap);
        } else {
          run = key;
          gaps = [];
        }
        last = at;
        return { kind: 'char' };
      }
      if (key === 'Enter' || key === 'Tab') {
        const text = run;
        const burst = gap <= options.maxPauseMs && fast([gap]);
        reset();
        return burst ? { kind: 'burst', text, terminator: key } : { kind: 'key' };
      }
      // Shift and friends come with scanned capitals; they neither break nor extend a run.
      if (key === 'Shift' || key === 'CapsLock') return { kind: 'key' };
      reset();
      return { kind: 'key' };
    },
    pending: () => run,
    inBurst(now) {
      return now - last <= options.maxPauseMs && fast([]);
    },
    reset,
  };
}
