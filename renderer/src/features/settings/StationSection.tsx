import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../preload/contract';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { useSave } from './use-save';
import { SaveOutcome, SaveButtons } from './SaveOutcome';

/** The station's name (on every action and slip) and the store header printed on slips. */
export function StationSection({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const save = useDesk((s) => s.saveSettings);
  const [stationName, setStationName] = useState(settings.stationName);
  const [store, setStore] = useState(settings.store);
  const { busy, failure, saved, run, fieldError } = useSave();

  const text = (key: keyof typeof store, label: string, wide = false) => (
    <Field label={label} error={fieldError(key)} className={wide ? 'form-grid__wide' : undefined}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className="input"
          value={store[key]}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          onChange={(e) => setStore({ ...store, [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <Card title={t('settings.station.title')} testId="settings-station">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => save({ ...(stationName.trim() ? { stationName } : {}), store }));
        }}
        noValidate
      >
        <div className="form-grid">
          <Field
            label={t('settings.station.name')}
            hint={t('settings.station.nameHint')}
            error={fieldError('stationName')}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="input"
                value={stationName}
                maxLength={60}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                data-testid="station-name"
                onChange={(e) => setStationName(e.target.value)}
              />
            )}
          </Field>
          {text('name', t('settings.station.storeName'))}
          {text('address', t('settings.station.address'), true)}
          {text('taxId', t('settings.station.taxId'))}
          {text('timeZone', t('settings.station.timeZone'))}
        </div>
        <SaveOutcome failure={failure} saved={saved} />
        <SaveButtons busy={busy} />
      </form>
    </Card>
  );
}
