import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { LOCALE_NAMES, LOCALES, isLocale } from '../../i18n';
import { useDesk } from '../../store';
import { Icon } from '../../ui/Icon';
import { ModeBadge } from '../../ui/ModeBadge';
import { ScanBox } from '../scan/ScanBox';

/** Brand, the scan box in the middle (the one thing always in reach), and who/where. */
export function TopBar() {
  const { t } = useTranslation();
  const { info, operator, locale } = useDesk(
    useShallow((s) => ({ info: s.info, operator: s.operator, locale: s.prefs.locale })),
  );
  const setPrefs = useDesk((s) => s.setPrefs);
  const endShift = useDesk((s) => s.requestEndShift);

  return (
    <header className="topbar">
      <div className="brand">
        <Icon name="box" className="brand__mark" />
        <div className="brand__text">
          <h1 className="brand__name">Order Desk</h1>
          {info?.station && <span className="brand__station">{info.station}</span>}
        </div>
      </div>
      <ScanBox />
      <div className="topbar__side">
        {info && <ModeBadge mode={info.mode} connection={info.connection} />}
        {operator && (
          <div className="operator-chip" data-testid="operator">
            <Icon name="user" />
            <span className="operator-chip__name" title={t('operator.current')}>
              {operator.name}
            </span>
            <button type="button" className="operator-chip__end" onClick={() => void endShift()}>
              {t('operator.end')}
            </button>
          </div>
        )}
        <label className="visually-hidden" htmlFor="language">
          {t('prefs.language')}
        </label>
        <select
          id="language"
          className="lang-select"
          value={locale}
          data-testid="language"
          onChange={(e) => isLocale(e.target.value) && setPrefs({ locale: e.target.value })}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </select>
      </div>
    </header>
  );
}
