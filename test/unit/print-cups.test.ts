import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock';
import {
  CupsSpooler,
  failureOf,
  mediaOf,
  parseJobIds,
  parseLpstatPrinters,
  parseRequestId,
  pdfPageHeightMm,
  type CommandResult,
} from '../../main/core/print/cups';
import { browserCandidates, findChromium, installHint } from '../../main/core/print/find-browser';
import { PrintFailure } from '../../main/core/print/printer';
import { PAGE_SIZES } from '../../main/core/print/render';

/*
 * Outputs recorded from CUPS 2.4.2 (Debian 12) with LC_ALL=C: a raw queue "Receipt" and a
 * queue "Laser" paused with a reason, the same as the spooler module sees them.
 */
const LPSTAT_LPD = `printer Laser disabled since Fri Dec  4 20:28:07 2026 -
	Out of paper
	Form mounted:
	Content types: any
	Printer types: unknown
	Description: HP LaserJet (office)
	Alerts: paused
	Location: 
	Connection: direct
	Interface: /etc/cups/ppd/Laser.ppd
	On fault: no alert
	After fault: continue
	Users allowed:
		(all)
	Forms allowed:
		(none)
	Banner required
	Charset sets:
		(none)
	Default pitch:
	Default page size:
	Default port settings:
printer Receipt is idle.  enabled since Fri Dec  4 20:28:08 2026
	Form mounted:
	Content types: any
	Printer types: unknown
	Description: Receipt
	Alerts: none
	Location: 
	Connection: direct
	On fault: no alert
	After fault: continue
	Users allowed:
		(all)
	Forms allowed:
		(none)
	Banner required
	Charset sets:
		(none)
	Default pitch:
	Default page size:
	Default port settings:
system default destination: Receipt
`;
const LPSTAT_PRINTING = `printer Receipt now printing Receipt-12.  enabled since Fri Dec  4 20:30:01 2026
	Description: Epson TM-T20
no system default destination
`;
const LP_OK = 'request id is Receipt-12 (0 file(s))\n';
const LPSTAT_O_WAITING = `Receipt-12              root              1024   Fri Dec  4 20:28:07 2026
Receipt-11              root              2048   Fri Dec  4 20:27:57 2026
`;
const LPSTAT_O_LONG = `Receipt-12              root              1024   Fri Dec  4 20:28:07 2026
	Alerts: none
	queued for Receipt
`;

const ok = (stdout: string): CommandResult => ({ code: 0, stdout, stderr: '' });
const fail = (stderr: string, code = 1): CommandResult => ({ code, stdout: '', stderr });

describe('lpstat and lp output', () => {
  it('reads printers, their descriptions, a stopped one with its reason, and the default', () => {
    expect(parseLpstatPrinters(LPSTAT_LPD)).toEqual({
      defaultName: 'Receipt',
      printers: [
        {
          name: 'Laser',
          description: 'HP LaserJet (office)',
          enabled: false,
          state: 'stopped',
          message: 'Out of paper',
        },
        { name: 'Receipt', description: 'Receipt', enabled: true, state: 'idle', message: '' },
      ],
    });
    expect(parseLpstatPrinters(LPSTAT_PRINTING)).toEqual({
      defaultName: null,
      printers: [
        {
          name: 'Receipt',
          description: 'Epson TM-T20',
          enabled: true,
          state: 'printing',
          message: '',
        },
      ],
    });
    expect(parseLpstatPrinters('')).toEqual({ printers: [], defaultName: null });
  });

  it('reads the job id lp answers, and the jobs lpstat lists', () => {
    expect(parseRequestId(LP_OK)).toBe('Receipt-12');
    expect(parseRequestId('request id is Laser-7 (1 file(s))')).toBe('Laser-7');
    expect(parseRequestId('')).toBeNull();
    expect(parseJobIds(LPSTAT_O_WAITING)).toEqual(['Receipt-12', 'Receipt-11']);
    expect(parseJobIds(LPSTAT_O_LONG)).toEqual(['Receipt-12']);
    expect(parseJobIds('')).toEqual([]);
  });

  it('asks for the slip page size: A4 and Letter by name, the receipt as long as its PDF', () => {
    expect(mediaOf(PAGE_SIZES.A4)).toBe('A4');
    expect(mediaOf(PAGE_SIZES.Letter)).toBe('Letter');
    // Chromium writes the MediaBox in points in the clear.
    const pdf = new TextEncoder().encode(
      '%PDF-1.4\n1 0 obj << /MediaBox [0 0 227.03999 348.95999] >>',
    );
    expect(pdfPageHeightMm(pdf)).toBe(123.1);
    expect(mediaOf(PAGE_SIZES.thermal, pdf)).toBe('Custom.80x123.1mm');
    expect(mediaOf(PAGE_SIZES.thermal, new TextEncoder().encode('%PDF'))).toBe('Custom.80x297mm');
  });

  it('says in words what went wrong, with a stable code', () => {
    const cases: [CommandResult, string, string][] = [
      [
        fail('lpstat: Scheduler is not running.'),
        'spooler-down',
        'the print service (CUPS) is not running',
      ],
      [
        fail('lp: Error - The printer or class does not exist.'),
        'printer-not-found',
        'no printer named Receipt',
      ],
      [
        fail('lp: Error - Destination "Receipt" is not accepting jobs.'),
        'printer-stopped',
        'Destination "Receipt" is not accepting jobs.',
      ],
      [
        { code: null, stdout: '', stderr: '', spawnError: 'ENOENT' },
        'spooler-down',
        "the print service's tools are not installed (ENOENT)",
      ],
      [
        fail('lp: Error - client-error-document-format-not-supported'),
        'printer-refused',
        'client-error-document-format-not-supported',
      ],
    ];
    for (const [result, code, reason] of cases) {
      const f = failureOf(result, 'Receipt');
      expect(f).toBeInstanceOf(PrintFailure);
      expect([f.code, f.reason]).toEqual([code, reason]);
    }
  });
});

