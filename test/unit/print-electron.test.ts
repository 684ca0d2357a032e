import { afterEach, describe, expect, it, vi } from 'vitest';
import { createElectronFake, FakeBrowserWindow, FakeWebContents } from '../helpers/electron-fake';

/** main/print-electron.ts against a test double of Electron's BrowserWindow and webContents. */

vi.mock('electron', () => createElectronFake());

const { createElectronSlipPrinter } = await import('../../main/print-electron');
const { PrintFailure, PRINT_FAILURE_REASONS } = await import('../../main/core/print/printer');

const HTML = '<!doctype html><main>slip</main>';
const lastWindow = () => FakeBrowserWindow.all.at(-1)!;

describe('printing in the desktop app', () => {
  afterEach(() => {
    FakeWebContents.printOutcome = { success: true, failureReason: '' };
  });

  it('prints silently to the named printer on an 80 mm receipt as tall as the slip', async () => {
    await createElectronSlipPrinter().print(HTML, {
      deviceName: 'EPSON_TM',
      pageSize: { width: 80_000, height: 'fit' },
      copies: 1,
      silent: true,
    });
    const win = lastWindow();
    expect(win.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(win.options.show).toBe(false);
    const [options] = win.webContents.print.mock.calls[0]!;
    expect(options).toMatchObject({
      silent: true,
      deviceName: 'EPSON_TM',
      copies: 1,
      color: false,
    });
    const pageSize = (options as { pageSize: { width: number; height: number } }).pageSize;
    expect(pageSize.width).toBe(80_000);
    expect(pageSize.height).toBeGreaterThan(0);
    // The receipt's @page is set to the measured height before printing.
    expect(win.webContents.insertCSS).toHaveBeenCalled();
    expect(win.destroyed).toBe(true);
  });

  it('leaves the printer out for the system default, and says when the dialog was cancelled', async () => {
    FakeWebContents.printOutcome = { success: false, failureReason: 'cancelled' };
    const job = createElectronSlipPrinter().print(HTML, {
      deviceName: '',
      pageSize: { width: 210_000, height: 297_000 },
      copies: 2,
      silent: false,
    });
    await expect(job).rejects.toMatchObject({ message: PRINT_FAILURE_REASONS.canceled });
    const [options] = lastWindow().webContents.print.mock.calls[0]!;
    expect(options).not.toHaveProperty('deviceName');
    expect(options).toMatchObject({ silent: false, copies: 2, color: true });
  });

  it('turns a printer refusal into a PrintFailure and closes the hidden window', async () => {
    FakeWebContents.printOutcome = { success: false, failureReason: 'Printer is offline' };
    const job = createElectronSlipPrinter().print(HTML, {
      deviceName: 'Gone',
      pageSize: { width: 80_000, height: 'fit' },
      copies: 1,
      silent: true,
    });
    await expect(job).rejects.toBeInstanceOf(PrintFailure);
    await expect(job).rejects.toMatchObject({ message: 'Printer is offline' });
    expect(lastWindow().destroyed).toBe(true);
  });

  it('lists the printers with the default one marked', async () => {
    const printers = await createElectronSlipPrinter().listPrinters();
    expect(printers).toEqual([
      { name: 'EPSON_TM', displayName: 'EPSON TM-T20', description: '', isDefault: true },
      { name: 'Office', displayName: 'Office', description: 'A4', isDefault: false },
    ]);
  });

  it('makes a PDF of the slip', async () => {
    const pdf = await createElectronSlipPrinter().toPdf(HTML, { width: 80_000, height: 'fit' });
    expect(Buffer.from(pdf).toString()).toContain('%PDF');
    expect(lastWindow().webContents.printToPDF).toHaveBeenCalledWith(
      expect.objectContaining({ printBackground: true }),
    );
  });
});
