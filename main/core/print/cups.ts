import { spawn } from 'node:child_process';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import {
  PrintFailure,
  type PrinterInfo,
  type PrintReceipt,
  type SlipPrintOptions,
} from './printer';
import type { SlipPageSize } from './render';

/**
 * Printing through the OS spooler on Linux and macOS: CUPS, driven by its command-line tools
 * (`lpstat` to list printers and follow a job, `lp` to print, `cancel` to withdraw a job). The
 * tools ship with every CUPS install (Debian's cups-client, built into macOS), need no native
 * module, and speak to whatever printers the system has set up, with its drivers.
 *
 * Their output is parsed with LC_ALL=C, the one language lpstat's messages are stable in.
 */

export interface CommandResult {
  /** null: the command could not be started (not installed) or was killed. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Set when the command could not be started (ENOENT: not installed). */
  spawnError?: string;
}

export type RunCommand = (
  file: string,
  args: readonly string[],
  input?: Uint8Array,
) => Promise<CommandResult>;

/** Runs a CUPS tool with C-locale messages; never rejects. */
export const runCommand: RunCommand = (file, args, input) =>
  new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let settled = false;
    const done = (r: CommandResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const child = spawn(file, [...args], {
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 20_000,
    });
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (err: NodeJS.ErrnoException) =>
      done({ code: null, stdout, stderr, spawnError: err.code ?? err.message }),
    );
    child.on('close', (code) => done({ code, stdout, stderr }));
    // A closed stdin (lp exits before reading) must not crash the desk.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ? Buffer.from(input.buffer, input.byteOffset, input.byteLength) : '');
  });

export interface CupsPrinter {
  name: string;
  description: string;
  /** false: paused or stopped (jobs wait). */
  enabled: boolean;
  state: 'idle' | 'printing' | 'stopped';
  /** The printer's own message ("Out of paper"), or ''. */
  message: string;
}

/**
 * `lpstat -l -p -d` → the printers and the default one. A printer block starts with
 * "printer NAME …" at the left margin; its details are indented lines below it.
 */
export function parseLpstatPrinters(stdout: string): {
  printers: CupsPrinter[];
  defaultName: string | null;
} {
  const printers: CupsPrinter[] = [];
  let defaultName: string | null = null;
  let current: CupsPrinter | null = null;
  let expectMessage = false;
  for (const line of stdout.split(/\r?\n/)) {
    const head = /^printer (\S+) (.*)$/.exec(line);
    if (head) {
      const [, name = '', rest = ''] = head;
      const disabled = /^disabled\b/.test(rest);
      current = {
        name,
        description: name,
        enabled: !disabled,
        state: disabled ? 'stopped' : /^now printing\b/.test(rest) ? 'printing' : 'idle',
        message: '',
      };
      printers.push(current);
      // "disabled since DATE -" is followed by the reason on the next, indented line.
      expectMessage = / -\s*$/.test(rest);
      continue;
    }
    const dflt = /^system default destination: (\S+)/.exec(line);
    if (dflt) {
      defaultName = dflt[1] ?? null;
      current = null;
      continue;
    }
    if (!current || !/^\s/.test(line)) {
      expectMessage = false;
      continue;
    }
    const detail = line.trim();
    const desc = /^Description: ?(.*)$/.exec(detail);
    if (desc) {
      current.description = desc[1]?.trim() || current.name;
    } else if (expectMessage && !/^[A-Z][\w -]*:/.test(detail)) {
      current.message = detail;
    }
    expectMessage = false;
  }
  return { printers, defaultName };
}

/** `lp`'s answer "request id is Receipt-42 (1 file(s))" → "Receipt-42". */
export function parseRequestId(stdout: string): string | null {
  return /request id is (\S+)/.exec(stdout)?.[1] ?? null;
}

