// A site opened straight from disk (file://), as a teacher does with a
// copy on a USB stick: starting at index.html and following every internal
// link, breadth first, every page is reached, every link leads to a file
// that exists, every #fragment is an id of its page, every stylesheet,
// script and image loads (each <img> complete with naturalWidth > 0), and
// no page logs a console error. Run on the course and on the fixture site
// tests/fixtures/course, whose pages at three folder depths show images
// (one named `bai-hoc/hình ảnh.png`): at least one of its pages must have
// an <img>, and each of its images must be displayed by some page.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import {
  env,
  sites,
  suite,
  launch,
  listPages,
  watch,
  reportWatched,
  assetProblems,
  bodyFontOf,
  settle,
  imagesOf,
  checkImages,
  UNLINKED_PAGES,
} from './lib.mjs';

const { chrome } = env();
const EXTERNAL = /^(https?:|mailto:|tel:|\/\/)/i;

/** Opens every page of `site` from disk, following links from its index.html. */
async function checkSite(site, browser, problems) {
  const { out } = site;
  const relOf = (file) => path.relative(out, file).split(path.sep).join('/');
  // Problems are told apart by the site they were found in.
  const found = { add: (where, what) => problems.add(`${site.name} ${where}`, what) };
  const context = await browser.newContext();
  try {
    await crawl(site, context, found, relOf);
  } finally {
    await context.close();
  }
}

async function crawl(site, context, problems, relOf) {
  const { out } = site;
  const watcher = watch(context, 'file://');
  const page = await context.newPage();

  const start = path.join(out, 'index.html');
  const queue = [start];
  const queued = new Set([start]);
  const ids = new Map(); // page file -> Set of ids
  const fragments = []; // { from, href, target, fragment }
  const shown = new Map(); // page (relative) -> its <img>
  let links = 0;

  while (queue.length) {
    const file = queue.shift();
    const rel = relOf(file);
    const url = pathToFileURL(file).href;
    const loaded = await page.goto(url, { waitUntil: 'load' }).then(
      () => null,
      (e) => e,
    );
    if (loaded) {
      problems.add(rel, `cannot open ${url}: ${loaded.message.split('\n')[0]}`);
      watcher.take();
      continue;
    }
    if (page.url() !== url) problems.add(rel, `opening ${url} ended at ${page.url()}`);
    await settle(page);
    const info = await page.evaluate(() => ({
      anchors: [
        ...[...document.querySelectorAll('a[href]')].map((a) => ({ raw: a.getAttribute('href'), abs: a.href })),
        // A form's action is followed too (the search box leads to the search page).
        ...[...document.querySelectorAll('form[action]')].map((f) => ({ raw: f.getAttribute('action'), abs: f.action })),
      ],
      ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
      assets: [
        ...[...document.querySelectorAll('link[href]')].map((l) => ({ what: `<link rel="${l.rel}">`, raw: l.getAttribute('href'), abs: l.href })),
        ...[...document.querySelectorAll('script[src]')].map((s) => ({ what: '<script>', raw: s.getAttribute('src'), abs: s.src })),
        ...[...document.querySelectorAll('img[src], source[src], video[src], audio[src]')].map((i) => ({
          what: `<${i.tagName.toLowerCase()}>`,
          raw: i.getAttribute('src'),
          abs: i.src,
        })),
      ],
      h1: !!document.querySelector('h1'),
    }));
    ids.set(file, new Set(info.ids));
    if (!info.h1) problems.add(rel, 'no <h1>');

    // The body font the site's stylesheets set, read from their files.
    let bodyFont = null;
    for (const a of info.assets) {
      if (a.what === '<link rel="stylesheet">' && a.abs.startsWith('file:')) {
        const css = fileURLToPath(a.abs.split('#')[0].split('?')[0]);
        if (fs.existsSync(css)) bodyFont = bodyFont ?? bodyFontOf(fs.readFileSync(css, 'utf8'));
      }
    }
    for (const p of await assetProblems(page, { bodyFont })) problems.add(rel, p);
    shown.set(rel, await imagesOf(page));
    for (const a of info.assets) {
      if (EXTERNAL.test(a.raw)) {
        problems.add(rel, `${a.what} loads ${a.raw} from another host`);
        continue;
      }
      if (a.raw.startsWith('data:')) continue;
      const target = a.abs.startsWith('file:') ? fileURLToPath(a.abs.split('#')[0].split('?')[0]) : null;
      if (!target || !fs.existsSync(target) || !fs.statSync(target).isFile()) {
        problems.add(rel, `${a.what} "${a.raw}" leads to ${target ?? a.abs}, which is not a file`);
      }
    }

    for (const a of info.anchors) {
      if (EXTERNAL.test(a.raw) || /^javascript:/i.test(a.raw)) continue;
      links += 1;
      const u = new URL(a.abs);
      if (u.protocol !== 'file:') {
        problems.add(rel, `link "${a.raw}" leads to ${a.abs}, not a file`);
        continue;
      }
      const fragment = u.hash ? decodeURIComponent(u.hash.slice(1)) : null;
      u.hash = '';
      u.search = '';
      const target = fileURLToPath(u.href);
      if (target !== out && !target.startsWith(out + path.sep)) {
        problems.add(rel, `link "${a.raw}" leads out of the site folder, to ${target}`);
        continue;
      }
      let stat = null;
      try {
        stat = fs.statSync(target);
      } catch {
        // Missing: reported below.
      }
      if (!stat) {
        problems.add(rel, `link "${a.raw}" leads to ${relOf(target)}, which does not exist (ERR_FILE_NOT_FOUND)`);
        continue;
      }
      if (stat.isDirectory()) {
        problems.add(rel, `link "${a.raw}" leads to the folder ${relOf(target)}/: from disk that shows a file listing, not a page`);
        continue;
      }
      if (target.endsWith('.html')) {
        if (fragment) fragments.push({ from: rel, href: a.raw, target, fragment });
        if (!queued.has(target)) {
          queued.add(target);
          queue.push(target);
        }
      }
    }
    reportWatched(problems, rel, watcher.take());
  }

  for (const f of fragments) {
    const known = ids.get(f.target);
    if (known && !known.has(f.fragment)) {
      problems.add(f.from, `link "${f.href}": ${relOf(f.target)} has no element with id "${f.fragment}"`);
    }
  }

  const reached = new Set([...queued].map(relOf));
  const unreached = listPages(out).filter((p) => !reached.has(p) && !UNLINKED_PAGES.includes(p));
  for (const p of unreached) problems.add(p, 'never reached by following links from index.html');
  const fileOf = (url) => (url.startsWith('file:') ? relOf(fileURLToPath(url.split('#')[0].split('?')[0])) : null);
  const images = checkImages(problems, site, shown, fileOf, 'from disk');
  const withImages = [...shown.values()].filter((imgs) => imgs.length).length;
  console.log(
    `filesystem (${site.name}): ${reached.size} pages opened, ${links} internal links, ${fragments.length} fragments and ${images} images on ${withImages} pages checked`,
  );
}

await suite('filesystem', 180, 'every page is reached from index.html over file:// and every link, fragment and asset works', async (problems, cleanup) => {
  const browser = cleanup(await launch(chrome));
  for (const site of sites()) await checkSite(site, browser, problems);
});
