/**
 * A dialog that takes scans itself (the pack check) registers here while it is open: a scanner's
 * burst anywhere in it is then its scan, not a question about leaving it.
 */
type ScanHandler = (code: string) => void;

let handler: ScanHandler | null = null;

export function setDialogScanHandler(next: ScanHandler | null): void {
  handler = next;
}

export function dialogScanHandler(): ScanHandler | null {
  return handler;
}

/**
 * A screen that takes scans itself (the counter sale) registers its handler and its scan field
 * while it is shown: a burst anywhere on it adds an item instead of searching orders.
 */
let screenHandler: { scan: ScanHandler; input: () => HTMLInputElement | null } | null = null;

export function setScreenScanHandler(next: typeof screenHandler): void {
  screenHandler = next;
}

export function screenScanHandler(): ScanHandler | null {
  return screenHandler?.scan ?? null;
}

export function screenScanInput(): HTMLInputElement | null {
  return screenHandler?.input() ?? null;
}
