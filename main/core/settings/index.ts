/** Station settings (a validated JSON file), the secret store for the app token, and redaction. */
export {
  Settings,
  Connection,
  AccountConnection,
  UrlConnection,
  FeedFilterChoice,
  SETTINGS_NOTES,
  appTokenNote,
  SETTINGS_VERSION,
  DEFAULT_ENVIRONMENT,
  DEFAULT_FEED_FILTER,
  DEFAULT_FEED_STATUSES,
  connectionBaseUrl,
  toFeedFilter,
  validateSettings,
  describeIssues,
  type SettingsInput,
  type SettingsIssue,
  type SettingsValidation,
} from './schema';
export {
  loadSettings,
  saveSettings,
  restoreSettingsBackup,
  settingsPath,
  settingsBackupPath,
  SETTINGS_FILE,
  SETTINGS_BACKUP,
  type SettingsLoad,
} from './settings-file';
export {
  FileSecretStore,
  MemorySecretStore,
  plainCodec,
  APP_TOKEN_SECRET,
  type SecretStore,
  type SecretCodec,
  type SecretStorageKind,
} from './secret-store';
export { KeyringSecretStore, openSecretStore, type OpenSecretStoreOptions } from './keyring-store';
export { redact, REDACTED, type RedactOptions } from './redact';
export { writeFileAtomic } from './atomic-write';
