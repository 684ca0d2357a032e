/**
 * The names of the IPC contract, without their schemas. The sandboxed preload imports only this
 * file: it must stay free of dependencies so the preload bundle is `electron` plus a few lines.
 * Channels are `domain:verb`; pushed events are named in the past tense.
 */
export const CHANNELS = [
  'app:info',
  'app:ping',
  'print:slip',
  'print:jobs',
  'print:reprint',
  'print:printers',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const EVENT_TYPES = ['app:info-changed', 'print:job-changed'] as const;
export type DeskEventType = (typeof EVENT_TYPES)[number];

/** The one Electron channel on which main pushes every DeskEvent to the window. */
export const EVENT_CHANNEL = 'desk:event';

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function isEventType(value: unknown): value is DeskEventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** Stable codes of a failed call, the same over Electron IPC and the browser host. */
export const DESK_ERROR_CODES = [
  'BAD_REQUEST',
  'UNKNOWN_CHANNEL',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'UNREACHABLE',
  'INTERNAL',
] as const;
export type DeskErrorCode = (typeof DESK_ERROR_CODES)[number];
