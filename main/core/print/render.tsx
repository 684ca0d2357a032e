// @jsxRuntime automatic
// @jsxImportSource react
// (The two pragmas above, in every slip .tsx: tsx and esbuild read no tsconfig for main/, and would
// otherwise compile JSX to React.createElement without React in scope.)
import { renderToStaticMarkup } from 'react-dom/server';
import type { OrderDocument } from '../../../vtex';
import { code128Svg, qrSvg } from './codes';
import { SLIP_MESSAGES, slipFormat } from './i18n';
import type { SheetSize, SlipLocale, StoreSettings } from './settings';
import { buildSlipModel, type SlipKind, type SlipModel } from './slip-model';
import { SheetSlip } from './templates/SheetSlip';
import { SlipDocument } from './templates/SlipDocument';
import {
  estimateThermalHeightMm,
  sheetCss,
  thermalCss,
  THERMAL_WIDTH_MM,
} from './templates/styles';
import { ThermalSlip } from './templates/ThermalSlip';

/** A page size in microns (what Electron's print takes); `fit`: as tall as the content (a roll). */
export interface SlipPageSize {
  width: number;
  height: number | 'fit';
}

export const PAGE_SIZES = {
  thermal: { width: THERMAL_WIDTH_MM * 1000, height: 'fit' },
  A4: { width: 210_000, height: 297_000 },
  Letter: { width: 215_900, height: 279_400 },
} as const satisfies Record<string, SlipPageSize>;

export function pageSizeOf(kind: SlipKind, sheetSize: SheetSize): SlipPageSize {
  return kind === 'thermal' ? PAGE_SIZES.thermal : PAGE_SIZES[sheetSize];
}

export interface RenderSlipInput {
  order: OrderDocument;
  invoiceNumber: string;
  kind: SlipKind;
  locale: SlipLocale;
  store: StoreSettings;
  sheetSize?: SheetSize;
  /** Height of the receipt page once measured; estimated from the content when absent. */
  thermalHeightMm?: number;
  /** The invoice is not confirmed at VTEX yet: the slip is marked PROVISIONAL. */
  provisional?: boolean;
}

export interface RenderedSlip {
  /** A complete, self-contained HTML document (print CSS, barcode and QR inline). */
  html: string;
  model: SlipModel;
  title: string;
  pageSize: SlipPageSize;
}

/**
 * One invoice's slip as a static HTML document. The same document goes to Electron's hidden
 * print window, to the browser host's slip page and to Chromium for the PDF, so all three print
 * the same thing. Throws DeskError PRINT_INVOICE_NOT_FOUND for an unknown invoice number.
 */
export async function renderSlip(input: RenderSlipInput): Promise<RenderedSlip> {
  const t = SLIP_MESSAGES[input.locale];
  const model = buildSlipModel({
    order: input.order,
    invoiceNumber: input.invoiceNumber,
    store: input.store,
    postalLabel: t.postalCode,
  });
  const fmt = slipFormat(input.locale, model.currency, input.store.timeZone || undefined);
  const barcodeSvg = code128Svg(model.orderId);
  const qr = model.invoiceUrl ? await qrSvg(model.invoiceUrl) : null;
  const sheetSize = input.sheetSize ?? 'A4';
  const provisional = input.provisional === true;
  const title = `${provisional ? `${t.provisional} · ` : ''}${t.title[model.variant]} · ${t.order} ${model.orderId} · ${t.invoice} ${model.invoiceNumber}`;
  const css =
    input.kind === 'thermal'
      ? thermalCss(
          input.thermalHeightMm ??
            estimateThermalHeightMm({
              lines: model.lines,
              payments: model.payments,
              store: model.store,
              invoiceUrl: model.invoiceUrl,
              destinationLines: (model.destination?.lines.length ?? 0) + 2 + (provisional ? 8 : 0),
            }),
        )
      : sheetCss(sheetSize, { page: t.page, of: t.of });
  const props = { model, t, fmt, barcodeSvg, qrSvg: qr, provisional };
  const markup = renderToStaticMarkup(
    <SlipDocument lang={input.locale} title={title} css={css}>
      {input.kind === 'thermal' ? <ThermalSlip {...props} /> : <SheetSlip {...props} />}
    </SlipDocument>,
  );
  return {
    html: `<!DOCTYPE html>${markup}`,
    model,
    title,
    pageSize: pageSizeOf(input.kind, sheetSize),
  };
}
