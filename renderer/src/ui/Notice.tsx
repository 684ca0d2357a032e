import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

const ICON: Record<'info' | 'warn' | 'bad' | 'ok' | 'pending', IconName> = {
  info: 'alert',
  warn: 'alert',
  bad: 'alert',
  ok: 'check',
  pending: 'clock',
};

/** A sentence that matters (a refusal, a warning, a confirmation), with a matching icon. */
export function Notice({
  tone,
  children,
  title,
  testId,
  live,
}: {
  tone: 'info' | 'warn' | 'bad' | 'ok' | 'pending';
  children: ReactNode;
  title?: string;
  testId?: string;
  /** Announce it to screen readers when it appears (refusals in dialogs). */
  live?: boolean;
}) {
  return (
    <div
      className={`notice notice--${tone}`}
      data-testid={testId}
      role={live ? (tone === 'bad' ? 'alert' : 'status') : undefined}
    >
      <Icon name={ICON[tone]} className="notice__icon" />
      <div className="notice__text">
        {title && <strong className="notice__title">{title}</strong>}
        <div>{children}</div>
      </div>
    </div>
  );
}
