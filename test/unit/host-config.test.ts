import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseHostArgs } from '../../main/host/args';
import { defaultDataDir } from '../../main/host/data-dir';
import { probeElectron } from '../../main/host/electron-binary';

describe('defaultDataDir', () => {
  it('uses $XDG_DATA_HOME on Linux, else ~/.local/share', () => {
    expect(
      defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/data/xdg' }, home: '/home/ana' }),
    ).toBe('/data/xdg/order-desk');
    expect(defaultDataDir({ platform: 'linux', env: {}, home: '/home/ana' })).toBe(
      '/home/ana/.local/share/order-desk',
    );
  });

  it('ignores a relative $XDG_DATA_HOME, as the XDG spec asks', () => {
    expect(
      defaultDataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'rel/dir' }, home: '/home/ana' }),
    ).toBe('/home/ana/.local/share/order-desk');
  });

  it('uses %APPDATA% on Windows and Application Support on macOS', () => {
    expect(
      defaultDataDir({
        platform: 'win32',
        env: { APPDATA: 'C:/Users/ana/AppData/Roaming' },
        home: 'C:/Users/ana',
      }),
    ).toBe(join('C:/Users/ana/AppData/Roaming', 'order-desk'));
    expect(defaultDataDir({ platform: 'darwin', env: {}, home: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/order-desk',
    );
  });
});

describe('parseHostArgs', () => {
  it('defaults to a free port and the default data folder', () => {
    expect(parseHostArgs([], { defaultDir: '/d' })).toEqual({
      port: 0,
      dataDir: '/d',
      help: false,
    });
  });

  it('reads --port and --data-dir in both spellings', () => {
    expect(parseHostArgs(['--port', '8080', '--data-dir', 'here'], { defaultDir: '/d' })).toEqual({
      port: 8080,
      dataDir: resolve('here'),
      help: false,
    });
    expect(parseHostArgs(['--port=0', '--data-dir=/x'], { defaultDir: '/d' }).dataDir).toBe('/x');
  });

  it('refuses a port that is not a whole number in range, with a clear message', () => {
    for (const bad of ['abc', '-1', '65536', '80.5', '']) {
      expect(() => parseHostArgs([`--port=${bad}`], { defaultDir: '/d' }), bad).toThrow(
        /--port must be a whole number from 0 to 65535/,
      );
    }
  });

  it('refuses unknown options, unless lenient (Electron adds its own switches)', () => {
    expect(() => parseHostArgs(['--verbose'], { defaultDir: '/d' })).toThrow(
      /Unknown option '--verbose'/,
    );
    expect(
      parseHostArgs(['.', '--no-sandbox', '--data-dir', '/x'], { lenient: true, defaultDir: '/d' })
        .dataDir,
    ).toBe('/x');
  });
});

describe('probeElectron', () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-electron-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function fakePackage(name: string, script?: string): string {
    const pkg = join(dir, name);
    mkdirSync(join(pkg, 'dist'), { recursive: true });
    if (script !== undefined) {
      writeFileSync(join(pkg, 'path.txt'), 'electron');
      writeFileSync(join(pkg, 'dist', 'electron'), script, { mode: 0o755 });
    }
    return pkg;
  }

  const display = { DISPLAY: ':0', PATH: process.env.PATH };

  it('says the binary was never downloaded when the package has no path.txt', () => {
    expect(
      probeElectron({ packageDir: fakePackage('none'), env: display, platform: 'linux' }),
    ).toEqual({
      ok: false,
      reason: 'its binary was never downloaded',
    });
  });

  it('refuses to start without a display on Linux', () => {
    const pkg = fakePackage('nodisplay', '#!/bin/sh\necho v45.5.0\n');
    const probe = probeElectron({
      packageDir: pkg,
      env: { PATH: process.env.PATH },
      platform: 'linux',
    });
    expect(probe).toEqual({
      ok: false,
      reason: 'no display: neither DISPLAY nor WAYLAND_DISPLAY is set',
    });
  });

  it('accepts a binary that answers --version', () => {
    const pkg = fakePackage('good', '#!/bin/sh\n[ "$1" = "--version" ] && echo v45.5.0\n');
    expect(probeElectron({ packageDir: pkg, env: display, platform: 'linux' })).toEqual({
      ok: true,
      bin: join(pkg, 'dist', 'electron'),
    });
  });

  it('reports the first line of what a failing binary prints', () => {
    const pkg = fakePackage(
      'bad',
      '#!/bin/sh\necho "error while loading shared libraries: libnss3.so" >&2\nexit 127\n',
    );
    expect(probeElectron({ packageDir: pkg, env: display, platform: 'linux' })).toEqual({
      ok: false,
      reason: 'error while loading shared libraries: libnss3.so',
    });
  });

  it('gives up on a binary that hangs', () => {
    const pkg = fakePackage('hang', '#!/bin/sh\nexec sleep 5\n');
    const probe = probeElectron({
      packageDir: pkg,
      env: display,
      platform: 'linux',
      timeoutMs: 200,
    });
    expect(probe.ok).toBe(false);
    expect(!probe.ok && probe.reason).toMatch(/--version did not answer/);
  });

  it('on this checkout, finds the real package without downloading anything', () => {
    // The installed electron package fetches its binary lazily; reading path.txt must not.
    const probe = probeElectron({ env: display, platform: 'linux' });
    expect(typeof probe.ok).toBe('boolean');
    if (!probe.ok) expect(probe.reason).not.toMatch(/not installed/);
  });
});
