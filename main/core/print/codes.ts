import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';

/**
 * The machine-readable parts of a slip, as inline SVG: vector shapes print sharp on a 203 dpi
 * thermal head and on a laser printer alike, and need no image files or network.
 */

/**
 * Code 128 of `text` (the order id). Height in bwip-js units (mm at scale 1); no human-readable
 * line: the template prints the id as real text, so it can be searched and copied from the PDF.
 */
export function code128Svg(text: string, opts: { height?: number } = {}): string {
  return bwipjs.toSVG({
    bcid: 'code128',
    text,
    scale: 2,
    height: opts.height ?? 10,
    includetext: false,
  });
}

/** QR code of a URL (the invoice's DANFE link), medium error correction, no quiet zone (CSS adds it). */
export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
}
