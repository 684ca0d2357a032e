import { useTranslation } from 'react-i18next';
import { useFormat } from '../../format/use-format';
import { failureText } from '../../i18n/messages';
import { useDesk } from '../../store';
import { Notice } from '../../ui/Notice';
import { CounterSection } from '../counter/CounterSection';
import { ConnectionSection } from './ConnectionSection';
import { FeedSection } from './FeedSection';
import { SellerWindowSection } from '../marketplace/SellerWindowSection';
import { HookSection } from './HookSection';
import { PreferencesSection } from './PreferencesSection';
import { PrintingSection } from './PrintingSection';
import { StationSection } from './StationSection';
import { SupportSection } from './SupportSection';

/** Settings: connection, station and store, this computer, the feed, the hook, printing, support. */
export function SettingsScreen() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const settings = useDesk((s) => s.settings);
  const data = settings.data;
  return (
    <section className="settings" aria-labelledby="settings-title" data-testid="settings-screen">
      <header className="queue__header">
        <div className="queue__title-row">
          <h2 id="settings-title" className="queue__title">
            {t('settings.title')}
          </h2>
        </div>
        {data && <p className="muted">{t('settings.dataDir', { dir: data.dataDir })}</p>}
      </header>
      {settings.status === 'error' && (
        <Notice tone="bad" live>
          {failureText(t, fmt.locale, settings.error)}
        </Notice>
      )}
      {!data ? (
        settings.status !== 'error' && <p className="muted">{t('common.loading')}</p>
      ) : (
        <div className="settings__grid">
          <ConnectionSection key={`conn-${data.mode}-${data.baseUrl ?? ''}`} settings={data} />
          <StationSection settings={data} />
          <PreferencesSection />
          <PrintingSection settings={data} />
          <CounterSection settings={data} />
          <FeedSection />
          <HookSection />
          {data.mode === 'account' && <SellerWindowSection />}
          <SupportSection />
        </div>
      )}
    </section>
  );
}
