import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isDeskError } from '../../main/core/errors';
import {
  APP_TOKEN_SECRET,
  connectionBaseUrl,
  DEFAULT_FEED_FILTER,
  FileSecretStore,
  loadSettings,
  MemorySecretStore,
  redact,
  REDACTED,
  restoreSettingsBackup,
  saveSettings,
  settingsBackupPath,
  settingsPath,
  SETTINGS_NOTES,
  toFeedFilter,
  validateSettings,
  type SecretCodec,
  type SettingsInput,
} from '../../main/core/settings';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'desk-settings-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const accountInput: SettingsInput = {
  connection: { mode: 'account', accountName: 'MyStore' },
  appKey: 'vtexappkey-mystore-ABCDEF',
  stationName: 'Packing 2',
  operator: 'Joana',
};

const sandboxInput: SettingsInput = {
  connection: { mode: 'url', baseUrl: 'http://127.0.0.1:8787/' },
  appKey: 'vtexappkey-sandbox-DESK01',
  stationName: 'Demo',
};

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

const posix = process.platform !== 'win32';
const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('settings file', () => {
  it('round-trips, filling defaults', () => {
    expect(loadSettings(dir)).toEqual({ status: 'missing', path: settingsPath(dir) });
    const saved = saveSettings(dir, accountInput);
    expect(saved).toEqual({
      version: 1,
      connection: { mode: 'account', accountName: 'mystore', environment: 'vtexcommercestable' },
      appKey: 'vtexappkey-mystore-ABCDEF',
      stationName: 'Packing 2',
      operator: 'Joana',
      feedFilter: DEFAULT_FEED_FILTER,
    });
    expect(loadSettings(dir)).toEqual({ status: 'ok', path: settingsPath(dir), settings: saved });
    expect(connectionBaseUrl(saved.connection)).toBe('https://mystore.vtexcommercestable.com.br');

    const demo = saveSettings(dir, sandboxInput);
    expect(connectionBaseUrl(demo.connection)).toBe('http://127.0.0.1:8787');
    expect(demo.operator).toBe('');
    const loaded = loadSettings(dir);
    expect(loaded.status === 'ok' && loaded.settings).toEqual(demo);
  });

  it('uses another environment when given one', () => {
    const s = saveSettings(dir, {
      ...accountInput,
      connection: { mode: 'account', accountName: 'mystore', environment: 'vtexcommercebeta' },
    });
    expect(connectionBaseUrl(s.connection)).toBe('https://mystore.vtexcommercebeta.com.br');
  });

  it('never writes an app token, even when one is passed along', () => {
    saveSettings(dir, { ...accountInput, appToken: 'SECRET-TOKEN-0123456789' });
    const text = readFileSync(settingsPath(dir), 'utf8');
    expect(text).not.toContain('SECRET-TOKEN');
    expect(text).not.toMatch(/appToken/i);
    expect(readFileSync(settingsBackupPath(dir), 'utf8')).not.toContain('SECRET-TOKEN');
  });

  it('rejects invalid input with the fields at fault, and writes nothing', () => {
    const e = catchError(() =>
      saveSettings(dir, {
        ...accountInput,
        connection: { mode: 'account', accountName: 'https://mystore.myvtex.com' },
        stationName: '  ',
      }),
    );
    expect(isDeskError(e, 'SETTINGS_REJECTED')).toBe(true);
    expect((e as Error).message).toContain('connection.accountName');
    expect((e as Error).message).toContain('stationName');
    expect(loadSettings(dir).status).toBe('missing');

    const v = validateSettings({
      ...sandboxInput,
      connection: { mode: 'url', baseUrl: 'http://shop.example.com' },
    });
    expect(v.ok).toBe(false);
    expect(!v.ok && v.issues[0]?.path).toBe('connection.baseUrl');
    expect(
      validateSettings({ ...sandboxInput, connection: { mode: 'url', baseUrl: 'ftp://127.0.0.1' } })
        .ok,
    ).toBe(false);
    expect(
      validateSettings({
        ...sandboxInput,
        connection: { mode: 'url', baseUrl: 'https://sandbox.example.com' },
      }).ok,
    ).toBe(true);
    expect(
      validateSettings({ ...accountInput, feedFilter: { type: 'FromWorkflow', statuses: [] } }).ok,
    ).toBe(false);
  });

  it('reports a damaged file with its path, offers the last good one, and restores it', () => {
    const good = saveSettings(dir, accountInput);
    writeFileSync(settingsPath(dir), '{ "connection": { "mode": "acc');
    const broken = loadSettings(dir);
    expect(broken.status).toBe('broken');
    if (broken.status !== 'broken') return;
    expect(broken.path).toBe(settingsPath(dir));
    expect(isDeskError(broken.error, 'SETTINGS_INVALID')).toBe(true);
    expect(broken.error.message).toContain(settingsPath(dir));
    expect(broken.error.detail).toContain('not valid JSON');
    expect(broken.backup).toEqual(good);

    expect(restoreSettingsBackup(dir)).toEqual(good);
    expect(loadSettings(dir)).toMatchObject({ status: 'ok', settings: good });
  });

  it('reports valid JSON with wrong content field by field', () => {
    saveSettings(dir, accountInput);
    writeFileSync(settingsPath(dir), JSON.stringify({ connection: { mode: 'ftp' }, appKey: 5 }));
    const r = loadSettings(dir);
    expect(r.status).toBe('broken');
    if (r.status !== 'broken') return;
    expect(r.error.detail).toContain('connection.mode');
    expect(r.error.detail).toContain('appKey');
  });

  it('treats a file from a newer app as damaged rather than guessing', () => {
    writeFileSync(settingsPath(dir), JSON.stringify({ ...accountInput, version: 2 }));
    const r = loadSettings(dir);
    expect(r.status).toBe('broken');
    expect(r.status === 'broken' && r.backup).toBeUndefined();
    const e = catchError(() => restoreSettingsBackup(dir));
    expect(isDeskError(e, 'SETTINGS_INVALID')).toBe(true);
    expect((e as Error).message).toContain('no backup');
  });

  it('keeps the backup equal to the last good file, also after a hand edit', () => {
    saveSettings(dir, accountInput);
    const edited = {
      ...JSON.parse(readFileSync(settingsPath(dir), 'utf8')),
      stationName: 'Packing 3',
    };
    writeFileSync(settingsPath(dir), JSON.stringify(edited));
    expect(loadSettings(dir).status).toBe('ok');
    expect(JSON.parse(readFileSync(settingsBackupPath(dir), 'utf8')).stationName).toBe('Packing 3');
  });

  it.skipIf(!posix)('writes the settings readable by this user only', () => {
    saveSettings(dir, accountInput);
    expect(modeOf(settingsPath(dir))).toBe(0o600);
    expect(modeOf(settingsBackupPath(dir))).toBe(0o600);
  });

  it('says plainly that every station needs its own app key', () => {
    expect(SETTINGS_NOTES.appKey).toMatch(/separate VTEX app key for every station/);
    expect(SETTINGS_NOTES.appKey).toMatch(/one order feed per app key/);
  });

  it('turns the feed filter choice into VTEX’s filter', () => {
    expect(toFeedFilter({ type: 'FromWorkflow', statuses: ['handling'] })).toEqual({
      type: 'FromWorkflow',
      status: ['handling'],
    });
    expect(
      toFeedFilter({
        type: 'FromOrders',
        expression: 'status = "invoiced"',
        disableSingleFire: false,
      }),
    ).toEqual({ type: 'FromOrders', expression: 'status = "invoiced"', disableSingleFire: false });
    expect(DEFAULT_FEED_FILTER.type === 'FromWorkflow' && DEFAULT_FEED_FILTER.statuses).toEqual(
      expect.arrayContaining(['ready-for-handling', 'handling', 'invoiced', 'canceled']),
    );
  });
});

