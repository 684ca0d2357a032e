import { z } from 'zod';

/**
 * The settings slips and printing read (issue 6). They are part of the desk's settings file; the
 * schemas live here so the print code and its tests do not depend on how that file is composed.
 */

export const SLIP_LOCALES = ['pt-BR', 'es', 'en'] as const;
export const SlipLocale = z.enum(SLIP_LOCALES);
export type SlipLocale = z.output<typeof SlipLocale>;

/** The store printed at the top of every slip. */
export const StoreSettings = z.strictObject({
  name: z.string().trim().max(120).default(''),
  /** Free text, one line per line of the printed address. */
  address: z.string().trim().max(400).default(''),
  /** The store's tax id as printed (in Brazil the CNPJ, e.g. 12.345.678/0001-90). */
  taxId: z.string().trim().max(40).default(''),
  /**
   * IANA time zone the issuance date is printed in (e.g. America/Sao_Paulo). Empty: the
   * station's own zone, which is the warehouse's.
   */
  timeZone: z
    .string()
    .trim()
    .max(64)
    .default('')
    .refine((tz) => tz === '' || isTimeZone(tz), { message: 'Unknown time zone' }),
});
export type StoreSettings = z.output<typeof StoreSettings>;

export const SHEET_SIZES = ['A4', 'Letter'] as const;
export const SheetSize = z.enum(SHEET_SIZES);
export type SheetSize = z.output<typeof SheetSize>;

/** A printer's system name ('' = none chosen: the system's default printer is used). */
const PrinterName = z.string().trim().max(200);

export const PrintingSettings = z.strictObject({
  /** The 80 mm receipt printer, by its system name (not the friendly name). */
  thermalPrinter: PrinterName.default(''),
  /** The A4/Letter printer, by its system name. */
  sheetPrinter: PrinterName.default(''),
  sheetSize: SheetSize.default('A4'),
  /** Print the slip by itself when an output invoice is created at this station. */
  autoPrintOnInvoice: z.boolean().default(false),
  /** Which slip auto-print produces. */
  autoPrintKind: z.enum(['thermal', 'sheet']).default('thermal'),
  copies: z.number().int().min(1).max(10).default(1),
  /** Language of the slips; the app's own language when absent. */
  locale: SlipLocale.optional(),
  /** Saved slips (PDF/HTML, with customer addresses) are deleted after this many days. */
  slipRetentionDays: z.number().int().min(1).max(3650).default(90),
});
export type PrintingSettings = z.output<typeof PrintingSettings>;
export type PrintingSettingsInput = z.input<typeof PrintingSettings>;

export const DEFAULT_STORE: StoreSettings = StoreSettings.parse({});
export const DEFAULT_PRINTING: PrintingSettings = PrintingSettings.parse({});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** 'pt', 'pt-BR', 'pt_br', 'es-AR', 'en-US' … → one of the slip languages (English otherwise). */
export function toSlipLocale(tag: string | null | undefined): SlipLocale {
  const t = (tag ?? '').trim().toLowerCase().replace('_', '-');
  if (t.startsWith('pt')) return 'pt-BR';
  if (t.startsWith('es')) return 'es';
  return 'en';
}

/** What one print reads from the settings. */
export interface PrintSettingsSnapshot {
  store: StoreSettings;
  printing: PrintingSettings;
  /** The app's language, used when the printing settings do not choose one. */
  appLocale: SlipLocale;
}

/**
 * The print settings out of the station's settings file, where `store` and `printing` stay absent
 * until someone fills them in (no settings at all: demo mode, defaults).
 */
export function printSettingsOf(
  settings:
    | { store?: StoreSettings | undefined; printing?: PrintingSettings | undefined }
    | null
    | undefined,
  appLocale: string,
): PrintSettingsSnapshot {
  return {
    store: settings?.store ?? DEFAULT_STORE,
    printing: settings?.printing ?? DEFAULT_PRINTING,
    appLocale: toSlipLocale(appLocale),
  };
}
