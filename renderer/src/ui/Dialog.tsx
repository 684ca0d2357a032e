import { useEffect, useId, useRef, type FormEvent, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  /** Esc, the close button and "Cancel" all call this. */
  onClose: () => void;
  /** Enter (the form's submit) calls this. */
  onSubmit?: () => void;
  children: ReactNode;
  footer?: ReactNode;
  size?: 'small' | 'medium' | 'large';
  testId?: string;
  /** A sentence under the title (what the action does at VTEX). */
  lead?: ReactNode;
  closeLabel: string;
  /** Shown first in the body, above everything (a scan that arrived while the dialog was open). */
  banner?: ReactNode;
}

/**
 * A modal on the native <dialog>: the browser traps focus and keeps it in the top layer. Its body
 * is a form, so Enter in any field submits and Esc backs out, the two keys the floor uses.
 * Mounted = open: the parent renders it only while it should show.
 */
export function Dialog({
  title,
  onClose,
  onSubmit,
  children,
  footer,
  size = 'medium',
  testId,
  lead,
  closeLabel,
  banner,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const leadId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    }
    // The first field, else the first button: the hands are already on the keyboard.
    // A selector list matches in document order, so the marked field is looked for on its own.
    const first =
      dialog.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog.querySelector<HTMLElement>(
        'input:not([disabled]):not([type="hidden"]), select, textarea, button[type="submit"]',
      );
    first?.focus();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit?.();
  };

  return (
    <dialog
      ref={ref}
      className={`dialog dialog--${size}`}
      aria-labelledby={titleId}
      aria-describedby={lead ? leadId : undefined}
      data-testid={testId}
      onCancel={(event) => {
        // Esc: the browser would close the element behind React's back.
        event.preventDefault();
        onClose();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <form className="dialog__form" onSubmit={submit} noValidate>
        <header className="dialog__header">
          <h2 id={titleId} className="dialog__title">
            {title}
          </h2>
          <button type="button" className="icon-button" onClick={onClose} aria-label={closeLabel}>
            <svg viewBox="0 0 24 24" aria-hidden="true">
              <path d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4l5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6 6.4 5Z" />
            </svg>
          </button>
        </header>
        {lead && (
          <p id={leadId} className="dialog__lead">
            {lead}
          </p>
        )}
        <div className="dialog__body">
          {banner}
          {children}
        </div>
        {footer && <footer className="dialog__footer">{footer}</footer>}
      </form>
    </dialog>
  );
}
