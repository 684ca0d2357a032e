import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskFailure } from '../../../../preload/contract';
import { parseMoneyInput } from '../../format/money';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Field } from '../../ui/Field';
import { Icon } from '../../ui/Icon';
import { Notice } from '../../ui/Notice';
import { MoneyField } from '../drawer/MoneyField';

const LAST_NAME_KEY = 'order-desk.last-operator';

/**
 * Shift start: who works at this station. Every action records this name; a PIN (optional) keeps
 * others from acting under it.
 */
export function ShiftScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const startShift = useDesk((s) => s.startShift);
  const station = useDesk((s) => s.info?.station);
  const [name, setName] = useState(() => localStorage.getItem(LAST_NAME_KEY) ?? '');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const [tried, setTried] = useState(false);
  const nameMissing = name.trim() === '';
  const pinBad = pin !== '' && !/^\d{4,8}$/.test(pin);
  const pinAsked = failure?.code === 'PIN_REQUIRED' || failure?.code === 'PIN_WRONG';
  // The cash drawer: a drawer left open (a restart, a handover) continues; else the float counted
  // now opens this shift's drawer. Empty: this station takes no cash.
  const loadDrawer = useDesk((s) => s.loadDrawer);
  const openDrawer = useDesk((s) => s.openDrawer);
  const showToast = useDesk((s) => s.showToast);
  const openNow = useDesk((s) => s.drawer.data?.open?.drawer ?? null);
  const [float, setFloat] = useState('');
  const floatCents = float.trim() === '' ? null : parseMoneyInput(float, fmt.locale);
  const floatBad = float.trim() !== '' && floatCents === null;
  useEffect(() => {
    void loadDrawer();
  }, [loadDrawer]);

  const submit = async () => {
    setTried(true);
    if (nameMissing || pinBad || floatBad) return;
    setBusy(true);
    const result = await startShift(name.trim(), pin || undefined);
    if (result.ok && floatCents !== null && !openNow) {
      const opened = await openDrawer(floatCents);
      if (!opened.ok) showToast('bad', failureText(t, fmt.locale, opened.error));
    }
    setBusy(false);
    if (result.ok) {
      localStorage.setItem(LAST_NAME_KEY, name.trim());
      useDesk.getState().focusScan();
    } else {
      setFailure(result.error);
    }
  };

  return (
    <section className="shift" aria-labelledby="shift-title" data-testid="shift-screen">
      <form
        className="shift__card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
      >
        <Icon name="user" className="shift__icon" />
        <h2 id="shift-title" className="shift__title">
          {t('operator.title')}
        </h2>
        <p className="muted">
          {station ? t('operator.leadStation', { station }) : t('operator.lead')}
        </p>
        <Field
          label={t('operator.name')}
          error={tried && nameMissing ? t('operator.nameMissing') : null}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              className="input input--large"
              value={name}
              maxLength={60}
              autoComplete="off"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              data-testid="operator-name"
              data-autofocus
              autoFocus
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('operator.pin')}
          hint={pinAsked ? undefined : t('operator.pinHint')}
          error={pinBad ? t('operator.pinFormat') : null}
        >
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              className="input input--large num"
              type="password"
              inputMode="numeric"
              value={pin}
              maxLength={8}
              autoComplete="off"
              aria-describedby={describedBy}
              aria-invalid={invalid}
              data-testid="operator-pin"
              onChange={(e) => setPin(e.target.value)}
            />
          )}
        </Field>
        {openNow ? (
          <Notice tone="info" testId="shift-drawer-continues">
            {t('drawer.continues', {
              number: openNow.number,
              time: fmt.dateTime(openNow.openedAt),
              expected: fmt.money(openNow.totals.expected, openNow.currency),
            })}
          </Notice>
        ) : (
          <MoneyField
            label={t('drawer.floatField')}
            hint={t('drawer.floatHint')}
            value={float}
            onChange={setFloat}
            error={floatBad ? t('drawer.invalid', { example: fmt.money(10_000, null) }) : null}
            testId="shift-float"
          />
        )}
        {failure && (
          <p className="field__error" role="alert" data-testid="shift-error">
            {failureText(t, fmt.locale, failure)}
          </p>
        )}
        <button
          type="submit"
          className="button button--primary button--large"
          disabled={busy}
          data-testid="start-shift"
        >
          {busy ? t('common.saving') : t('operator.start')}
          <kbd>Enter</kbd>
        </button>
      </form>
    </section>
  );
}
