// Makes the README's pictures of a slide and of the presenter view from a
// built course: `cargo run --release -- build`, then, from tests/browser
// (where Playwright is installed): node ../../docs/screenshots.mjs ../../public
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { launch } from '../tests/browser/lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] || path.join(here, '..', 'public'));
const browser = await launch();
const shots = [
  ['an-toan/nhan-biet-lua-dao.trinh-chieu.html#2', 'deck-slide.png', { width: 1280, height: 720 }],
  ['dang-ky/kich-hoat.trinh-chieu.html#presenter/5', 'deck-presenter.png', { width: 1280, height: 800 }],
];
for (const [rel, name, viewport] of shots) {
  const page = await browser.newPage({ viewport });
  // A fixed clock, so the picture does not change from run to run: the
  // presenter view opened at 08:26 and shows 08:30.
  await page.clock.install({ time: new Date('2026-11-30T08:26:00') });
  await page.goto(pathToFileURL(path.join(out, rel.split('#')[0])).href + '#' + rel.split('#')[1]);
  await page.clock.runFor(4 * 60 * 1000);
  await page.screenshot({ path: path.join(here, name) });
  await page.close();
}
await browser.close();