/** The job ids in a `lpstat -o` / `lpstat -W completed -o` listing (one job per unindented line). */
export function parseJobIds(stdout: string): string[] {
  return stdout
    .split(/\r?\n/)
    .filter((l) => /^\S/.test(l))
    .map((l) => l.split(/\s+/)[0] ?? '')
    .filter((id) => /-\d+$/.test(id));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The page height of a one-page PDF in millimetres, from its MediaBox (Chromium writes it in
 * the clear); null when it cannot be read.
 */
export function pdfPageHeightMm(pdf: Uint8Array): number | null {
  const head = Buffer.from(pdf.buffer, pdf.byteOffset, Math.min(pdf.byteLength, 200_000)).toString(
    'latin1',
  );
  const box = /\/MediaBox\s*\[\s*([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s+([\d.-]+)\s*\]/.exec(head);
  if (!box) return null;
  const height = Number(box[4]) - Number(box[2]);
  return Number.isFinite(height) && height > 0 ? round1((height * 25.4) / 72) : null;
}

/**
 * The spooler's `media` option for a slip: the named sheet sizes by name, the receipt roll as a
 * custom size exactly as long as the slip (CUPS's "Custom.WxHmm").
 */
export function mediaOf(pageSize: SlipPageSize, pdf?: Uint8Array): string {
  if (pageSize.width === 210_000 && pageSize.height === 297_000) return 'A4';
  if (pageSize.width === 215_900 && pageSize.height === 279_400) return 'Letter';
  const width = round1(pageSize.width / 1000);
  const height =
    pageSize.height === 'fit'
      ? ((pdf ? pdfPageHeightMm(pdf) : null) ?? 297)
      : round1(pageSize.height / 1000);
  return `Custom.${width}x${height}mm`;
}

/** What a CUPS tool's complaint means for the worker: a failure with a stable code. */
export function failureOf(r: CommandResult, printer: string): PrintFailure {
  const text = `${r.stderr}\n${r.stdout}`;
  const said =
    r.stderr
      .trim()
      .split(/\r?\n/)[0]
      ?.replace(/^\w+: (Error - )?/, '') ?? '';
  if (r.spawnError) {
    return new PrintFailure(
      `the print service's tools are not installed (${r.spawnError})`,
      'spooler-down',
    );
  }
  if (/scheduler is not running|Unable to connect to server|Connection refused/i.test(text)) {
    return new PrintFailure('the print service (CUPS) is not running', 'spooler-down');
  }
  if (/does not exist|Invalid destination name|No such destination|not found/i.test(text)) {
    return new PrintFailure(`no printer named ${printer}`, 'printer-not-found');
  }
  if (/not accepting jobs/i.test(text)) {
    return new PrintFailure(said || `${printer} is not accepting jobs`, 'printer-stopped');
  }
  return new PrintFailure(
    said || `the print service refused the job (exit ${String(r.code)})`,
    'printer-refused',
  );
}

export interface CupsOptions {
  run?: RunCommand;
  clock?: Clock;
  /** Waits between two looks at a job; tests pass one that moves their clock. */
  sleep?: (ms: number) => Promise<void>;
  /** How often a job is looked at while it waits at the printer. */
  pollMs?: number;
  /**
   * How long a job may wait at the printer before it counts as failed (and is withdrawn, so it
   * does not come out later as a surprise duplicate of the reprint).
   */
  timeoutMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The CUPS spooler of this computer. */
export class CupsSpooler {
  private readonly run: RunCommand;
  private readonly clock: Clock;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pollMs: number;
  private readonly timeoutMs: number;

  constructor(opts: CupsOptions = {}) {
    this.run = opts.run ?? runCommand;
    this.clock = opts.clock ?? systemClock;
    this.sleep = opts.sleep ?? realSleep;
    this.pollMs = opts.pollMs ?? 500;
    this.timeoutMs = opts.timeoutMs ?? 90_000;
  }

  /** The printers with their state; throws a PrintFailure when the spooler cannot be asked. */
  async printers(): Promise<{ printers: CupsPrinter[]; defaultName: string | null }> {
    const r = await this.run('lpstat', ['-l', '-p', '-d']);
    const parsed = parseLpstatPrinters(r.stdout);
    // lpstat exits 1 with "No destinations added." when there are none: an empty list, not a fault.
    if (r.spawnError || (parsed.printers.length === 0 && /not running|connect/i.test(r.stderr))) {
      throw failureOf(r, '');
    }
    return parsed;
  }

  async listPrinters(): Promise<PrinterInfo[]> {
    const { printers, defaultName } = await this.printers();
    return printers.map((p) => ({
      name: p.name,
      displayName: p.description || p.name,
      description: p.enabled ? p.message : p.message || 'stopped',
      isDefault: p.name === defaultName,
    }));
  }

  /** Hands a PDF to the printer and follows the job until it printed, failed or took too long. */
  async printPdf(
    pdf: Uint8Array,
    opts: SlipPrintOptions & { title: string },
  ): Promise<PrintReceipt> {
    let dest = opts.deviceName;
    if (!dest) {
      const { printers, defaultName } = await this.printers();
      dest = defaultName ?? printers[0]?.name ?? '';
      if (!dest) throw new PrintFailure('this station has no printer', 'no-printer');
    }
    const args = [
      '-d',
      dest,
      '-n',
      String(opts.copies),
      '-t',
      opts.title.slice(0, 120),
      '-o',
      `media=${mediaOf(opts.pageSize, pdf)}`,
      '-o',
      'document-format=application/pdf',
      '--',
      '-',
    ];
    const submitted = await this.run('lp', args, pdf);
    const jobId = submitted.code === 0 ? parseRequestId(submitted.stdout) : null;
    if (!jobId) throw failureOf(submitted, dest);
    await this.follow(dest, jobId);
    return { spoolerJob: jobId };
  }

  /** Reads the job's state back until it has left the printer's queue. */
  private async follow(dest: string, jobId: string): Promise<void> {
    const started = this.clock.now();
    for (;;) {
      const waiting = await this.run('lpstat', ['-o', dest]);
      if (waiting.code !== 0 && waiting.stdout.trim() === '') {
        if (waiting.spawnError || /not running|connect|Invalid destination/i.test(waiting.stderr)) {
          throw failureOf(waiting, dest);
        }
      }
      if (!parseJobIds(waiting.stdout).includes(jobId)) return;
      const { printers } = await this.printers().catch(() => ({ printers: [] as CupsPrinter[] }));
      const printer = printers.find((p) => p.name === dest);
      if (printer && !printer.enabled) {
        await this.withdraw(jobId);
        throw new PrintFailure(printer.message || `${dest} is stopped`, 'printer-stopped');
      }
      if (this.clock.now() - started >= this.timeoutMs) {
        await this.withdraw(jobId);
        const seconds = Math.round(this.timeoutMs / 1000);
        throw new PrintFailure(
          `not printed after ${seconds} s${printer?.message ? ` (${printer.message})` : ''}`,
          'timeout',
        );
      }
      await this.sleep(this.pollMs);
    }
  }

  private async withdraw(jobId: string): Promise<void> {
    await this.run('cancel', [jobId]);
  }
}
