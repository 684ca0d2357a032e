// `npm run icons`: draws resources/icon.svg at every size the installers need and writes the
// results next to it (committed, so packaging needs no image tools): Linux PNGs in
// resources/icons/NxN.png, resources/icon.png (1024), Windows resources/icon.ico, macOS
// resources/icon.icns.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';

const dir = join(import.meta.dirname, '../resources');
const svg = readFileSync(join(dir, 'icon.svg'));
const render = (size) =>
  new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' })
    .render()
    .asPng();

mkdirSync(join(dir, 'icons'), { recursive: true });
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
  writeFileSync(join(dir, 'icons', `${size}x${size}.png`), render(size));
}
const master = render(1024);
writeFileSync(join(dir, 'icon.png'), master);
// BICUBIC2 keeps the small Windows sizes crisp; ICO stores PNG frames (Vista and later).
writeFileSync(
  join(dir, 'icon.ico'),
  png2icons.createICO(master, png2icons.BICUBIC2, 0, true, true),
);
writeFileSync(join(dir, 'icon.icns'), png2icons.createICNS(master, png2icons.BICUBIC2, 0));
console.log(`icons written to ${dir}`);
