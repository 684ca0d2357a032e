import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useFormat } from '../../format/use-format';
import { LOCALE_NAMES, LOCALES, isLocale } from '../../i18n';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { beep } from '../scan/beep';

/** This computer's choices: language, scan sound, desktop notifications; and who is on shift. */
export function PreferencesSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { prefs, operator } = useDesk(
    useShallow((s) => ({ prefs: s.prefs, operator: s.operator })),
  );
  const setPrefs = useDesk((s) => s.setPrefs);
  const endShift = useDesk((s) => s.requestEndShift);
  const permission = typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;

  const toggleNotify = async (on: boolean) => {
    if (on && typeof Notification !== 'undefined' && Notification.permission === 'default') {
      await Notification.requestPermission();
    }
    setPrefs({ notifyNewOrders: on });
  };

  return (
    <Card title={t('settings.prefs.title')} testId="settings-prefs">
      <div className="form">
        <Field label={t('prefs.language')}>
          {({ id }) => (
            <select
              id={id}
              className="select"
              value={prefs.locale}
              onChange={(e) => isLocale(e.target.value) && setPrefs({ locale: e.target.value })}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <label className="check">
          <input
            type="checkbox"
            checked={prefs.sound}
            onChange={(e) => setPrefs({ sound: e.target.checked })}
          />
          <span>{t('settings.prefs.sound')}</span>
        </label>
        <div className="form__buttons form__buttons--start">
          <button type="button" className="button button--small" onClick={() => beep('success')}>
            {t('settings.prefs.testSuccess')}
          </button>
          <button type="button" className="button button--small" onClick={() => beep('failure')}>
            {t('settings.prefs.testFailure')}
          </button>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={prefs.notifyNewOrders}
            disabled={permission === 'unsupported' || permission === 'denied'}
            onChange={(e) => void toggleNotify(e.target.checked)}
          />
          <span>{t('settings.prefs.notify')}</span>
        </label>
        {permission === 'denied' && (
          <p className="field__hint">{t('settings.prefs.notifyDenied')}</p>
        )}
        <dl className="facts">
          <div className="facts__row">
            <dt>{t('operator.current')}</dt>
            <dd>
              {operator ? (
                <>
                  {operator.name} · {t('operator.since', { time: fmt.time(operator.since) })}{' '}
                  <button type="button" className="link-button" onClick={() => void endShift()}>
                    {t('operator.end')}
                  </button>
                </>
              ) : (
                t('operator.none')
              )}
            </dd>
          </div>
        </dl>
      </div>
    </Card>
  );
}
