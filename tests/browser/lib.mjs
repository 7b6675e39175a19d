// Shared helpers of the browser suites (tests/browser/*.mjs), which
// tests/browser.rs runs one after another with `node SUITE.mjs`.
//
// The Rust side builds the bundled course into a temporary folder and passes:
//   BAIHOC_OUT    the output folder (the built site)
//   BAIHOC_SITE   the site folder (site.yaml, content/, data/)
//   BAIHOC_FIXTURE_OUT, BAIHOC_FIXTURE_SITE
//                 the same for the fixture site tests/fixtures/course, which
//                 has images beside its pages (the course has none); only
//                 for the suites that run on both (see `sites()`)
//   BAIHOC_BIN    the baihoc binary
//   BAIHOC_CRATE  the crate root (for target/)
//   CHROME_PATH   the Chromium binary (default /usr/bin/chromium)
//
// Every suite prints what it checks and exits non-zero on any problem.

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** This folder (tests/browser). */
export const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The only flags Chromium is started with (plus a fresh profile folder). */
export const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The sub-path the site is served under, to prove sub-path hosting works. */
export const PREFIX = '/vneid/';

/** Pages that are written for the server or the service worker, not linked from the course. */
export const UNLINKED_PAGES = ['404.html', 'offline.html'];

/** The environment the Rust side passes, checked. */
export function env() {
  const need = (name) => {
    const v = process.env[name];
    if (!v) {
      fail(`environment variable ${name} is not set: run this suite through \`cargo test --test browser\``);
    }
    return v;
  };
  const out = path.resolve(need('BAIHOC_OUT'));
  if (!fs.existsSync(path.join(out, 'index.html'))) {
    fail(`${out} holds no index.html: the site was not built`);
  }
  return {
    out,
    site: path.resolve(need('BAIHOC_SITE')),
    bin: need('BAIHOC_BIN'),
    crate: path.resolve(process.env.BAIHOC_CRATE || path.join(HERE, '..', '..')),
    chrome: process.env.CHROME_PATH || '/usr/bin/chromium',
  };
}

/**
 * The sites a suite that checks images runs on: the course, then the
 * fixture site, which must show images (`images: true`). Both are required.
 */
export function sites() {
  const { out, site } = env();
  const fixtureOut = process.env.BAIHOC_FIXTURE_OUT;
  if (!fixtureOut) {
    fail('environment variable BAIHOC_FIXTURE_OUT is not set: run this suite through `cargo test --test browser`');
  }
  const fixture = path.resolve(fixtureOut);
  if (!fs.existsSync(path.join(fixture, 'index.html'))) {
    fail(`${fixture} holds no index.html: the fixture site was not built`);
  }
  return [
    { name: 'course', out, site, images: false },
    { name: 'fixture', out: fixture, site: path.resolve(process.env.BAIHOC_FIXTURE_SITE || path.dirname(fixture)), images: true },
  ];
}

/** Prints a message and ends the suite with exit status 1. */
export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

/**
 * Ends the process after `seconds` whatever happens, so a hung browser can
 * never hang the test run.
 */
export function watchdog(seconds, name) {
  const t = setTimeout(() => {
    console.error(`FAIL: ${name} did not finish within ${seconds} s`);
    process.exit(1);
  }, seconds * 1000);
  t.unref();
}

/** A list of problems, printed together at the end. */
export class Problems {
  constructor() {
    this.list = [];
  }
  add(where, what) {
    this.list.push(`${where}: ${what}`);
  }
  get count() {
    return this.list.length;
  }
  /** Prints the problems and exits 1 when there are any, else prints `ok`. */
  finish(suite, ok) {
    if (this.list.length) {
      console.error(`\n${suite}: ${this.list.length} problem(s):`);
      for (const p of this.list) console.error(`  - ${p}`);
      process.exit(1);
    }
    console.log(`\n${suite}: ${ok}`);
  }
}

// ---------------------------------------------------------------------------
// Files of the output

