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
  if (locale === 'en' && failure.message) return failure.message;
  const key = `codes.${failure.code}`;
  const translated = t(key as 'codes.INTERNAL', { defaultValue: '' });
  return translated || failure.message || t('codes.INTERNAL');
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