/** A scripted spooler: each call of a tool takes the next recorded answer. */
function scripted(script: Record<string, CommandResult[]>) {
  const calls: { file: string; args: readonly string[]; input?: Uint8Array }[] = [];
  const run = async (file: string, args: readonly string[], input?: Uint8Array) => {
    calls.push({ file, args, ...(input ? { input } : {}) });
    const key = `${file} ${args.join(' ')}`;
    const answers = script[key] ?? script[file];
    const next = answers?.length && answers.length > 1 ? answers.shift() : answers?.[0];
    if (!next) throw new Error(`unexpected command: ${key}`);
    return next;
  };
  return { calls, run };
}

const PDF = new TextEncoder().encode('%PDF-1.7 slip /MediaBox [0 0 226.77 340.16]');
const opts = {
  deviceName: 'Receipt',
  pageSize: PAGE_SIZES.thermal,
  copies: 2,
  silent: true,
  title: 'Order Desk 1170000000277-01 NF-12345',
};

describe('printing a PDF through CUPS', () => {
  it('hands the PDF to lp with the printer, copies and page size, and follows the job to the end', async () => {
    const clock = new ManualClock(0);
    const { calls, run } = scripted({
      lp: [ok(LP_OK)],
      'lpstat -o Receipt': [ok(LPSTAT_O_WAITING), ok('')],
      'lpstat -l -p -d': [ok(LPSTAT_PRINTING)],
    });
    const sleeps: number[] = [];
    const spooler = new CupsSpooler({
      run,
      clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
    expect(await spooler.printPdf(PDF, opts)).toEqual({ spoolerJob: 'Receipt-12' });
    const lp = calls[0];
    expect(lp?.file).toBe('lp');
    expect(lp?.args).toEqual([
      '-d',
      'Receipt',
      '-n',
      '2',
      '-t',
      opts.title,
      '-o',
      'media=Custom.80x120mm',
      '-o',
      'document-format=application/pdf',
      '--',
      '-',
    ]);
    expect(lp?.input).toBe(PDF);
    expect(sleeps).toEqual([500]);
  });

  it('fails, and withdraws the job, when the printer is stopped', async () => {
    const { calls, run } = scripted({
      lp: [ok('request id is Laser-3 (0 file(s))')],
      'lpstat -o Laser': [ok('Laser-3   root   1024   Fri Dec  4 20:28:07 2026\n')],
      'lpstat -l -p -d': [ok(LPSTAT_LPD)],
      cancel: [ok('')],
    });
    const spooler = new CupsSpooler({ run, sleep: async () => undefined });
    const err = await spooler
      .printPdf(PDF, { ...opts, deviceName: 'Laser' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'printer-stopped', reason: 'Out of paper' });
    expect(calls.at(-1)).toMatchObject({ file: 'cancel', args: ['Laser-3'] });
  });

  it('gives up on a job the printer does not take in time, and withdraws it', async () => {
    const clock = new ManualClock(0);
    const { calls, run } = scripted({
      lp: [ok(LP_OK)],
      'lpstat -o Receipt': [ok(LPSTAT_O_WAITING)],
      'lpstat -l -p -d': [ok(LPSTAT_PRINTING)],
      cancel: [ok('')],
    });
    const spooler = new CupsSpooler({
      run,
      clock,
      timeoutMs: 2000,
      sleep: async (ms) => clock.advance(ms),
    });
    const err = await spooler.printPdf(PDF, opts).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'timeout', reason: 'not printed after 2 s' });
    expect(calls.at(-1)).toMatchObject({ file: 'cancel', args: ['Receipt-12'] });
  });

  it('uses the system default printer when none is named, and says when there is none', async () => {
    const withDefault = scripted({
      'lpstat -l -p -d': [ok(LPSTAT_LPD)],
      lp: [ok(LP_OK)],
      'lpstat -o Receipt': [ok('')],
    });
    const spooler = new CupsSpooler({ run: withDefault.run, sleep: async () => undefined });
    await spooler.printPdf(PDF, { ...opts, deviceName: '' });
    expect(withDefault.calls.find((c) => c.file === 'lp')?.args.slice(0, 2)).toEqual([
      '-d',
      'Receipt',
    ]);

    const none = scripted({ 'lpstat -l -p -d': [fail('lpstat: No destinations added.')] });
    const empty = new CupsSpooler({ run: none.run });
    await expect(empty.printPdf(PDF, { ...opts, deviceName: '' })).rejects.toMatchObject({
      code: 'no-printer',
    });
    expect(await empty.listPrinters()).toEqual([]);
  });

  it('lists printers for Settings, and fails in words where the spooler is down or missing', async () => {
    const { run } = scripted({ 'lpstat -l -p -d': [ok(LPSTAT_LPD)] });
    expect(await new CupsSpooler({ run }).listPrinters()).toEqual([
      {
        name: 'Laser',
        displayName: 'HP LaserJet (office)',
        description: 'Out of paper',
        isDefault: false,
      },
      { name: 'Receipt', displayName: 'Receipt', description: '', isDefault: true },
    ]);
    const down = scripted({
      'lpstat -l -p -d': [fail('lpstat: Scheduler is not running.')],
    });
    await expect(new CupsSpooler({ run: down.run }).listPrinters()).rejects.toMatchObject({
      code: 'spooler-down',
    });
    const missing = scripted({
      'lpstat -l -p -d': [{ code: null, stdout: '', stderr: '', spawnError: 'ENOENT' }],
    });
    await expect(new CupsSpooler({ run: missing.run }).listPrinters()).rejects.toMatchObject({
      code: 'spooler-down',
    });
  });

  it('reports a printer that is gone when the job is handed over', async () => {
    const { run } = scripted({ lp: [fail('lp: Error - The printer or class does not exist.')] });
    await expect(new CupsSpooler({ run }).printPdf(PDF, opts)).rejects.toMatchObject({
      code: 'printer-not-found',
      reason: 'no printer named Receipt',
    });
  });
});

