import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';

/** counted − expected in words: "R$ 0,90 short", "R$ 2,00 over", or "Exact". */
export function DifferenceText({ cents, currency }: { cents: number; currency: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (cents === 0)
    return <span className="drawer-diff drawer-diff--exact">{t('drawer.exact')}</span>;
  const amount = fmt.money(Math.abs(cents), currency);
  return cents > 0 ? (
    <span className="drawer-diff drawer-diff--over">{t('drawer.over', { amount })}</span>
  ) : (
    <span className="drawer-diff drawer-diff--short">{t('drawer.short', { amount })}</span>
  );
}
