import { useTranslation } from 'react-i18next';
import type { HostKind } from '../../../preload/contract';
import type { Connection } from '../use-connection';

/** The link between this window and the desk (not VTEX: the sync bar says that). */
export function ConnectionLine({
  connection,
  transport,
}: {
  connection: Connection;
  transport: HostKind;
}) {
  const { t } = useTranslation();
  let text: string;
  switch (connection.state) {
    case 'connecting':
      text = t('link.connecting');
      break;
    case 'connected':
      text = t('link.connected', {
        via: t(transport === 'electron' ? 'link.viaElectron' : 'link.viaBrowser'),
        ms: connection.roundTripMs,
      });
      break;
    case 'lost':
      text = t('link.lost', { reason: connection.reason });
      break;
  }
  return (
    <p
      className={`connection connection--${connection.state}`}
      role="status"
      aria-live="polite"
      data-testid="connection"
    >
      <span className="connection__dot" aria-hidden="true" />
      {text}
    </p>
  );
}
