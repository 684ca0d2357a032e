import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SettingsView } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { PrintersPanel } from '../print/PrintersPanel';
import { useSave } from './use-save';
import { SaveOutcome, SaveButtons } from './SaveOutcome';

/** The station's printers for slips, paper size, and automatic printing after an invoice. */
export function PrintingSection({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const save = useDesk((s) => s.saveSettings);
  const printers = useDesk((s) => s.printers);
  const loadPrinters = useDesk((s) => s.loadPrinters);
  const [printing, setPrinting] = useState(settings.printing);
  const { busy, failure, saved, run } = useSave();

  useEffect(() => {
    void loadPrinters();
  }, [loadPrinters]);

  const names = printers.data ?? [];
  const printerSelect = (key: 'thermalPrinter' | 'sheetPrinter', label: string) => (
    <Field label={label}>
      {({ id }) => (
        <select
          id={id}
          className="select"
          value={printing[key]}
          onChange={(e) => setPrinting({ ...printing, [key]: e.target.value })}
        >
          <option value="">{t('settings.printing.systemDefault')}</option>
          {names.map((p) => (
            <option key={p.name} value={p.name}>
              {p.displayName || p.name}
              {p.isDefault ? ` (${t('settings.printing.default')})` : ''}
            </option>
          ))}
          {printing[key] && !names.some((p) => p.name === printing[key]) && (
            <option value={printing[key]}>{printing[key]}</option>
          )}
        </select>
      )}
    </Field>
  );

  return (
    <Card title={t('settings.printing.title')} testId="settings-printing">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(() => save({ printing }));
        }}
        noValidate
      >
        {printers.status === 'error' && (
          <Notice tone="warn">{failureText(t, fmt.locale, printers.error)}</Notice>
        )}
        <PrintersPanel
          thermalPrinter={printing.thermalPrinter}
          sheetPrinter={printing.sheetPrinter}
        />
        <div className="form-grid">
          {printerSelect('thermalPrinter', t('settings.printing.thermal'))}
          {printerSelect('sheetPrinter', t('settings.printing.sheet'))}
          <Field label={t('settings.printing.size')}>
            {({ id }) => (
              <select
                id={id}
                className="select"
                value={printing.sheetSize}
                onChange={(e) =>
                  setPrinting({
                    ...printing,
                    sheetSize: e.target.value === 'Letter' ? 'Letter' : 'A4',
                  })
                }
              >
                <option value="A4">A4</option>
                <option value="Letter">Letter</option>
              </select>
            )}
          </Field>
          <Field label={t('settings.printing.copies')}>
            {({ id }) => (
              <input
                id={id}
                className="input num"
                type="number"
                min={1}
                max={10}
                value={printing.copies}
                onChange={(e) =>
                  setPrinting({
                    ...printing,
                    copies: Math.max(1, Math.min(10, Number(e.target.value) || 1)),
                  })
                }
              />
            )}
          </Field>
          <Field
            label={t('settings.printing.retention')}
            hint={t('settings.printing.retentionHint')}
          >
            {({ id, describedBy }) => (
              <input
                id={id}
                aria-describedby={describedBy}
                className="input num"
                type="number"
                min={1}
                max={3650}
                value={printing.slipRetentionDays}
                data-testid="slip-retention"
                onChange={(e) =>
                  setPrinting({
                    ...printing,
                    slipRetentionDays: Math.max(
                      1,
                      Math.min(3650, Math.trunc(Number(e.target.value)) || 90),
                    ),
                  })
                }
              />
            )}
          </Field>
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={printing.autoPrintOnInvoice}
            onChange={(e) => setPrinting({ ...printing, autoPrintOnInvoice: e.target.checked })}
          />
          <span>{t('settings.printing.auto')}</span>
        </label>
        {printing.autoPrintOnInvoice && (
          <fieldset className="choice choice--inline">
            <legend>{t('settings.printing.autoKind')}</legend>
            {(['thermal', 'sheet'] as const).map((k) => (
              <label key={k} className="choice__option">
                <input
                  type="radio"
                  name="auto-kind"
                  checked={printing.autoPrintKind === k}
                  onChange={() => setPrinting({ ...printing, autoPrintKind: k })}
                />
                <span>{t(`print.kinds.${k}`)}</span>
              </label>
            ))}
          </fieldset>
        )}
        <SaveOutcome failure={failure} saved={saved} />
        <SaveButtons busy={busy} />
      </form>
    </Card>
  );
}
