import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NtExecutable, NtExecutableResource, Resource } from 'resedit';

/**
 * Builds the unpacked app (`electron-builder --dir`) of this repository into a folder of the
 * caller's, against a stand-in for Electron's unpacked distribution: on a machine that cannot
 * download Electron (CI without network, this sandbox) the package's layout can still be built and
 * inspected. Used by the packaging test and by the `package` benchmark (its size).
 *
 * The stand-in is no Electron: a file named like Electron's executable carrying the fuse wire
 * (so electron-builder can flip the fuses in it and a test can read them back) and, for
 * Windows, a minimal PE image with a version resource (where electron-builder writes the asar
 * integrity hash). Nothing here runs it.
 */

export const REPO = fileURLToPath(new URL('..', import.meta.url));
export const ELECTRON_VERSION: string = (
  JSON.parse(readFileSync(join(REPO, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  }
).version;

/** Electron's fuse sentinel (@electron/fuses), followed by the wire version and its length. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults for the nine V1 fuses: '1' on, '0' off. */
const DEFAULT_WIRE = '101001100';

export type PackagePlatform = 'linux' | 'win';

function fuseBlock(): Buffer {
  return Buffer.concat([
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
  ]);
}

function windowsStubExe(): Buffer {
  const exe = NtExecutable.createEmpty(false, false);
  const res = NtExecutableResource.from(exe);
  const version = Resource.VersionInfo.create(1033, {}, [
    { lang: 1033, codepage: 1200, values: { ProductName: 'Electron stand-in' } },
  ]);
  version.outputToResourceEntries(res.entries);
  // RCDATA: a place in the image where the fuse wire survives rewriting the resources.
  res.entries.push({
    type: 10,
    id: 1,
    lang: 1033,
    codepage: 1200,
    bin: new Uint8Array(fuseBlock()).buffer,
  });
  res.outputResource(exe);
  return Buffer.from(exe.generate());
}

/** A folder shaped like Electron's unpacked distribution for `platform`. */
export function makeElectronStandIn(dir: string, platform: PackagePlatform): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  if (platform === 'win') {
    writeFileSync(join(dir, 'electron.exe'), windowsStubExe());
  } else {
    const script = Buffer.from('#!/bin/sh\necho "Electron stand-in: not runnable" >&2\nexit 1\n#');
    writeFileSync(join(dir, 'electron'), Buffer.concat([script, fuseBlock(), Buffer.from('\n')]), {
      mode: 0o755,
    });
  }
  writeFileSync(join(dir, 'version'), ELECTRON_VERSION);
  writeFileSync(join(dir, 'LICENSE'), 'Electron stand-in\n');
  writeFileSync(join(dir, 'LICENSES.chromium.html'), '<p>Electron stand-in</p>\n');
  return dir;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`),
          ),
    );
  });
}

const bin = (name: string) => join(REPO, 'node_modules', '.bin', name);

/**
 * Builds the app into the repository's out/ exactly as `npm run dist` does. (electron-builder
 * must pack from the repository itself: from a copy with node_modules linked in, it leaves out
 * the dependencies of dependencies.)
 */
export async function buildApp(): Promise<void> {
  await run(bin('electron-vite'), ['build'], REPO, { ...process.env, NODE_ENV: 'production' });
}

/**
 * `electron-builder --dir` of the repository for `platform` (x64) into `output`, with the
 * stand-in Electron; the native rebuild for Electron is off because it needs Electron's headers
 * from the internet. Returns the unpacked app's folder.
 */
export async function packDir(output: string, platform: PackagePlatform): Promise<string> {
  const dist = makeElectronStandIn(join(output, `electron-stand-in-${platform}`), platform);
  await run(
    bin('electron-builder'),
    [
      '--dir',
      platform === 'win' ? '--win' : '--linux',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
    ],
    REPO,
    // No code-signing lookups or update checks of electron-builder itself.
    { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false', CI: 'true' },
  );
  return join(output, platform === 'win' ? 'win-unpacked' : 'linux-unpacked');
}

function sizeOf(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

/** The app's own share of the package: app.asar and what is unpacked next to it, in MB. */
export function appSizeMb(unpackedApp: string): number {
  const res = join(unpackedApp, 'resources');
  const bytes = sizeOf(join(res, 'app.asar')) + sizeOf(join(res, 'app.asar.unpacked'));
  return bytes / (1024 * 1024);
}
