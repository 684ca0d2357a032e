import { DeskError } from '../errors';
import { APP_TOKEN_SECRET, connectionBaseUrl, type SecretStore, type Settings } from '../settings';
import { VtexClient, type VtexClientOptions } from './client';

/**
 * The client for a station's settings: base URL from the connection (account + environment, or
 * the sandbox's address), the appKey from the settings, the appToken only from the secret store.
 * Throws DeskError SYNC_CREDENTIALS_NEEDED when no token is stored yet.
 */
export function vtexClientFromSettings(
  settings: Pick<Settings, 'connection' | 'appKey'>,
  secrets: SecretStore,
  opts: Omit<VtexClientOptions, 'baseUrl' | 'appKey' | 'appToken'> = {},
): VtexClient {
  const appToken = secrets.get(APP_TOKEN_SECRET);
  if (!appToken) throw new DeskError('SYNC_CREDENTIALS_NEEDED', 'no app token in the secret store');
  return new VtexClient({
    ...opts,
    baseUrl: connectionBaseUrl(settings.connection),
    appKey: settings.appKey,
    appToken,
  });
}
