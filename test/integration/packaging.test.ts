import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appSizeMb,
  buildApp,
  packDir,
  REPO,
  type PackagePlatform,
} from '../../scripts/package-dir';

/**
 * The installers' content, checked where Electron cannot be downloaded: electron-builder packs
 * the real app (`--dir`, Linux and Windows) around a stand-in for Electron's distribution, and the
 * test reads app.asar back. This verifies the package's layout — what is in it, what is unpacked,
 * which fuses are set, its size — not that Electron runs it.
 */

const SIZE_GOAL_MB = 40;

interface Lock {
  packages: Record<string, { dev?: boolean }>;
}
/**
 * Packages that only devDependencies pull in: npm marks every copy of them dev in the lockfile.
 * By name, because electron-builder lays node_modules out anew (it hoists nested copies).
 */
const devOnly = (() => {
  const lock = JSON.parse(readFileSync(join(REPO, 'package-lock.json'), 'utf8')) as Lock;
  const dev = new Set<string>();
  const prod = new Set<string>();
  for (const [path, meta] of Object.entries(lock.packages)) {
    const at = path.lastIndexOf('node_modules/');
    if (at < 0) continue;
    (meta.dev ? dev : prod).add(path.slice(at + 'node_modules/'.length));
  }
  return [...dev].filter((name) => !prod.has(name));
})();

let project: string;
const apps = new Map<PackagePlatform, string>();

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'order-desk-pack-'));
  await buildApp();
  // One after the other: both write release/ metadata and the machine has two cores.
  apps.set('linux', await packDir(project, 'linux'));
  apps.set('win', await packDir(project, 'win'));
}, 240_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe.each(['linux', 'win'] as const)('the %s package', (platform) => {
  const app = () => apps.get(platform)!;
  const asar = () => join(app(), 'resources', 'app.asar');
  const entries = () => listPackage(asar(), { isPack: false });

  it('holds the built main, the CommonJS preload and the renderer page with its assets', () => {
    const files = entries();
    expect(files).toContain('/out/main/index.js');
    expect(files).toContain('/out/preload/index.cjs');
    expect(files).toContain('/out/renderer/index.html');
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-[\w-]+\.css$/.test(f))).toBe(true);
    const pkg = JSON.parse(extractFile(asar(), 'package.json').toString()) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
    // Every script the page loads is in the archive.
    const html = extractFile(asar(), 'out/renderer/index.html').toString();
    for (const [, src] of html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)) {
      expect(files).toContain(`/out/renderer/${src}`);
    }
  });

  it('has every package the main bundle imports at run time (demo mode included)', () => {
    const files = new Set(entries());
    const bundles = [...files].filter((f) => /^\/out\/main\/.*\.js$/.test(f));
    const imported = new Set<string>();
    for (const file of bundles) {
      const code = extractFile(asar(), file.slice(1)).toString();
      const specs = [
        ...code.matchAll(/^import\s[^'"]*?from\s*["']([^"'.][^"']*)["']/gm),
        ...code.matchAll(/\bimport\(\s*["']([^"'.][^"']*)["']\s*\)/g),
        // createRequire(import.meta.url)("…"): better-sqlite3, see main/native/better-sqlite3.ts.
        ...code.matchAll(/\bcreateRequire\([^)]*\)\(\s*["']([^"'.][^"']*)["']\s*\)/g),
      ].map((m) => m[1] ?? '');
      for (const spec of specs) {
        const parts = spec.split('/');
        const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
        if (name !== 'electron') imported.add(name);
      }
    }
    // The demo's sandbox (a chunk of its own) and the updater are among them.
    expect(imported).toContain('fastify');
    expect(imported).toContain('electron-updater');
    // …and what they need in turn (fastify's own dependencies).
    expect(files).toContain('/node_modules/@fastify/ajv-compiler/package.json');
    expect(files).toContain('/node_modules/avvio/package.json');
    expect(imported).toContain('better-sqlite3');
    for (const name of imported) {
      if (isBuiltin(name)) continue;
      expect(files, `node_modules/${name} is missing`).toContain(
        `/node_modules/${name}/package.json`,
      );
    }
  });

  it('keeps better-sqlite3 and its compiled module outside the archive', () => {
    const node = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(existsSync(join(app(), 'resources', 'app.asar.unpacked', node))).toBe(true);
    expect(statFile(asar(), node)).toMatchObject({ unpacked: true });
  });

  it('carries no sources, tests, benchmarks, source maps or devDependencies', () => {
    const files = entries();
    expect(files.filter((f) => /\.(ts|tsx|mts|cts|map)$/.test(f) && !f.endsWith('.d.ts'))).toEqual(
      [],
    );
    expect(
      files.filter((f) => /^\/(test|bench|main|preload|renderer|sandbox|vtex|scripts)\//.test(f)),
    ).toEqual([]);
    expect(files.filter((f) => /^\/(tsconfig|vitest|electron\.vite|eslint)/.test(f))).toEqual([]);
    const packages = files.filter((f) => f.endsWith('/package.json'));
    const dev = devOnly.filter((name) =>
      packages.some((f) => f.endsWith(`/node_modules/${name}/package.json`)),
    );
    expect(dev).toEqual([]);
    // The ones that would weigh most, named.
    for (const name of ['electron', 'react', 'react-dom', '@faker-js/faker', 'zod', 'typescript']) {
      expect(files).not.toContain(`/node_modules/${name}`);
    }
  });

  it('sets the fuses: no run-as-node, NODE_OPTIONS or inspector, app only from an integrity-checked asar', async () => {
    const exe = join(app(), platform === 'win' ? 'order-desk.exe' : 'order-desk');
    const wire = await getCurrentFuseWire(exe);
    expect(wire[FuseV1Options.RunAsNode]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FuseState.DISABLE);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FuseState.ENABLE);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FuseState.DISABLE);
  });

  it(`stays within ${SIZE_GOAL_MB} MB (app.asar and its unpacked files)`, () => {
    expect(appSizeMb(app())).toBeLessThanOrEqual(SIZE_GOAL_MB);
  });
});

it('the Linux package asks for updates at a generic server (the station replaces its URL)', () => {
  const yml = readFileSync(join(apps.get('linux')!, 'resources', 'app-update.yml'), 'utf8');
  expect(yml).toMatch(/provider: generic/);
});
