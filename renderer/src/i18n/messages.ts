import type { TFunction } from 'i18next';
import type { DeskFailure } from '../../../preload/contract';

/**
 * The words for a refusal or a failure. The desk's own message is written for this very order
 * (it names the status, the item), but in English; in the other languages the screen's
 * translation of the stable code is used, and the desk's sentence only when no translation
 * exists for that code.
 */
export function failureText(
  t: TFunction,
  locale: string,
  failure: Pick<DeskFailure, 'code' | 'message'> | null | undefined,
): string {
  if (!failure) return '';
  const key = `codes.${failure.code}`;
  const translated = t(key as 'codes.INTERNAL', { defaultValue: '' });
  const message = failure.message ? inWords(t, failure.message) : '';
  if (locale === 'en' && message) return message;
  return translated || message || t('codes.INTERNAL');
}

/** HTTP's own reason phrases: they say nothing to a worker ("Bad Request"). */
const HTTP_PHRASE =
  /^(?:\d{3}\s*)?(bad request|unauthorized|forbidden|not found|conflict|too many requests|internal server error|bad gateway|service unavailable|gateway timeout|unprocessable entity)\.?$/i;

/**
 * A desk or VTEX sentence made readable: a bare HTTP phrase becomes nothing (the code's words are
 * used instead), and a quoted VTEX status ("handling") becomes its name on screen.
 */
function inWords(t: TFunction, message: string): string {
  const text = message.trim();
  if (HTTP_PHRASE.test(text)) return '';
  return text.replace(/"([a-z]+(?:-[a-z]+)*)"/g, (quoted, status: string) => {
    const name = t(`status.${status}` as 'status.handling', { defaultValue: '' });
    return name ? `“${name}”` : quoted;
  });
}

/** VTEX's status in the screen's words ("Ready for handling"), or the raw string. */
export function statusText(t: TFunction, status: string | null | undefined): string {
  if (!status) return '—';
  const translated = t(`status.${status}` as 'status.handling', { defaultValue: '' });
  return translated || status;
}

/** The tone of a status badge: where the order is in its life. */
export function statusTone(
  status: string,
): 'ready' | 'work' | 'wait' | 'done' | 'stop' | 'neutral' {
  if (status === 'ready-for-handling') return 'ready';
  if (['start-handling', 'handling', 'ready-for-invoicing', 'invoice'].includes(status))
    return 'work';
  if (
    [
      'payment-pending',
      'payment-approved',
      'window-to-cancel',
      'waiting-for-authorization',
      'approve-payment',
    ].includes(status)
  ) {
    return 'wait';
  }
  if (status === 'invoiced') return 'done';
  if (
    ['cancel', 'canceled', 'request-cancel', 'cancellation-requested', 'replaced'].includes(status)
  ) {
    return 'stop';
  }
  return 'neutral';
}