describe('secret stores', () => {
  it('the file store keeps secrets across instances, in a 0600 file', () => {
    const file = join(dir, 'secrets', 'secrets.json');
    const a = new FileSecretStore(file);
    expect(a.get(APP_TOKEN_SECRET)).toBeUndefined();
    a.set(APP_TOKEN_SECRET, 'tok-ÄÖÜ-123456');
    a.set('other', 'x');
    const b = new FileSecretStore(file);
    expect(b.get(APP_TOKEN_SECRET)).toBe('tok-ÄÖÜ-123456');
    b.delete(APP_TOKEN_SECRET);
    expect(a.get(APP_TOKEN_SECRET)).toBeUndefined();
    expect(a.get('other')).toBe('x');
    if (posix) {
      expect(modeOf(file)).toBe(0o600);
      expect(modeOf(join(dir, 'secrets'))).toBe(0o700);
    }
  });

  it('stores what the codec makes of a secret (safeStorage plugs in here)', () => {
    const file = join(dir, 'secrets.json');
    const xor: SecretCodec = {
      encode: (s) => Buffer.from(s, 'utf8').map((b) => b ^ 0x5a),
      decode: (b) => Buffer.from(Buffer.from(b).map((x) => x ^ 0x5a)).toString('utf8'),
    };
    new FileSecretStore(file, xor).set(APP_TOKEN_SECRET, 'plain-token-value');
    const raw = readFileSync(file, 'utf8');
    expect(raw).not.toContain('plain-token-value');
    expect(raw).not.toContain(Buffer.from('plain-token-value').toString('base64'));
    expect(new FileSecretStore(file, xor).get(APP_TOKEN_SECRET)).toBe('plain-token-value');
  });

  it('reports a damaged file by path without echoing its content, and recovers on set', () => {
    const file = join(dir, 'secrets.json');
    writeFileSync(file, '{"version":1,"secrets":{"vtex.appToken":"not base64 !!! LEAKED-TOKEN"}}');
    const store = new FileSecretStore(file);
    const e = catchError(() => store.get(APP_TOKEN_SECRET));
    expect(isDeskError(e, 'SECRETS_UNREADABLE')).toBe(true);
    expect((e as Error).message).toContain(file);
    expect(JSON.stringify(e)).not.toContain('LEAKED');
    expect((e as Error).cause).toBeUndefined();
    store.set(APP_TOKEN_SECRET, 'fresh-token');
    expect(store.get(APP_TOKEN_SECRET)).toBe('fresh-token');
  });

  it('refuses odd secret names', () => {
    for (const store of [new MemorySecretStore(), new FileSecretStore(join(dir, 's.json'))]) {
      expect(
        isDeskError(
          catchError(() => store.set('../etc/passwd', 'x')),
          'SECRET_NAME_INVALID',
        ),
      ).toBe(true);
      expect(
        isDeskError(
          catchError(() => store.get('')),
          'SECRET_NAME_INVALID',
        ),
      ).toBe(true);
    }
  });

  it('the memory store behaves the same', () => {
    const m = new MemorySecretStore();
    m.set(APP_TOKEN_SECRET, 'a');
    expect(m.get(APP_TOKEN_SECRET)).toBe('a');
    m.delete(APP_TOKEN_SECRET);
    expect(m.get(APP_TOKEN_SECRET)).toBeUndefined();
  });
});

