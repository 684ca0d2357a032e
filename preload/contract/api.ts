import type { z } from 'zod';
import type { Channel, DeskErrorCode, DeskEventType } from './channels';
import type { contract, DeskEvent } from './schemas';

/** What the caller passes (before defaults/transforms). */
export type RequestOf<C extends Channel> = z.input<(typeof contract)[C]['request']>;
/** What a handler receives after validation. */
export type ParsedRequestOf<C extends Channel> = z.output<(typeof contract)[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<(typeof contract)[C]['response']>;

/** A channel without parameters may be invoked with the payload left out. */
export type PayloadArgs<C extends Channel> =
  undefined extends RequestOf<C> ? [payload?: RequestOf<C>] : [payload: RequestOf<C>];

export interface DeskFailure {
  code: DeskErrorCode;
  /** Written for the person at the desk: what happened and what to do. */
  message: string;
  /** Form fields at fault (`connection.accountName`, `items.0.quantity`), when known. */
  fields?: { path: string; message: string }[];
}

/**
 * Calls resolve to a result instead of rejecting: an Error crossing Electron's contextBridge keeps
 * only its message, and the stable `code` is what the screens act on.
 */
export type DeskResult<T> = { ok: true; data: T } | { ok: false; error: DeskFailure };

export type DeskEventOf<T extends DeskEventType> = Extract<DeskEvent, { type: T }>;

/** The object on `window.desk` (Electron) and its HTTP/WS twin in the browser host. */
export interface DeskApi {
  invoke<C extends Channel>(
    channel: C,
    ...payload: PayloadArgs<C>
  ): Promise<DeskResult<ResponseOf<C>>>;
  /** Subscribes to one pushed event type; returns the unsubscribe function. */
  on<T extends DeskEventType>(type: T, listener: (event: DeskEventOf<T>) => void): () => void;
}
