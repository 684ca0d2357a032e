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
