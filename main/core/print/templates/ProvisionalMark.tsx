// @jsxRuntime automatic
// @jsxImportSource react
import type { SlipMessages } from '../i18n';

/**
 * The mark of a slip whose invoice VTEX has not accepted yet (printed offline): big, boxed, at the
 * top and the bottom, so a torn-off half still says it. Its number may still be refused and
 * replaced, so this paper must never pass for the final slip.
 */
export function ProvisionalMark({ t }: { t: SlipMessages }) {
  return (
    <div className="provisional" role="note">
      <div className="provisional__title">{t.provisional}</div>
      <div className="provisional__hint">{t.provisionalHint}</div>
    </div>
  );
}
