import { DeskEvent } from '../../preload/contract';

export type DeskEventListener = (event: DeskEvent) => void;

/** Where the transports pick up pushed events (read side). */
export interface DeskEventSource {
  subscribe(listener: DeskEventListener): () => void;
}

/**
 * The pushed-event bus behind both transports: Electron forwards each event to the window, the
 * browser host to every open /events socket. Events are validated when emitted, so a malformed
 * one fails at its source rather than in the renderer.
 */
export class DeskEvents implements DeskEventSource {
  readonly #listeners = new Set<DeskEventListener>();

  emit(event: DeskEvent): void {
    const valid = DeskEvent.parse(event);
    for (const listener of [...this.#listeners]) listener(valid);
  }

  subscribe(listener: DeskEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }
}
