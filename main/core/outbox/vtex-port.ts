import type { VtexClient } from '../vtex/client';

/**
 * What the sync engine needs from VTEX: the client's order read, its write methods (which the
 * client never retries by itself: repeating a write is the engine's decision) and the read of an
 * order's notes, which settles a note whose answer was lost.
 */
export type OutboxVtex = Pick<
  VtexClient,
  | 'getOrder'
  | 'startHandling'
  | 'paymentNotification'
  | 'invoice'
  | 'patchInvoice'
  | 'putTracking'
  | 'cancel'
  | 'addNote'
  | 'getNotes'
  | 'previewChange'
  | 'requestChange'
  | 'listChanges'
  | 'retryChange'
>;
