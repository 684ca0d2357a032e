import { readFileSync } from 'node:fs';
import { privateDir } from '../private-files';
import { dirname } from 'node:path';
import { z } from 'zod';
import { DeskError } from '../errors';
import { writeFileAtomic } from './atomic-write';

/**
 * Where credentials live: the VTEX app token and nothing else that is secret. Synchronous, like
 * Electron's safeStorage, which will back it in the packaged app (as a SecretCodec below).
 */
export interface SecretStore {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
  delete(name: string): void;
  /** Where the secrets really are, so that Settings can say it truthfully. */
  readonly storage?: SecretStorageKind;
}

/**
 * - `os-keyring`: the OS secret store (Keychain, Credential Manager, Secret Service);
 * - `encrypted-file`: a 0600 file encrypted with a key the OS keeps for this user (safeStorage);
 * - `user-file`: a 0600 file in plain text, readable by this OS user (and the administrator);
 * - `memory`: nowhere on disk (tests, throwaway sessions).
 */
export type SecretStorageKind = 'os-keyring' | 'encrypted-file' | 'user-file' | 'memory';

/** The name the VTEX app token is stored under. */
export const APP_TOKEN_SECRET = 'vtex.appToken';

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new DeskError('SECRET_NAME_INVALID', JSON.stringify(name));
}

/** For tests and for the browser host's throwaway sessions. */
export class MemorySecretStore implements SecretStore {
  readonly storage = 'memory' as const;
  private readonly values = new Map<string, string>();
  get(name: string): string | undefined {
    checkName(name);
    return this.values.get(name);
  }
  set(name: string, value: string): void {
    checkName(name);
    this.values.set(name, value);
  }
  delete(name: string): void {
    checkName(name);
    this.values.delete(name);
  }
}

/**
 * Turns a secret into the bytes stored on disk and back. Electron's `safeStorage`
 * (encryptString / decryptString, keyed to the OS user) plugs in here.
 */
export interface SecretCodec {
  encode(plain: string): Uint8Array;
  decode(stored: Uint8Array): string;
}

/**
 * No encryption: the bytes are the UTF-8 text. The only protection is the file's 0600 mode
 * (readable by this OS user alone) — fine for tests and the demo sandbox, not enough for a
 * shared workstation, which is why the packaged app passes its safeStorage codec.
 */
export const plainCodec: SecretCodec = {
  encode: (plain) => Buffer.from(plain, 'utf8'),
  decode: (stored) => Buffer.from(stored).toString('utf8'),
};

const SecretsFile = z.object({
  version: z.literal(1),
  secrets: z.record(z.string(), z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/)),
});

/**
 * Secrets in one small JSON file (`{version, secrets: {name: base64}}`) written atomically with
 * mode 0600 inside a 0700 folder. Read on every call: it is tiny and rarely used, and another
 * process may have changed it.
 */
export class FileSecretStore implements SecretStore {
  readonly storage: SecretStorageKind;

  constructor(
    readonly file: string,
    private readonly codec: SecretCodec = plainCodec,
  ) {
    this.storage = codec === plainCodec ? 'user-file' : 'encrypted-file';
  }

  get(name: string): string | undefined {
    checkName(name);
    const stored = this.read().get(name);
    if (stored === undefined) return undefined;
    try {
      return this.codec.decode(Buffer.from(stored, 'base64'));
    } catch (e) {
      throw new DeskError('SECRETS_UNREADABLE', `${this.file}: "${name}" cannot be decoded`, {
        cause: e,
      });
    }
  }

  set(name: string, value: string): void {
    checkName(name);
    // A damaged file is replaced: the user is re-entering the secret precisely because of it.
    const secrets = this.readOrEmpty();
    secrets.set(name, Buffer.from(this.codec.encode(value)).toString('base64'));
    this.write(secrets);
  }

  delete(name: string): void {
    checkName(name);
    const secrets = this.readOrEmpty();
    if (!secrets.delete(name)) return;
    this.write(secrets);
  }

  private read(): Map<string, string> {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
      throw new DeskError('SECRETS_UNREADABLE', `${this.file}: ${(e as Error).message}`, {
        cause: e,
      });
    }
    let parsed: z.infer<typeof SecretsFile>;
    try {
      parsed = SecretsFile.parse(JSON.parse(text));
    } catch {
      // No cause attached: JSON.parse and zod messages quote the content, which holds secrets.
      throw new DeskError('SECRETS_UNREADABLE', `${this.file}: damaged`);
    }
    return new Map(Object.entries(parsed.secrets));
  }

  private readOrEmpty(): Map<string, string> {
    try {
      return this.read();
    } catch (e) {
      if (e instanceof DeskError && e.code === 'SECRETS_UNREADABLE') return new Map();
      throw e;
    }
  }

  private write(secrets: Map<string, string>): void {
    const body = JSON.stringify({ version: 1, secrets: Object.fromEntries(secrets) });
    try {
      privateDir(dirname(this.file));
      writeFileAtomic(this.file, body, 0o600);
    } catch (e) {
      throw new DeskError('SECRETS_WRITE_FAILED', `${this.file}: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }
}
