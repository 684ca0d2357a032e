import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConnectionTestResult, SettingsView } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { useSave } from './use-save';
import { SaveOutcome } from './SaveOutcome';

/** What the desk does with each License Manager resource (the locale key of the sentence). */
type ResourceUse =
  | 'viewOrder'
  | 'listOrders'
  | 'feed'
  | 'workflow'
  | 'payment'
  | 'invoice'
  | 'cancel'
  | 'fullAccess';
const RESOURCE_USE: Partial<Record<string, ResourceUse>> = {
  'View order': 'viewOrder',
  'List Orders': 'listOrders',
  'Feed v3 and Hook Admin': 'feed',
  'Change order workflow status': 'workflow',
  'Notify payment': 'payment',
  'Notify invoice': 'invoice',
  'Cancel order': 'cancel',
  'Orders Full Access': 'fullAccess',
};

type Mode = 'account' | 'url';

/**
 * The VTEX connection: account (and environment) or a test address, the appKey, and the appToken
 * — write-only: the field is always empty, and only says whether one is saved.
 */
export function ConnectionSection({ settings }: { settings: SettingsView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const save = useDesk((s) => s.saveSettings);
  const test = useDesk((s) => s.testConnection);
  const conn = settings.connection;
  const [mode, setMode] = useState<Mode>(conn?.mode ?? 'account');
  const [accountName, setAccountName] = useState(conn?.mode === 'account' ? conn.accountName : '');
  const [environment, setEnvironment] = useState(
    conn?.mode === 'account' ? conn.environment : 'vtexcommercestable',
  );
  const [baseUrl, setBaseUrl] = useState(conn?.mode === 'url' ? conn.baseUrl : '');
  const [appKey, setAppKey] = useState(settings.mode === 'account' ? (settings.appKey ?? '') : '');
  const [appToken, setAppToken] = useState('');
  const [testing, setTesting] = useState(false);
  const [tested, setTested] = useState<ConnectionTestResult | null>(null);
  const { busy, failure, saved, run, fieldError } = useSave();

  const connection = () =>
    mode === 'account'
      ? { mode: 'account' as const, accountName, ...(environment.trim() ? { environment } : {}) }
      : { mode: 'url' as const, baseUrl };
  const credentials = () => ({
    ...(appKey.trim() ? { appKey: appKey.trim() } : {}),
    ...(appToken.trim() ? { appToken: appToken.trim() } : {}),
  });

  const doTest = async () => {
    setTesting(true);
    setTested(null);
    const result = await test({ connection: connection(), ...credentials() });
    setTesting(false);
    if (result.ok) setTested(result.data);
    else
      setTested({
        result: 'error',
        message: failureText(t, fmt.locale, result.error),
        baseUrl: '',
        at: Date.now(),
      });
  };

  const doSave = async () => {
    const data = await run(() => save({ connection: connection(), ...credentials() }));
    if (data) {
      setAppToken('');
      if (data.connectionTest) setTested(data.connectionTest);
    }
  };

  return (
    <Card title={t('settings.connection.title')} testId="settings-connection">
      {settings.mode === 'demo' ? (
        <Notice tone="warn" title={t('mode.demo')}>
          {t('settings.connection.demo')}
        </Notice>
      ) : (
        <p className="muted">
          {t('settings.connection.current', { url: settings.baseUrl ?? '—' })}
        </p>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void doSave();
        }}
        noValidate
      >
        <fieldset className="choice choice--inline">
          <legend>{t('settings.connection.kind')}</legend>
          <label className="choice__option">
            <input
              type="radio"
              name="conn-mode"
              checked={mode === 'account'}
              onChange={() => setMode('account')}
            />
            <span>{t('settings.connection.account')}</span>
          </label>
          <label className="choice__option">
            <input
              type="radio"
              name="conn-mode"
              checked={mode === 'url'}
              onChange={() => setMode('url')}
            />
            <span>{t('settings.connection.url')}</span>
          </label>
        </fieldset>
        <div className="form-grid">
          {mode === 'account' ? (
            <>
              <Field
                label={t('settings.connection.accountName')}
                hint={t('settings.connection.accountHint')}
                error={fieldError('accountName')}
              >
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    className="input"
                    value={accountName}
                    autoComplete="off"
                    spellCheck={false}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onChange={(e) => setAccountName(e.target.value)}
                  />
                )}
              </Field>
              <Field label={t('settings.connection.environment')} error={fieldError('environment')}>
                {({ id, describedBy, invalid }) => (
                  <input
                    id={id}
                    className="input"
                    value={environment}
                    autoComplete="off"
                    spellCheck={false}
                    aria-describedby={describedBy}
                    aria-invalid={invalid}
                    onChange={(e) => setEnvironment(e.target.value)}
                  />
                )}
              </Field>
            </>
          ) : (
            <Field
              label={t('settings.connection.baseUrl')}
              hint={settings.notes.connection}
              error={fieldError('baseUrl')}
              className="form-grid__wide"
            >
              {({ id, describedBy, invalid }) => (
                <input
                  id={id}
                  className="input"
                  value={baseUrl}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder="http://127.0.0.1:PORT"
                  aria-describedby={describedBy}
                  aria-invalid={invalid}
                  onChange={(e) => setBaseUrl(e.target.value)}
                />
              )}
            </Field>
          )}
          <Field
            label={t('settings.connection.appKey')}
            hint={settings.notes.appKey}
            error={fieldError('appKey')}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="input mono"
                value={appKey}
                autoComplete="off"
                spellCheck={false}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => setAppKey(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('settings.connection.appToken')}
            hint={
              settings.hasAppToken && settings.mode === 'account'
                ? t('settings.connection.tokenSaved')
                : settings.notes.appToken
            }
            error={fieldError('appToken')}
          >
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                className="input mono"
                type="password"
                value={appToken}
                autoComplete="new-password"
                placeholder={settings.hasAppToken && settings.mode === 'account' ? '••••••••' : ''}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                data-testid="app-token"
                onChange={(e) => setAppToken(e.target.value)}
              />
            )}
          </Field>
        </div>
        {tested && (
          <Notice tone={tested.result === 'ok' ? 'ok' : 'bad'} live testId="connection-test">
            {tested.result === 'ok' ? t('settings.connection.testOk') : tested.message}
          </Notice>
        )}
        {tested?.resources && tested.resources.length > 0 && (
          <table className="table" data-testid="connection-resources">
            <caption>{t('settings.connection.resourcesTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('settings.connection.resources.resource')}</th>
                <th scope="col">{t('settings.connection.resources.held')}</th>
                <th scope="col">{t('settings.connection.resources.without')}</th>
              </tr>
            </thead>
            <tbody>
              {tested.resources.map((r) => (
                <tr key={r.resource} data-allowed={String(r.allowed)}>
                  <th scope="row">{r.resource}</th>
                  <td>
                    {r.allowed === true
                      ? `✓ ${t('settings.connection.resources.yes')}`
                      : r.allowed === false
                        ? `✗ ${t('settings.connection.resources.no')}`
                        : `? ${t('settings.connection.resources.unknown')}`}
                  </td>
                  <td>
                    {(() => {
                      const use = RESOURCE_USE[r.resource];
                      return use ? t(`settings.connection.resources.${use}`) : '';
                    })()}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <SaveOutcome failure={failure} saved={saved} />
        <div className="form__buttons">
          <button type="button" className="button" onClick={() => void doTest()} disabled={testing}>
            {testing ? t('settings.connection.testing') : t('settings.connection.test')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? t('common.saving') : t('settings.connection.save')}
          </button>
        </div>
      </form>
    </Card>
  );
}