/** Every file under `dir`, relative to it with `/` separators, sorted. */
export function filesUnder(dir) {
  const out = [];
  const walk = (d, rel) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * Every `.html` page of the output, relative to it (`tim-hieu/index.html`),
 * sorted, without `404.html` (a server shows it at any address, so its
 * links are absolute). `opts.all` keeps 404.html too.
 */
export function listPages(out, opts = {}) {
  return filesUnder(out).filter((f) => f.endsWith('.html') && (opts.all || f !== '404.html'));
}

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

/**
 * The site's own images in the output (`bai-hoc/hình ảnh.png`): every image
 * file without a content hash in its name, which the theme's icons have.
 */
export function siteImages(out) {
  return filesUnder(out).filter((f) => IMAGE.test(f) && !HASHED.test(path.basename(f)));
}

/**
 * The <img> elements of the page: { src (as written), url (resolved),
 * complete, naturalWidth }.
 */
export async function imagesOf(page) {
  return page.evaluate(() =>
    [...document.images].map((i) => ({
      src: i.getAttribute('src'),
      url: i.currentSrc || i.src,
      complete: i.complete,
      naturalWidth: i.naturalWidth,
    })),
  );
}

/**
 * Checks, after every page of a site was opened, that its images were
 * really checked (`assetProblems` reports each <img> that is not complete
 * with naturalWidth > 0): `shown` maps each page (relative path) to its
 * `imagesOf()`, `fileOf(url)` gives the output file (relative) an image URL
 * leads to, or null. A site with `images: true` must have at least one page
 * with an <img>, and every one of its own images (`siteImages`) must have
 * been displayed by some page. Returns the number of <img> seen.
 * Problems are added with paths relative to the site's output.
 */
export function checkImages(problems, site, shown, fileOf, how) {
  let count = 0;
  const displayed = new Set();
  for (const imgs of shown.values()) {
    for (const i of imgs) {
      count += 1;
      if (i.complete && i.naturalWidth > 0) {
        const f = fileOf(i.url);
        if (f) displayed.add(f);
      }
    }
  }
  if (site.images) {
    const withImages = [...shown.values()].filter((imgs) => imgs.length).length;
    if (!withImages) {
      problems.add('every page', `${how}: none has an <img>, so the image checks prove nothing`);
    }
    for (const f of siteImages(site.out)) {
      if (!displayed.has(f)) problems.add(f, `${how}: no page displays this image`);
    }
  }
  return count;
}

/** `baihoc list --json` of the site: [{ source, output, kind, ... }]. */
export function listDocuments(bin, site) {
  const json = execFileSync(bin, ['--root', site, 'list', '--json'], { encoding: 'utf8' });
  return JSON.parse(json);
}

/** A fresh, empty temporary folder. */
export function tempDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `baihoc-${name}-`));
}

// ---------------------------------------------------------------------------
// The static server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
};

/** The Content-Type the server sends for a file name. */
export function contentType(name) {
  return TYPES[path.extname(name).toLowerCase()] || 'application/octet-stream';
}

const COMPRESSIBLE = /^(text\/|application\/(json|manifest\+json|xml)|image\/svg)/;
// `style.ebbf17885b94.css`: a content hash in the name, safe to cache for ever.
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;

/**
 * Serves the folder `root` under `prefix` (default `/vneid/`) on 127.0.0.1,
 * on a free port, as an ordinary static host would: `index.html` for a
 * folder address, `404.html` (or a plain text) with status 404 for anything
 * else missing, gzip when the browser asks for it, long caching for files
 * with a content hash in their names and `no-cache` for the rest.
 * Resolves to { origin, base (origin + prefix), port, requests, stop() }.
 */
export async function serve(root, prefix = PREFIX) {
  const requests = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    requests.push(url.pathname);
    const send = (status, type, body, headers = {}) => {
      const h = { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', ...headers };
      let data = body;
      if (
        COMPRESSIBLE.test(type) &&
        /\bgzip\b/.test(req.headers['accept-encoding'] || '') &&
        data.length > 256
      ) {
        data = zlib.gzipSync(data);
        h['Content-Encoding'] = 'gzip';
        h.Vary = 'Accept-Encoding';
      }
      h['Content-Length'] = data.length;
      res.writeHead(status, h);
      res.end(req.method === 'HEAD' ? undefined : data);
    };
    const notFound = () => {
      const page = path.join(root, '404.html');
      if (fs.existsSync(page)) {
        send(404, TYPES['.html'], fs.readFileSync(page), { 'Cache-Control': 'no-cache' });
      } else {
        send(404, TYPES['.txt'], Buffer.from('404 not found\n'), { 'Cache-Control': 'no-cache' });
      }
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, TYPES['.txt'], Buffer.from('method not allowed\n'));
      return;
    }
    if (url.pathname === prefix.replace(/\/$/, '')) {
      res.writeHead(301, { Location: prefix });
      res.end();
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      notFound();
      return;
    }
    let rel;
    try {
      rel = decodeURIComponent(url.pathname.slice(prefix.length));
    } catch {
      send(400, TYPES['.txt'], Buffer.from('bad address\n'));
      return;
    }
    let file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      notFound();
      return;
    }
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    } catch {
      // Not there: handled below.
    }
    let body;
    try {
      body = fs.readFileSync(file);
    } catch {
      notFound();
      return;
    }
    const cache = HASHED.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'no-cache';
    send(200, contentType(file), body, { 'Cache-Control': cache });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  const origin = `http://127.0.0.1:${port}`;
  let stopped = false;
  return {
    origin,
    base: origin + prefix,
    port,
    prefix,
    requests,
    /** Stops listening and drops every open connection. */
    stop() {
      if (stopped) return Promise.resolve();
      stopped = true;
      return new Promise((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
        server.closeAllConnections?.();
      });
    },
  };
}

