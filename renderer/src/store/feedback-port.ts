/**
 * Side effects the store triggers but does not own: the scan beep and the desktop notification.
 * main.tsx plugs in WebAudio and the Notification API; tests plug in spies; the default is silent.
 */
export type BeepKind = 'success' | 'failure';

export interface Feedback {
  beep(kind: BeepKind): void;
  notify(title: string, body: string, onClick: () => void): void;
}

const silent: Feedback = { beep: () => undefined, notify: () => undefined };
let current: Feedback = silent;

export function setFeedback(feedback: Feedback | null): void {
  current = feedback ?? silent;
}

export function feedback(): Feedback {
  return current;
}
