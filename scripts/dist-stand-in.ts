import { join } from 'node:path';
import { appSizeMb, packDir, REPO, type PackagePlatform } from './package-dir';

/**
 * `npm run dist:stand-in [-- win]`: the unpacked app (`npm run dist:dir`'s layout) on a machine
 * that cannot download Electron, around a stand-in for Electron's distribution — to look at what
 * the package holds and weighs. It cannot run: use `npm run dist:dir` where Electron downloads.
 */
const platform: PackagePlatform = process.argv[2] === 'win' ? 'win' : 'linux';
const app = await packDir(join(REPO, 'release'), platform);
console.log(`${app} (stand-in Electron; app.asar + unpacked: ${appSizeMb(app).toFixed(1)} MB)`);