describe('redact', () => {
  it('hides credentials by key and by value, keeps the rest, and does not mutate', () => {
    const token = 'tok-9f8e7d6c5b4a';
    const input = {
      appKey: 'vtexappkey-mystore-ABCDEF',
      appToken: token,
      headers: {
        'X-VTEX-API-AppKey': 'vtexappkey-mystore-ABCDEF',
        'X-VTEX-API-AppToken': token,
        Authorization: 'Bearer abc',
        cookie: 'VtexIdclientAutCookie=xyz',
      },
      url: `https://x.test/?t=${token}`,
      list: [{ password: 'hunter2' }, `said ${token}`],
      count: 3,
      empty: null,
    };
    const copy = structuredClone(input);
    const out = redact(input, { secrets: [token] });
    expect(out).toEqual({
      appKey: 'vtexappkey-mystore-ABCDEF',
      appToken: REDACTED,
      headers: {
        'X-VTEX-API-AppKey': 'vtexappkey-mystore-ABCDEF',
        'X-VTEX-API-AppToken': REDACTED,
        Authorization: REDACTED,
        cookie: REDACTED,
      },
      url: `https://x.test/?t=${REDACTED}`,
      list: [{ password: REDACTED }, `said ${REDACTED}`],
      count: 3,
      empty: null,
    });
    expect(input).toEqual(copy);
  });

  it('handles errors, maps and cycles', () => {
    const token = 'secret-abcdef-123';
    const err = new Error(`401 with token ${token}`);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const out = redact(
      {
        err,
        map: new Map([
          ['appToken', token],
          ['other', 'ok'],
        ]),
        cyclic,
      },
      { secrets: [token] },
    );
    expect(out.err).toMatchObject({ name: 'Error', message: `401 with token ${REDACTED}` });
    expect(JSON.stringify(out.err)).not.toContain(token);
    expect(out.map).toEqual(
      new Map([
        ['appToken', REDACTED],
        ['other', 'ok'],
      ]),
    );
    expect((out.cyclic as Record<string, unknown>).self).toBe(out.cyclic);
  });
});
