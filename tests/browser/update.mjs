// A course already stored by a reader's browser gets updated. After a first
// visit installs the service worker:
// - a rebuild with no content change leaves sw.js byte-identical (else every
//   reader would download the whole course again for nothing);
// - a lesson is changed and the site rebuilt with the baihoc binary into the
//   same folder, still served; one online visit (home, then the lesson)
//   shows the new text, the page tells the reader the course was updated
//   (`[data-baihoc-update]`, in a role="status" region, visible, "cập nhật"),
//   and only one cache is left (the old version's deleted).

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { env, suite, serve, launch, watch, reportWatched, listDocuments, waitForServiceWorker, settle } from './lib.mjs';

const { out, site, bin, chrome } = env();

function rebuild() {
  execFileSync(bin, ['--root', site, 'build', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
}

/** State of the update notice in the page: null when there is no such element. */
function notice(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-baihoc-update]');
    if (!el) return null;
    const visible = el.checkVisibility ? el.checkVisibility({ visibilityProperty: true, opacityProperty: true }) : !el.hidden;
    return {
      visible: visible && el.getClientRects().length > 0,
      text: (el.textContent || '').replace(/\s+/g, ' ').trim(),
      status: !!el.closest('[role="status"]'),
    };
  });
}

const cacheNames = (page) => page.evaluate(() => caches.keys());

await suite('update', 180, 'an unchanged rebuild keeps sw.js, a changed lesson reaches the reader with a notice', async (problems, cleanup) => {
  // The lesson to change: the first lesson of the course, found with `baihoc list`.
  const lesson = listDocuments(bin, site).find((d) => d.kind === 'page');
  if (!lesson) throw new Error('`baihoc list --json` shows no lesson');
  console.log(`update: will change ${lesson.source} (${lesson.output})`);

  const server = cleanup(await serve(out));
  const browser = cleanup(await launch(chrome));
  const context = cleanup(await browser.newContext());
  const watcher = watch(context, server.origin);
  const page = await context.newPage();

  // First visit: the service worker installs and stores the course.
  await page.goto(server.base + 'index.html', { waitUntil: 'load' });
  await settle(page);
  const swProblem = await waitForServiceWorker(page, 30);
  if (swProblem) {
    problems.add('first visit', swProblem);
    return;
  }
  const first = await notice(page);
  if (!first) problems.add('index.html', 'no [data-baihoc-update] element');
  else {
    if (first.visible) problems.add('first visit', `the update notice shows although nothing changed: "${first.text}"`);
    if (!first.status) problems.add('index.html', '[data-baihoc-update] is not in a role="status" region: screen readers will not announce it');
  }
  const before = await cacheNames(page);
  console.log(`update: first visit done, caches: ${JSON.stringify(before)}`);
  reportWatched(problems, 'first visit', watcher.take());

  // A rebuild with no change must not touch sw.js.
  const swPath = path.join(out, 'sw.js');
  const sw1 = fs.readFileSync(swPath);
  rebuild();
  const sw2 = fs.readFileSync(swPath);
  if (!sw1.equals(sw2)) {
    problems.add('sw.js', 'a rebuild without any content change wrote a different sw.js: every reader would re-download the course');
  } else {
    console.log('update: unchanged rebuild left sw.js byte-identical');
  }

  // Change the lesson and rebuild into the same folder.
  const marker = `BAIHOC-UPDATE-${process.pid}-${Date.now()}`;
  fs.appendFileSync(path.join(site, lesson.source), `\n\nĐoạn mới thêm để thử cập nhật: ${marker}.\n`);
  rebuild();
  const built = fs.readFileSync(path.join(out, lesson.output), 'utf8');
  if (!built.includes(marker)) throw new Error(`the rebuild did not put the marker into ${lesson.output}`);
  const sw3 = fs.readFileSync(swPath);
  if (sw3.equals(sw1)) problems.add('sw.js', 'a content change left sw.js byte-identical: browsers will never see the update');

  // One online visit: home, then the changed lesson.
  await page.goto(server.base + 'index.html', { waitUntil: 'load' });
  await settle(page);
  await page.goto(server.base + lesson.output, { waitUntil: 'load' });
  await settle(page);
  const deadline = Date.now() + 30_000;
  let state;
  for (;;) {
    state = {
      marker: await page.evaluate((m) => document.body.innerText.includes(m), marker),
      notice: await notice(page),
      caches: await cacheNames(page),
    };
    const noticeOk = state.notice && state.notice.visible && state.notice.text.toLowerCase().includes('cập nhật');
    if ((state.marker && noticeOk && state.caches.length === 1) || Date.now() > deadline) break;
    await page.waitForTimeout(250);
  }
  const where = `${lesson.output} after the update`;
  if (!state.marker) problems.add(where, `the new text "${marker}" is not in the page`);
  if (!state.notice) problems.add(where, 'no [data-baihoc-update] element');
  else {
    if (!state.notice.visible) problems.add(where, 'the update notice [data-baihoc-update] did not become visible within 30 s');
    if (!state.notice.text.toLowerCase().includes('cập nhật')) {
      problems.add(where, `the update notice does not say "cập nhật": "${state.notice.text}"`);
    }
  }
  if (state.caches.length !== 1) {
    problems.add(where, `caches.keys() is ${JSON.stringify(state.caches)}: exactly one cache should be left`);
  } else if (before.length === 1 && state.caches[0] === before[0]) {
    problems.add(where, `the cache is still the first version's (${before[0]})`);
  }
  console.log(`update: marker ${state.marker ? 'shown' : 'missing'}, notice ${JSON.stringify(state.notice)}, caches ${JSON.stringify(state.caches)}`);
  reportWatched(problems, where, watcher.take());
});
