/**
 * The scan box's input, registered by the box itself, so the global keyboard handler can send a
 * scanner's first keystroke to it from anywhere on the page.
 */
let input: HTMLInputElement | null = null;

export function registerScanInput(el: HTMLInputElement | null): void {
  input = el;
}

export function scanInput(): HTMLInputElement | null {
  return input;
}

/** Fields where typed characters belong where they are typed. */
export function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(
      target.type,
    );
  }
  return false;
}