describe('finding a Chromium to make PDFs with', () => {
  it('takes the path set in ORDER_DESK_CHROMIUM first, then the usual places of each system', () => {
    const has =
      (...paths: string[]) =>
      (p: string) =>
        paths.includes(p);
    expect(
      findChromium({
        platform: 'linux',
        env: { ORDER_DESK_CHROMIUM: '/opt/c/chrome' },
        exists: has('/opt/c/chrome', '/usr/bin/chromium'),
      }),
    ).toBe('/opt/c/chrome');
    expect(
      findChromium({ platform: 'linux', env: {}, exists: has('/usr/bin/google-chrome') }),
    ).toBe('/usr/bin/google-chrome');
    expect(
      findChromium({
        platform: 'darwin',
        env: { HOME: '/Users/ana' },
        exists: has('/Users/ana/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'),
      }),
    ).toBe('/Users/ana/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge');
    const win = browserCandidates('win32', { PROGRAMFILES: 'C:\\Program Files' });
    expect(win.some((p) => p.includes('chrome.exe'))).toBe(true);
    expect(win.some((p) => p.includes('msedge.exe'))).toBe(true);
    expect(findChromium({ platform: 'linux', env: {}, exists: () => false })).toBeNull();
    // A path set but missing is not silently replaced by another browser.
    expect(
      findChromium({
        platform: 'linux',
        env: { ORDER_DESK_CHROMIUM: '/nope' },
        exists: has('/usr/bin/chromium'),
      }),
    ).toBeNull();
  });

  it('says in one line what to install', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const hint = installHint(platform);
      expect(hint).not.toContain('\n');
      expect(hint).toContain('ORDER_DESK_CHROMIUM');
    }
    expect(installHint('linux')).toContain('apt install chromium');
    expect(installHint('win32')).toContain('Edge');
  });
});
