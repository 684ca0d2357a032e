/**
 * The pack check's rules, pure: each scanned code ticks one unit of the item it names (by EAN or
 * reference code); a code of no item here, or one unit more than the order has left to invoice,
 * is a problem to flag. What was scanned becomes the invoice's quantities.
 */
import type { Quantities } from './forms';

export interface PackLine {
  /** The order item's index. */
  index: number;
  /** The SKU id: scans are kept by it when the lines move (a change took one out). */
  sku: string;
  name: string;
  ean: string | null;
  refId: string | null;
  /** Units left to invoice: what the parcel should hold. */
  expected: number;
}

export type PackCounts = Record<number, number>;

export type PackEvent =
  | { kind: 'ok'; code: string; index: number; name: string; count: number; expected: number }
  | { kind: 'wrong'; code: string }
  | { kind: 'too-many'; code: string; index: number; name: string; expected: number };

const same = (a: string | null, code: string) =>
  a !== null && a.trim() !== '' && a.trim().toLowerCase() === code.toLowerCase();

export function packScan(
  lines: readonly PackLine[],
  counts: PackCounts,
  scanned: string,
): { counts: PackCounts; event: PackEvent } {
  const code = scanned.trim();
  const matching = lines.filter((l) => same(l.ean, code) || same(l.refId, code));
  if (matching.length === 0) return { counts, event: { kind: 'wrong', code } };
  // Two lines of one SKU (a gift, another price) fill in order.
  const open = matching.find((l) => (counts[l.index] ?? 0) < l.expected);
  if (!open) {
    const full = matching[0] as PackLine;
    return {
      counts,
      event: {
        kind: 'too-many',
        code,
        index: full.index,
        name: full.name,
        expected: full.expected,
      },
    };
  }
  const count = (counts[open.index] ?? 0) + 1;
  return {
    counts: { ...counts, [open.index]: count },
    event: { kind: 'ok', code, index: open.index, name: open.name, count, expected: open.expected },
  };
}

export function packUnits(lines: readonly PackLine[], counts: PackCounts) {
  let scanned = 0;
  let expected = 0;
  for (const l of lines) {
    scanned += Math.min(counts[l.index] ?? 0, l.expected);
    expected += l.expected;
  }
  return { scanned, expected, complete: expected > 0 && scanned === expected };
}

/** The scanned units as the invoice dialog's item quantities. */
export function packQuantities(lines: readonly PackLine[], counts: PackCounts): Quantities {
  const out: Quantities = {};
  for (const l of lines) {
    const n = Math.min(counts[l.index] ?? 0, l.expected);
    if (n > 0) out[l.index] = String(n);
  }
  return out;
}

/** Every unit counted (a supervisor's override). */
export function packAll(lines: readonly PackLine[]): PackCounts {
  return Object.fromEntries(lines.map((l) => [l.index, l.expected]));
}

/** Units scanned by SKU, the form a pack check keeps while it is left for a change. */
export function packScansOf(
  lines: readonly PackLine[],
  counts: PackCounts,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) {
    const n = Math.min(counts[l.index] ?? 0, l.expected);
    if (n > 0) out[l.sku] = (out[l.sku] ?? 0) + n;
  }
  return out;
}

/**
 * Kept scans on the order's lines as they are now: each SKU's units fill its lines in order, as
 * scanning them did. Units of a line a change took out, or beyond what is left, fall away: they
 * are no longer in what the parcel should hold.
 */
export function packCountsOf(
  lines: readonly PackLine[],
  scans: Record<string, number>,
): PackCounts {
  const left = { ...scans };
  const out: PackCounts = {};
  for (const l of lines) {
    const n = Math.min(left[l.sku] ?? 0, l.expected);
    if (n <= 0) continue;
    out[l.index] = n;
    left[l.sku] = (left[l.sku] ?? 0) - n;
  }
  return out;
}
