// A site as an installable web app that reads offline. Served under
// /vneid/: the home page is opened once, the service worker (sw.js)
// installs and takes control; then the server is stopped and the browser
// goes offline, and EVERY page of the site (most never visited) must still
// load with its stylesheet applied, its images (each <img> complete with
// naturalWidth > 0) and its <h1>; an unknown address shows the offline page
// (offline.html). The web app manifest (manifest.webmanifest) is checked
// too: its names, relative start_url and scope, and 192 px and 512 px PNG
// icons that load. Run on the course and on the fixture site
// tests/fixtures/course, whose pages show images (one named
// `bai-hoc/hình ảnh.png`): offline, at least one of its pages must have an
// <img>, and each of its images must be displayed by some page.

import fs from 'node:fs';
import path from 'node:path';
import {
  env,
  sites,
  suite,
  serve,
  launch,
  listPages,
  watch,
  reportWatched,
  assetProblems,
  settle,
  h1Text,
  imagesOf,
  checkImages,
  waitForServiceWorker,
} from './lib.mjs';

const { chrome } = env();

/** Text of the first <h1> of an HTML file of the output `out`, or null. */
function h1OfFile(out, rel) {
  const html = fs.readFileSync(path.join(out, rel), 'utf8');
  const m = html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/i);
  return m ? m[1].replace(/<[^>]+>/g, '').trim() : null;
}

/** Serves `site`, installs its service worker, then reads it offline. */
async function checkSite(site, browser, problems) {
  // Problems are told apart by the site they were found in.
  const found = { add: (where, what) => problems.add(`${site.name} ${where}`, what) };
  const server = await serve(site.out);
  const context = await browser.newContext();
  try {
    await readOffline(site, server, context, found);
  } finally {
    await context.close().catch(() => {});
    await server.stop();
  }
}

