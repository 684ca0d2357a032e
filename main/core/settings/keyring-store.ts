import { createRequire } from 'node:module';
import { DeskError } from '../errors';
import { FileSecretStore, type SecretStore } from './secret-store';

/**
 * The OS secret store (macOS Keychain, Windows Credential Manager, the desktop's Secret Service
 * on Linux) through `@napi-rs/keyring`, for the browser host; the Electron app uses its
 * safeStorage codec instead. Where none runs (a server, a container, a session without a
 * keyring), the desk falls back to a file only this OS user can read, and says so.
 */

interface KeyringEntry {
  setPassword(password: string): void;
  getPassword(): string | null;
  deletePassword(): boolean;
}
type EntryConstructor = new (
  service: string,
  account: string,
  options?: { linux?: { store?: 'secret-service' | 'keyutils' } },
) => KeyringEntry;

/**
 * On Linux, the Secret Service only: the binding would otherwise fall back to the kernel keyring,
 * which forgets everything at a reboot — the token would silently vanish.
 */
const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

/** Loaded on first use: the Electron bundle, which never asks for it, does not load it. */
function loadEntry(): EntryConstructor | null {
  try {
    const req = createRequire(import.meta.url);
    return (req('@napi-rs/keyring') as { Entry: EntryConstructor }).Entry;
  } catch {
    return null;
  }
}

export class KeyringSecretStore implements SecretStore {
  readonly storage = 'os-keyring' as const;

  constructor(
    /** One service per data folder: two desks of one user keep separate tokens. */
    readonly service: string,
    private readonly Entry: EntryConstructor,
  ) {}

  get(name: string): string | undefined {
    try {
      return new this.Entry(this.service, name, ENTRY_OPTIONS).getPassword() ?? undefined;
    } catch (e) {
      throw new DeskError('SECRETS_UNREADABLE', `the OS keyring: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  set(name: string, value: string): void {
    try {
      new this.Entry(this.service, name, ENTRY_OPTIONS).setPassword(value);
    } catch (e) {
      throw new DeskError('SECRETS_WRITE_FAILED', `the OS keyring: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  delete(name: string): void {
    try {
      new this.Entry(this.service, name, ENTRY_OPTIONS).deletePassword();
    } catch (e) {
      throw new DeskError('SECRETS_WRITE_FAILED', `the OS keyring: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
}

export interface OpenSecretStoreOptions {
  /** The 0600 file used when no OS secret store answers (and where older desks kept secrets). */
  file: string;
  /** The keyring service name, e.g. "Order Desk (/home/ana/.local/share/order-desk)". */
  service: string;
  /** Secrets to carry from the file into the keyring when it is used (the app token). */
  migrate?: readonly string[];
  /** Test hook: the keyring binding, or null for "none on this computer". */
  entry?: EntryConstructor | null;
}

/**
 * The OS keyring when one answers here, else the file. A secret found in the file while the
 * keyring is used is moved into the keyring and removed from the file.
 */
export function openSecretStore(opts: OpenSecretStoreOptions): SecretStore {
  const file = new FileSecretStore(opts.file);
  const Entry = opts.entry === undefined ? loadEntry() : opts.entry;
  if (!Entry) return file;
  const keyring = new KeyringSecretStore(opts.service, Entry);
  try {
    // A full round trip: some stores answer reads (null) and refuse only writes.
    const probe = 'order-desk.probe';
    keyring.set(probe, 'probe');
    const back = keyring.get(probe);
    keyring.delete(probe);
    if (back !== 'probe') return file;
  } catch {
    return file;
  }
  for (const name of opts.migrate ?? []) {
    try {
      const old = file.get(name);
      if (old === undefined) continue;
      keyring.set(name, old);
      file.delete(name);
    } catch {
      // Left where it is: still readable from the file by `get` below until it moves.
    }
  }
  return new KeyringWithFileFallback(keyring, file);
}

/** Reads the keyring first and an unmigrated file second; writes go to the keyring only. */
class KeyringWithFileFallback implements SecretStore {
  readonly storage = 'os-keyring' as const;
  constructor(
    private readonly keyring: KeyringSecretStore,
    private readonly file: FileSecretStore,
  ) {}
  get(name: string): string | undefined {
    return this.keyring.get(name) ?? this.file.get(name);
  }
  set(name: string, value: string): void {
    this.keyring.set(name, value);
    this.file.delete(name);
  }
  delete(name: string): void {
    this.keyring.delete(name);
    this.file.delete(name);
  }
}
