import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CounterSettingsView, SettingsView } from '../../../../preload/contract';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { useSave } from '../settings/use-save';
import { SaveOutcome, SaveButtons } from '../settings/SaveOutcome';

/**
 * Settings → Counter sale: what VTEX gets for a sale at the counter. The desk does not ask
 * customers for an e-mail, so every counter sale carries the store's; a final consumer gets the
 * name set here.
 */
export function CounterSection({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const save = useDesk((s) => s.saveSettings);
  const { busy, failure, saved, run, fieldError } = useSave();
  const [form, setForm] = useState<CounterSettingsView | null>(settings.counter ?? null);
  if (!form) return null;

  const text = (
    key: 'email' | 'finalConsumerName' | 'pickupSla' | 'paymentSystem',
    hint?: string,
  ) => (
    <Field label={t(`counter.settings.${key}`)} hint={hint} error={fieldError(`counter.${key}`)}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          className="input"
          value={form[key]}
          aria-describedby={describedBy}
          aria-invalid={invalid}
          data-testid={`counter-settings-${key}`}
          onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        />
      )}
    </Field>
  );

  return (
    <Card title={t('counter.settings.title')} testId="settings-counter">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => save({ counter: form }));
        }}
        noValidate
      >
        <div className="form-grid">
          {text('email', t('counter.settings.emailHint'))}
          {text('finalConsumerName')}
          {text('pickupSla', t('counter.settings.pickupSlaHint'))}
          {text('paymentSystem', t('counter.settings.paymentSystemHint'))}
          <Field
            label={t('counter.settings.cancelWindowMinutes')}
            hint={t('counter.settings.cancelWindowHint')}
            error={fieldError('counter.cancelWindowMinutes')}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="input num"
                inputMode="numeric"
                value={String(form.cancelWindowMinutes)}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) =>
                  setForm({
                    ...form,
                    cancelWindowMinutes: Math.min(
                      43_200,
                      Number(e.target.value.replace(/\D/g, '') || '0'),
                    ),
                  })
                }
              />
            )}
          </Field>
        </div>
        <SaveOutcome failure={failure} saved={saved} />
        <SaveButtons busy={busy} />
      </form>
    </Card>
  );
}
