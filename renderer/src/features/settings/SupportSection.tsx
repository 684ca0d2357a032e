import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskFailure } from '../../../../preload/contract';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { ask } from '../../store/desk-port';
import { Card } from '../../ui/Card';
import { Notice } from '../../ui/Notice';

/** Hands the file to the browser's (or Electron's) download, which asks where to save it. */
function download(fileName: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; the object URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Settings → Support: the one file a support person asks for first. */
export function SupportSection() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<DeskFailure | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  const exportFile = async () => {
    setBusy(true);
    setFailure(null);
    setSaved(null);
    const result = await ask('support:export');
    setBusy(false);
    if (!result.ok) {
      setFailure(result.error);
      return;
    }
    download(result.data.fileName, result.data.contentBase64);
    setSaved(result.data.fileName);
  };

  return (
    <Card title={t('settings.support.title')} testId="settings-support">
      <div className="form">
        <p className="muted">{t('settings.support.intro')}</p>
        <div className="form__buttons form__buttons--start">
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void exportFile()}
          >
            {busy ? t('settings.support.exporting') : t('settings.support.export')}
          </button>
        </div>
        {failure && (
          <Notice tone="bad" live>
            {failureText(t, fmt.locale, failure)}
          </Notice>
        )}
        {saved && (
          <Notice tone="ok" live>
            {t('settings.support.saved', { name: saved })}
          </Notice>
        )}
      </div>
    </Card>
  );
}
