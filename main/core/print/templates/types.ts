import type { SlipFormat, SlipMessages } from '../i18n';
import type { SlipModel } from '../slip-model';

/** What every slip template is given: the content, the words, the formatters and the codes. */
export interface SlipViewProps {
  model: SlipModel;
  t: SlipMessages;
  fmt: SlipFormat;
  /** Code 128 of the order id, as SVG markup. */
  barcodeSvg: string;
  /** QR code of the invoice URL, as SVG markup; null when the invoice has no URL. */
  qrSvg: string | null;
  /** The invoice is not confirmed at VTEX yet: every slip says so, top and bottom. */
  provisional?: boolean;
}
