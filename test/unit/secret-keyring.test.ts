import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APP_TOKEN_SECRET,
  appTokenNote,
  FileSecretStore,
  openSecretStore,
} from '../../main/core/settings';

/**
 * The browser host keeps the app token in the OS secret store where one runs, and otherwise in
 * a file only this OS user can read — and Settings says which, in words that are true.
 */

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'secret-keyring-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for the OS keyring: one map per test, like a running Secret Service. */
function fakeKeyring() {
  const items = new Map<string, string>();
  class Entry {
    constructor(
      private readonly service: string,
      private readonly account: string,
    ) {}
    private get key() {
      return `${this.service}\n${this.account}`;
    }
    setPassword(p: string) {
      items.set(this.key, p);
    }
    getPassword() {
      return items.get(this.key) ?? null;
    }
    deletePassword() {
      return items.delete(this.key);
    }
  }
  return { items, Entry };
}

class NoSecretService {
  setPassword(): void {
    throw new Error("Couldn't access platform storage: AccessDenied");
  }
  getPassword(): string | null {
    throw new Error("Couldn't access platform storage: AccessDenied");
  }
  deletePassword(): boolean {
    throw new Error("Couldn't access platform storage: AccessDenied");
  }
}

describe('openSecretStore', () => {
  it('uses the OS keyring where one answers, and moves an old file secret into it', () => {
    const file = join(dir, 'secrets.json');
    new FileSecretStore(file).set(APP_TOKEN_SECRET, 'old-file-token');
    const { items, Entry } = fakeKeyring();
    const store = openSecretStore({
      file,
      service: 'Order Desk (test)',
      migrate: [APP_TOKEN_SECRET],
      entry: Entry,
    });
    expect(store.storage).toBe('os-keyring');
    expect(store.get(APP_TOKEN_SECRET)).toBe('old-file-token');
    expect([...items.values()]).toEqual(['old-file-token']);
    expect(readFileSync(file, 'utf8')).not.toContain(
      Buffer.from('old-file-token').toString('base64'),
    );
    store.set(APP_TOKEN_SECRET, 'new-token');
    expect(store.get(APP_TOKEN_SECRET)).toBe('new-token');
    expect(readFileSync(file, 'utf8')).not.toContain(Buffer.from('new-token').toString('base64'));
  });

  it('falls back to the 0600 file where no secret service runs, and says so', () => {
    const file = join(dir, 'secrets.json');
    const store = openSecretStore({
      file,
      service: 'Order Desk (test)',
      entry: NoSecretService as never,
    });
    expect(store.storage).toBe('user-file');
    store.set(APP_TOKEN_SECRET, 'file-token');
    expect(store.get(APP_TOKEN_SECRET)).toBe('file-token');
    const none = openSecretStore({ file, service: 'x', entry: null });
    expect(none.storage).toBe('user-file');
  });

  it('loads the real binding here and keeps a secret with it, wherever it can', () => {
    const store = openSecretStore({
      file: join(dir, 'secrets.json'),
      service: `Order Desk test ${process.pid}`,
    });
    expect(['os-keyring', 'user-file']).toContain(store.storage);
    store.set('order-desk.test', 'value');
    try {
      expect(store.get('order-desk.test')).toBe('value');
    } finally {
      store.delete('order-desk.test');
    }
  });
});

describe('what Settings says about the app token', () => {
  it('never claims secure storage for a plain file', () => {
    expect(appTokenNote('user-file')).not.toMatch(/secure storage|encrypt/i);
    expect(appTokenNote('user-file')).toMatch(/no secret store/);
    expect(appTokenNote('user-file')).toMatch(/only your OS user/);
    expect(appTokenNote('os-keyring')).toMatch(/OS keyring/);
    expect(appTokenNote('encrypted-file')).toMatch(/encrypted/);
  });
});
