import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from '../../main/core/settings';
import {
  applyProvisioning,
  provisioningPath,
  readProvisioning,
  TOKEN_ENV,
} from '../../main/host/provisioning';
import { StationConfig } from '../../main/host/station-config';

let dir: string;
let dataDir: string;
let file: string;

function station(): StationConfig {
  const c = new StationConfig(dataDir, new FileSecretStore(join(dataDir, 'secrets.json')));
  c.load();
  return c;
}

function write(content: unknown): void {
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'provision-'));
  dataDir = join(dir, 'data');
  file = join(dir, 'station.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const FULL = {
  account: 'MyStore',
  environment: 'vtexcommercestable',
  stationName: 'Packing 2',
  appKey: 'vtexappkey-mystore-ABCDEF',
  appToken: 'one-time-secret-token',
  printing: { thermalPrinter: 'EPSON_TM_T20' },
  store: { name: 'Loja Centro' },
  updateUrl: 'https://files.mystore.example/order-desk/',
  startAtLogin: true,
  kiosk: true,
};

describe('fleet provisioning', () => {
  it('looks for a machine-wide file where IT keeps such files', () => {
    expect(provisioningPath('win32', { ProgramData: 'C:\\ProgramData' })).toBe(
      join('C:\\ProgramData', 'Order Desk', 'station.json'),
    );
    expect(provisioningPath('linux', {})).toBe('/etc/order-desk/station.json');
  });

  it('configures the account, station, printer and options, and moves the token into the secret store', () => {
    write(FULL);
    const config = station();
    const r = applyProvisioning(config, { explicit: file, env: {} });
    expect(r).toMatchObject({
      status: 'applied',
      warnings: [],
      options: { updateUrl: FULL.updateUrl, startAtLogin: true, kiosk: true },
    });
    const again = station();
    expect(again.settings).toMatchObject({
      connection: { mode: 'account', accountName: 'mystore', environment: 'vtexcommercestable' },
      appKey: FULL.appKey,
      stationName: 'Packing 2',
      printing: { thermalPrinter: 'EPSON_TM_T20' },
      store: { name: 'Loja Centro' },
    });
    expect(again.token()).toBe('one-time-secret-token');
    const left = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(left).not.toHaveProperty('appToken');
    expect(left).toMatchObject({ account: 'MyStore', kiosk: true });
    expect(readFileSync(join(dataDir, 'settings.json'), 'utf8')).not.toContain(
      'one-time-secret-token',
    );
  });

  it('takes the token from the environment, leaving the file alone', () => {
    const { appToken: _t, ...noToken } = FULL;
    write(noToken);
    const before = readFileSync(file, 'utf8');
    applyProvisioning(station(), { explicit: file, env: { [TOKEN_ENV]: 'from-the-env-token' } });
    expect(station().token()).toBe('from-the-env-token');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('names every wrong field', () => {
    write({
      account: 'https://mystore.vtex.com',
      appKey: '',
      kiosk: 'yes',
      updateUrl: 'ftp://x',
      colour: 1,
    });
    const r = applyProvisioning(station(), { explicit: file, env: {} });
    expect(r.status).toBe('invalid');
    const problems = r.status === 'invalid' ? r.problems.join('\n') : '';
    expect(problems).toMatch(/account: use only letters, digits and dashes/);
    expect(problems).toMatch(/appKey: enter the VTEX app key/);
    expect(problems).toMatch(/kiosk: true or false/);
    expect(problems).toMatch(/updateUrl: enter the full address/);
    expect(problems).toMatch(/unknown field\(s\) colour/);
    expect(station().settings).toBeNull();
  });

  it('says when the file is not JSON, or an account comes without its key', () => {
    write('{ "account": "mystore", }');
    expect(readProvisioning(file)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^not valid JSON/)],
    });
    write({ account: 'mystore' });
    expect(readProvisioning(file)).toEqual({
      ok: false,
      problems: ['account and appKey: give both, or neither (demo mode)'],
    });
  });

  it('provisions a demo station (no account) with its name and printer', () => {
    write({ stationName: 'Balcão 1', printing: { thermalPrinter: 'TM20' } });
    applyProvisioning(station(), { explicit: file, env: {} });
    const c = station();
    expect(c.settings).toBeNull();
    expect(c.prefs).toMatchObject({
      stationName: 'Balcão 1',
      printing: { thermalPrinter: 'TM20' },
    });
  });

  it('is nothing at all when no machine-wide file exists, but a named missing file is a problem', () => {
    expect(applyProvisioning(station(), { env: {}, platform: 'linux' })).toEqual({
      status: 'none',
    });
    expect(
      applyProvisioning(station(), { explicit: join(dir, 'nope.json'), env: {} }),
    ).toMatchObject({
      status: 'invalid',
      problems: ['the file does not exist'],
    });
  });
});
