import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Card } from '../../ui/Card';
import { Field } from '../../ui/Field';
import { Notice } from '../../ui/Notice';
import { useSave } from './use-save';
import { SaveOutcome } from './SaveOutcome';

/** "Name: value" lines → headers; lines without a colon are reported. */
export function parseHeaders(text: string): {
  headers: Record<string, string>;
  bad: string | null;
} {
  const headers: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const at = line.indexOf(':');
    if (at <= 0) return { headers, bad: line };
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { headers, bad: null };
}

/** VTEX's hook for this appKey: see it, create (or replace) it, delete it. Online only. */
export function HookSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const hook = useDesk((s) => s.hook);
  const loadHook = useDesk((s) => s.loadHook);
  const setHook = useDesk((s) => s.setHook);
  const deleteHook = useDesk((s) => s.deleteHook);
  const [url, setUrl] = useState('');
  const [headers, setHeaders] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { busy, failure, saved, run } = useSave();
  const parsed = parseHeaders(headers);

  useEffect(() => {
    void loadHook();
  }, [loadHook]);

  const current = hook.data?.hook ?? null;

  return (
    <Card title={t('settings.hook.title')} testId="settings-hook">
      {hook.status === 'error' && (
        <Notice tone={hook.error?.code === 'OFFLINE' ? 'warn' : 'bad'}>
          {hook.error?.code === 'OFFLINE'
            ? t('online.offline')
            : failureText(t, fmt.locale, hook.error)}
        </Notice>
      )}
      {current ? (
        <dl className="facts" data-testid="hook-current">
          <div className="facts__row">
            <dt>{t('settings.hook.url')}</dt>
            <dd className="mono break">{current.url}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('settings.hook.headers')}</dt>
            <dd className="mono">{Object.keys(current.headers).join(', ') || '—'}</dd>
          </div>
          <div className="facts__row">
            <dt>{t('settings.hook.filter')}</dt>
            <dd>
              {current.filter
                ? current.filter.type === 'FromWorkflow'
                  ? current.filter.statuses.join(', ')
                  : current.filter.expression
                : '—'}
            </dd>
          </div>
        </dl>
      ) : (
        hook.status === 'ready' && <p className="muted">{t('settings.hook.none')}</p>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed.bad) return;
          void run(() =>
            setHook({
              url: url.trim(),
              ...(Object.keys(parsed.headers).length ? { headers: parsed.headers } : {}),
            }),
          );
        }}
        noValidate
      >
        <div className="form-grid">
          <Field
            label={t('settings.hook.url')}
            hint={t('settings.hook.urlHint')}
            className="form-grid__wide"
          >
            {({ id, describedBy }) => (
              <input
                id={id}
                className="input"
                type="url"
                value={url}
                placeholder="https://"
                aria-describedby={describedBy}
                onChange={(e) => setUrl(e.target.value)}
              />
            )}
          </Field>
          <Field
            label={t('settings.hook.headers')}
            hint={t('settings.hook.headersHint')}
            error={parsed.bad ? t('settings.hook.headerBad', { line: parsed.bad }) : null}
            className="form-grid__wide"
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                className="input textarea mono"
                rows={3}
                value={headers}
                aria-describedby={describedBy}
                aria-invalid={invalid}
                onChange={(e) => setHeaders(e.target.value)}
              />
            )}
          </Field>
        </div>
        <SaveOutcome failure={failure} saved={saved} />
        <div className="form__buttons">
          {current &&
            (confirmDelete ? (
              <button
                type="button"
                className="button button--danger"
                onClick={() => {
                  setConfirmDelete(false);
                  void run(() => deleteHook());
                }}
              >
                {t('settings.hook.confirmDelete')}
              </button>
            ) : (
              <button
                type="button"
                className="button button--danger-quiet"
                onClick={() => setConfirmDelete(true)}
              >
                {t('settings.hook.delete')}
              </button>
            ))}
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || url.trim() === ''}
          >
            {current ? t('settings.hook.replace') : t('settings.hook.create')}
          </button>
        </div>
      </form>
    </Card>
  );
}