async function readOffline(site, server, context, problems) {
  const { out } = site;
  const h1Of = (rel) => h1OfFile(out, rel);
  for (const f of ['manifest.webmanifest', 'sw.js', 'offline.html']) {
    if (!fs.existsSync(path.join(out, f))) problems.add(f, 'missing from the output root');
  }
  const watcher = watch(context, server.origin);
  const page = await context.newPage();

  // Online: the first visit.
  const home = server.base + 'index.html';
  await page.goto(home, { waitUntil: 'load' });
  await settle(page);
  const swProblem = await waitForServiceWorker(page, 30);
  if (swProblem) {
    problems.add('index.html', swProblem);
    // What failed on the way: a file the service worker could not store.
    reportWatched(problems, 'first visit', watcher.take());
    return;
  }
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  if (scope !== server.base) problems.add('sw.js', `scope is ${scope}, not ${server.base}`);
  const online = watcher.take();
  reportWatched(problems, 'first visit', online);
  console.log(`offline (${site.name}): service worker controls ${home}; ${server.requests.length} requests served`);

  // The manifest, as the browser finds it from the home page.
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel~="manifest"]');
    if (!link) return { error: 'the home page links no manifest (<link rel="manifest">)' };
    const res = await fetch(link.href);
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { url: link.href, error: `not JSON: ${e.message}` };
    }
    return { url: link.href, status: res.status, type: res.headers.get('content-type'), json };
  });
  if (manifest.error) {
    problems.add('manifest.webmanifest', manifest.error);
  } else {
    const m = manifest.json;
    if (manifest.url !== server.base + 'manifest.webmanifest') {
      problems.add('manifest.webmanifest', `the page links ${manifest.url}, not ${server.base}manifest.webmanifest`);
    }
    if (manifest.status !== 200) problems.add('manifest.webmanifest', `HTTP ${manifest.status}`);
    for (const key of ['name', 'short_name', 'start_url', 'scope']) {
      if (typeof m[key] !== 'string' || !m[key].trim()) problems.add('manifest.webmanifest', `no ${key}`);
    }
    for (const key of ['start_url', 'scope']) {
      if (typeof m[key] === 'string' && (m[key].startsWith('/') || /^[a-z]+:/i.test(m[key]))) {
        problems.add('manifest.webmanifest', `${key} "${m[key]}" is not relative: the course must work under any sub-path`);
      }
    }
    if (typeof m.start_url === 'string' && typeof m.scope === 'string') {
      const start = new URL(m.start_url, manifest.url).href;
      const sc = new URL(m.scope, manifest.url).href;
      if (!start.startsWith(sc)) problems.add('manifest.webmanifest', `start_url ${start} is outside scope ${sc}`);
      if (sc !== server.base) problems.add('manifest.webmanifest', `scope resolves to ${sc}, not the site root ${server.base}`);
    }
    const icons = Array.isArray(m.icons) ? m.icons : [];
    for (const size of [192, 512]) {
      const want = `${size}x${size}`;
      const icon = icons.find(
        (i) => String(i.sizes || '').split(/\s+/).includes(want) && (i.type === 'image/png' || /\.png$/i.test(i.src || '')),
      );
      if (!icon) {
        problems.add('manifest.webmanifest', `no ${want} PNG icon`);
        continue;
      }
      if (String(icon.src).startsWith('/')) problems.add('manifest.webmanifest', `icon ${icon.src} is an absolute path`);
      const src = new URL(icon.src, manifest.url).href;
      const loaded = await page.evaluate(async (src) => {
        const img = new Image();
        img.src = src;
        try {
          await img.decode();
        } catch {
          return null;
        }
        return { w: img.naturalWidth, h: img.naturalHeight };
      }, src);
      if (!loaded) problems.add('manifest.webmanifest', `icon ${src} does not load`);
      else if (loaded.w !== size || loaded.h !== size) {
        problems.add('manifest.webmanifest', `icon ${src} is ${loaded.w}x${loaded.h}, not ${want}`);
      }
    }
    console.log(`offline (${site.name}): manifest "${m.name}" (${icons.length} icons), start_url ${m.start_url}, scope ${m.scope}`);
  }
  reportWatched(problems, 'manifest', watcher.take());

  // Offline: no server, no network.
  await server.stop();
  await context.setOffline(true);
  const offlineH1 = h1Of('offline.html');
  const pages = listPages(out);
  const shown = new Map(); // page -> its <img>
  for (const rel of pages) {
    const url = server.base + rel;
    const res = await page.goto(url, { waitUntil: 'load' }).catch((e) => e);
    if (res instanceof Error) {
      problems.add(rel, `does not load offline: ${res.message.split('\n')[0]}`);
      continue;
    }
    if (!res || !res.ok()) problems.add(rel, `offline: HTTP ${res ? res.status() : 'no response'}`);
    if (page.url().startsWith('chrome-error:')) {
      problems.add(rel, 'offline: the browser shows its error page');
      continue;
    }
    await settle(page);
    for (const p of await assetProblems(page)) problems.add(rel, `offline: ${p}`);
    shown.set(rel, await imagesOf(page));
    const h1 = await h1Text(page);
    if (!h1) problems.add(rel, 'offline: no <h1>');
    else if (h1 !== h1Of(rel)) problems.add(rel, `offline: shows "${h1}", not the page's own <h1> "${h1Of(rel)}"`);
    // Network errors are expected offline; console errors are not.
    reportWatched(problems, `${rel} (offline)`, watcher.take(), { failed: false });
  }
  const fileOf = (url) => (url.startsWith(server.base) ? decodeURIComponent(new URL(url).pathname.slice(server.prefix.length)) : null);
  const images = checkImages(problems, site, shown, fileOf, 'offline');
  const withImages = [...shown.values()].filter((imgs) => imgs.length).length;
  console.log(`offline (${site.name}): ${pages.length} pages loaded with the network off, ${images} images on ${withImages} pages`);

  // An address the site does not have, at the root and one folder down.
  for (const rel of ['khong-co-trang-nay.html', `${pages.find((p) => p.includes('/'))?.split('/')[0] ?? 'x'}/khong-co-trang-nay.html`]) {
    const url = server.base + rel;
    const res = await page.goto(url, { waitUntil: 'load' }).catch((e) => e);
    if (res instanceof Error) {
      problems.add(rel, `unknown address offline: the browser error page instead of offline.html (${res.message.split('\n')[0]})`);
      continue;
    }
    if (page.url().startsWith('chrome-error:')) {
      problems.add(rel, 'unknown address offline: the browser shows its error page');
      continue;
    }
    const h1 = await h1Text(page);
    if (!h1 || h1 !== offlineH1) problems.add(rel, `unknown address offline: shows <h1> "${h1}", not offline.html's "${offlineH1}"`);
    await settle(page);
    for (const p of await assetProblems(page)) problems.add(rel, `unknown address offline: ${p}`);
    reportWatched(problems, `${rel} (offline)`, watcher.take(), { failed: false });
  }
}

await suite('offline', 180, 'the service worker installs, every page reads offline with its images, the manifest is complete', async (problems, cleanup) => {
  const browser = cleanup(await launch(chrome));
  for (const site of sites()) await checkSite(site, browser, problems);
});