// ---------------------------------------------------------------------------
// The browser

/** Starts Chromium (playwright-core) with the allowed flags only. */
export async function launch(chrome = process.env.CHROME_PATH || '/usr/bin/chromium') {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chrome,
    headless: true,
    args: CHROME_FLAGS,
    timeout: 60_000,
  });
}

/**
 * Records what goes wrong in the pages of a browser context: console
 * errors, uncaught exceptions, failed requests (network errors and HTTP
 * status >= 400) and requests to any host but `origin` (when given).
 * Service worker requests are seen through the context too.
 * `take()` returns the records since the last call and clears them.
 */
export function watch(context, origin) {
  let rec = { console: [], failed: [], foreign: [] };
  const isLocal = (u) =>
    u.startsWith('data:') || u.startsWith('blob:') || (origin ? u.startsWith(origin + '/') || u === origin : true);
  const onPage = (page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') {
        const loc = msg.location();
        rec.console.push(`${msg.text()}${loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
      }
    });
    page.on('pageerror', (err) => rec.console.push(`uncaught ${err.name}: ${err.message}`));
  };
  context.pages().forEach(onPage);
  context.on('page', onPage);
  context.on('request', (req) => {
    const u = req.url();
    if (!isLocal(u)) rec.foreign.push(u);
  });
  context.on('requestfailed', (req) => {
    // net::ERR_ABORTED is the browser cancelling a load because the page
    // moved on (the favicon of a page the test has already left); a missing
    // or refused file fails with its own error (ERR_FILE_NOT_FOUND, CSP...).
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    rec.failed.push(`${req.url()} (${req.failure()?.errorText || 'failed'})`);
  });
  context.on('response', (res) => {
    if (res.status() >= 400) rec.failed.push(`${res.url()} (HTTP ${res.status()})`);
  });
  return {
    take() {
      const r = rec;
      rec = { console: [], failed: [], foreign: [] };
      return r;
    },
  };
}

/** Reports the records of `watch().take()` as problems of `where`. */
export function reportWatched(problems, where, rec, { failed = true, foreign = true } = {}) {
  for (const c of rec.console) problems.add(where, `console error: ${c}`);
  if (failed) for (const f of rec.failed) problems.add(where, `failed request: ${f}`);
  if (foreign) for (const f of rec.foreign) problems.add(where, `request to another host: ${f}`);
}

/** The font-family of the first `body { ... }` rule of a stylesheet's text that sets one, or null. */
export function bodyFontOf(css) {
  for (const m of css.matchAll(/(?:^|[};])\s*body\s*\{([^}]*)\}/g)) {
    const f = m[1].match(/font-family\s*:\s*([^;]+)/);
    if (f) return f[1].trim();
  }
  return null;
}

/**
 * In the page: every <link rel=stylesheet> loaded with rules, every <img>
 * complete with naturalWidth > 0 (loaded and decoded), and the body's font-family as the site's stylesheet sets it.
 * A file:// page cannot read its stylesheets' rules (each file is its own
 * origin): pass `bodyFont`, read from the stylesheet's file, to check that
 * it is applied. Returns a list of problems (empty when all is well).
 */
export async function assetProblems(page, { bodyFont = null } = {}) {
  return page.evaluate((expectedFont) => {
    const out = [];
    const links = [...document.querySelectorAll('link[rel~="stylesheet"]')];
    if (!links.length) out.push('no stylesheet linked');
    let bodyFont = expectedFont;
    for (const l of links) {
      const href = l.getAttribute('href');
      if (!l.sheet) {
        out.push(`stylesheet ${href} did not load`);
        continue;
      }
      let rules = null;
      try {
        rules = l.sheet.cssRules;
      } catch {
        // Chrome hides the rules of a stylesheet that failed to load, and of
        // any file:// stylesheet (another origin): only the first is an error.
        if (location.protocol !== 'file:') out.push(`stylesheet ${href} did not load (its rules cannot be read)`);
        continue;
      }
      if (!rules.length) out.push(`stylesheet ${href} has no rules`);
      for (const r of rules) {
        if (!bodyFont && r.selectorText === 'body' && r.style && r.style.fontFamily) bodyFont = r.style.fontFamily;
      }
    }
    if (bodyFont) {
      const norm = (s) => s.replace(/["']/g, '').replace(/\s*,\s*/g, ',').trim();
      const got = getComputedStyle(document.body).fontFamily;
      if (norm(got) !== norm(bodyFont)) {
        out.push(`the stylesheet is not applied: body font-family is "${got}", not "${bodyFont}"`);
      }
    }
    for (const img of document.images) {
      if (!img.complete || img.naturalWidth === 0) {
        out.push(`image ${img.getAttribute('src')} did not load (complete ${img.complete}, naturalWidth ${img.naturalWidth})`);
      }
    }
    return out;
  }, bodyFont);
}

/**
 * Waits until the page has loaded what it loads after its load event (its
 * icon, images): no request for 500 ms, at most `ms`. Navigating away
 * earlier would abort them (net::ERR_ABORTED) and report the test's haste
 * as the site's failure.
 */
export async function settle(page, ms = 5_000) {
  await page.waitForLoadState('networkidle', { timeout: ms }).catch(() => {});
  await imagesSettled(page, ms);
}

/** Waits until every <img> of the page has finished loading or failed (at most `ms`). */
export async function imagesSettled(page, ms = 10_000) {
  await page
    .waitForFunction(() => [...document.images].every((i) => i.complete), null, { timeout: ms })
    .catch(() => {});
}

/** Text of the first <h1> of the page, or null. */
export async function h1Text(page) {
  return page.evaluate(() => {
    const h = document.querySelector('h1');
    return h ? h.textContent.trim() : null;
  });
}

/**
 * Waits until a service worker controls the page: `navigator.serviceWorker.ready`,
 * then `controller` (reloading once if it does not come by itself), at most
 * `seconds`. Returns null when it does, or a description of what is missing.
 */
export async function waitForServiceWorker(page, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  const left = () => Math.max(0, deadline - Date.now());
  const hasApi = await page.evaluate(() => 'serviceWorker' in navigator);
  if (!hasApi) return 'navigator.serviceWorker is missing (not a secure context?)';
  const ready = await page
    .evaluate(
      (ms) =>
        Promise.race([
          navigator.serviceWorker.ready.then((r) => ({ ok: true, scope: r.scope })),
          new Promise((res) => setTimeout(() => res({ ok: false }), ms)),
        ]),
      left(),
    )
    .catch((e) => ({ ok: false, error: String(e) }));
  if (!ready.ok) {
    const regs = await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length);
    return `navigator.serviceWorker.ready did not resolve within ${seconds} s (${regs} registration(s); is sw.js registered?)`;
  }
  let reloaded = false;
  while (left() > 0) {
    const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller).catch(() => false);
    if (controlled) return null;
    if (!reloaded && left() < seconds * 1000 - 3000) {
      reloaded = true;
      await page.reload({ waitUntil: 'load' });
      continue;
    }
    await page.waitForTimeout(250);
  }
  return `the service worker (scope ${ready.scope}) did not take control of the page within ${seconds} s, even after a reload`;
}

/**
 * Runs a suite: `fn(problems, cleanup)` where `cleanup(x)` registers a
 * browser, context or server to close at the end, whatever happens. A
 * watchdog ends the process after `seconds`. Exits 1 when `fn` throws or
 * added any problem.
 */
export async function suite(name, seconds, ok, fn) {
  watchdog(seconds, name);
  const problems = new Problems();
  const things = [];
  const started = Date.now();
  let crashed = null;
  try {
    await fn(problems, (x) => {
      things.push(x);
      return x;
    });
  } catch (e) {
    crashed = e;
  } finally {
    for (const t of things.reverse()) {
      try {
        if (typeof t.stop === 'function') await t.stop();
        else if (typeof t.close === 'function') await t.close();
      } catch {
        // Already gone.
      }
    }
  }
  if (crashed) problems.add(name, `stopped by an error: ${crashed.stack || crashed}`);
  console.log(`${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  problems.finish(name, ok);
}
