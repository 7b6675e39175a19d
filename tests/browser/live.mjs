// The live preview in a real browser (run by tests/serve_browser.rs, which
// starts `baihoc serve` on a copy of tests/fixtures/course): under the
// Content-Security-Policy the pages carry (added here to each page, as the
// theme does), an edit reloads the open tab with the new text; a broken
// edit shows the error overlay (file, line, message, hint) over the last
// good page; fixing it reloads the page without the overlay. No console
// error, no request to another host.
//
// Environment: BAIHOC_URL (the preview's address), BAIHOC_SITE (the site
// folder being previewed), CHROME_PATH, BAIHOC_CRATE (for the screenshot).

import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROME_FLAGS, fail, watchdog } from './lib.mjs';

watchdog(120, 'live');
const url = process.env.BAIHOC_URL;
const site = process.env.BAIHOC_SITE;
if (!url || !site) fail('BAIHOC_URL and BAIHOC_SITE must be set: run through `cargo test --test serve_browser`');
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "media-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; " +
  "base-uri 'none'; object-src 'none'; frame-src 'none'";
const lesson = path.join(site, 'content/a/y.md');
const original = fs.readFileSync(lesson, 'utf8');

const browser = await chromium.launch({
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  args: CHROME_FLAGS,
});
const problems = [];
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const host = new URL(url).host;
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (new URL(r.url()).host !== host) problems.push(`request to another host: ${r.url()}`);
  });
  // The policy the theme puts in every page, as a meta tag.
  await page.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    const type = response.headers()['content-type'] || '';
    if (!type.startsWith('text/html')) return route.fulfill({ response });
    const body = (await response.text()).replace(
      '<head>',
      `<head>\n<meta http-equiv="Content-Security-Policy" content="${CSP}">`
    );
    return route.fulfill({ response, body });
  });

  const until = async (what, check, seconds = 30) => {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      try {
        if (await check()) return;
      } catch (e) {
        // The page is reloading: ask again.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    fail(`${what} within ${seconds} s`);
  };
  const text = () => page.evaluate(() => document.querySelector('main').textContent);
  const overlay = () => page.evaluate(() => {
    const o = document.querySelector('[data-baihoc-overlay]');
    return o && o.getBoundingClientRect().height > 0 ? o.textContent : null;
  });

  const events = page.waitForResponse((r) => r.url().endsWith('/__baihoc/events'));
  await page.goto(new URL('a/y.html', url).href);
  await events;
  console.log('ok: the page listens for changes (/__baihoc/events)');

  fs.writeFileSync(lesson, original.replace('## Tiêu đề Y', '## Tiêu đề Y\n\nCâu này vừa được thêm.'));
  await until('the edit shows in the open tab', async () => (await text()).includes('Câu này vừa được thêm.'));
  console.log('ok: an edit reloads the open tab with the new text');

  fs.writeFileSync(lesson, original.replace('title: "Bài Y"', 'title: "Bài Y'));
  await until('the overlay shows the error', async () => {
    const o = await overlay();
    return o && o.includes('content/a/y.md:') && o.includes('error:') && o.includes('hint:');
  });
  if (!(await text()).includes('Câu này vừa được thêm.')) fail('the last good page is not under the overlay');
  fs.mkdirSync(path.join(process.env.BAIHOC_CRATE || '.', 'target'), { recursive: true });
  await page.screenshot({ path: path.join(process.env.BAIHOC_CRATE || '.', 'target/serve-overlay.png') });
  console.log('ok: a broken edit shows the overlay (file, line, error, hint) over the last good page');

  fs.writeFileSync(lesson, original.replace('title: "Bài Y"', 'title: "Bài Y đã sửa"'));
  await until('the fixed page shows without the overlay', async () =>
    (await overlay()) === null && (await page.title()).startsWith('Bài Y đã sửa'));
  console.log('ok: fixing the file clears the overlay');

  // The preview's own worker removes itself: nothing stays registered.
  await until('no service worker stays registered', async () =>
    (await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length)) === 0);
  console.log('ok: no service worker stays registered in the preview');
} finally {
  await browser.close();
}
if (problems.length) fail(problems.join('\n'));
console.log('live: all checks passed');
