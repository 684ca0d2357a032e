import type { AppMode } from '../../../preload/contract';

const LABEL: Record<AppMode, string> = {
  demo: 'Demo — local sandbox',
  account: 'VTEX account',
};

export function ModeBadge({ mode }: { mode: AppMode }) {
  return (
    <span className={`badge badge--${mode}`} data-testid="mode-badge">
      {LABEL[mode]}
    </span>
  );
}
