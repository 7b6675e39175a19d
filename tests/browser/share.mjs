// The "Chia sẻ" button of a lesson, in a real browser, on the course built
// with a base_url (so the button shares the published address):
// - over http: it is a visible <button> named "Chia sẻ"; with the phone's
//   share sheet (navigator.share, stubbed: desktop Linux Chromium has
//   none) it shares the lesson's title and published address and says so
//   in its role="status" line; a closed share sheet says nothing;
// - without a share sheet it copies the address (read back from the
//   clipboard) and says so;
// - where copying is refused it shows the address selected in a labelled
//   field and says how to copy it;
// - from file:// the button is not shown: there is no address to share;
// - no console error, no request to another host.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, suite, serve, launch, watch, reportWatched, listDocuments, settle } from './lib.mjs';

const { out, site, chrome } = env();

/** What the share box of the page shows and holds. */
function box(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-baihoc-share]');
    if (!el) return null;
    const button = el.querySelector('button');
    const status = el.querySelector('[data-baihoc-share-status]');
    const field = el.querySelector('[data-baihoc-share-link]');
    const manual = el.querySelector('[data-baihoc-share-manual]');
    const visible = (e) => !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    return {
      visible: visible(el),
      buttonTag: button ? button.tagName : null,
      buttonType: button ? button.getAttribute('type') : null,
      buttonName: button ? button.textContent.replace(/\s+/g, ' ').trim() : null,
      status: status ? status.textContent.trim() : null,
      statusRole: status ? status.getAttribute('role') : null,
      url: el.getAttribute('data-url'),
      copied: el.getAttribute('data-copied'),
      shared: el.getAttribute('data-shared'),
      manual: el.getAttribute('data-manual'),
      fieldShown: visible(manual),
      fieldValue: field ? field.value : null,
      fieldSelected: !!field && document.activeElement === field && field.selectionStart === 0 && field.selectionEnd === field.value.length,
      fieldLabelled: !!field && !!field.closest('label'),
    };
  });
}

/** Waits until the status line says something (the script fills it after 50 ms). */
async function statusText(page, ms = 3000) {
  await page
    .waitForFunction(() => {
      const s = document.querySelector('[data-baihoc-share-status]');
      return s && s.textContent.trim().length > 0;
    }, null, { timeout: ms })
    .catch(() => {});
  return (await box(page)).status;
}

await suite('share', 150, 'the share button shares, copies or shows the link, and hides from file://', async (problems, cleanup) => {
  const lesson = listDocuments(process.env.BAIHOC_BIN, site).find((d) => d.kind === 'page');
  if (!lesson) throw new Error('`baihoc list --json` shows no lesson');
  const server = cleanup(await serve(out));
  const browser = cleanup(await launch(chrome));
  const address = server.base + lesson.output;
  console.log(`share: ${lesson.output}`);

  // A fresh context for each case, with `init` run in the page before its scripts.
  async function open(name, init, options = {}) {
    const context = cleanup(await browser.newContext(options));
    const watcher = watch(context, server.origin);
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    await page.goto(address, { waitUntil: 'load' });
    await settle(page);
    const b = await box(page);
    if (!b) {
      problems.add(name, 'no [data-baihoc-share] box on the lesson');
      return null;
    }
    return { context, watcher, page, b };
  }

  // 1. The phone's share sheet.
  const shared = await open('share sheet', () => {
    window.__shared = [];
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: (data) => {
        window.__shared.push(data);
        return Promise.resolve();
      },
    });
  });
  if (shared) {
    const { page, b, watcher } = shared;
    if (!b.visible) problems.add('http', 'the share box is not shown');
    if (b.buttonTag !== 'BUTTON' || b.buttonType !== 'button') problems.add('http', `not a real button: ${b.buttonTag} type=${b.buttonType}`);
    if (b.buttonName !== 'Chia sẻ') problems.add('http', `the button is named "${b.buttonName}", not "Chia sẻ"`);
    if (b.statusRole !== 'status') problems.add('http', 'the result line is not role="status": screen readers would not hear it');
    if (!b.url.startsWith('https://truong.example.edu.vn/vneid/') || !b.url.endsWith(lesson.output)) {
      problems.add('http', `the shared address is ${b.url}, not the published address of ${lesson.output}`);
    }
    await page.getByRole('button', { name: 'Chia sẻ' }).click();
    const said = await statusText(page);
    const calls = await page.evaluate(() => window.__shared);
    const title = await page.evaluate(() => document.querySelector('h1').textContent.trim());
    if (calls.length !== 1) problems.add('share sheet', `navigator.share called ${calls.length} times`);
    else {
      if (calls[0].url !== b.url) problems.add('share sheet', `shared ${calls[0].url}, not ${b.url}`);
      if (calls[0].title !== title) problems.add('share sheet', `shared the title "${calls[0].title}", not "${title}"`);
    }
    if (said !== b.shared) problems.add('share sheet', `said "${said}", not "${b.shared}"`);
    reportWatched(problems, 'share sheet', watcher.take());
  }

  // 2. A share sheet closed without sharing: nothing copied, nothing said.
  const closed = await open('closed share sheet', () => {
    window.__copied = 0;
    Object.defineProperty(navigator, 'share', {
      configurable: true,
      value: () => Promise.reject(new DOMException('closed', 'AbortError')),
    });
    if (navigator.clipboard) {
      navigator.clipboard.writeText = () => {
        window.__copied += 1;
        return Promise.resolve();
      };
    }
  });
  if (closed) {
    const { page, watcher } = closed;
    await page.getByRole('button', { name: 'Chia sẻ' }).click();
    await page.waitForTimeout(500);
    const b = await box(page);
    if (b.status) problems.add('closed share sheet', `said "${b.status}" though the reader closed the share sheet`);
    if (await page.evaluate(() => window.__copied)) problems.add('closed share sheet', 'copied the link anyway');
    reportWatched(problems, 'closed share sheet', watcher.take());
  }

  // 3. No share sheet (desktop): the link is copied to the clipboard.
  const copy = await open(
    'copy',
    () => {
      delete Navigator.prototype.share;
    },
    { permissions: ['clipboard-read', 'clipboard-write'] },
  );
  if (copy) {
    const { page, b, watcher } = copy;
    await page.getByRole('button', { name: 'Chia sẻ' }).click();
    const said = await statusText(page);
    const clip = await page.evaluate(() => navigator.clipboard.readText());
    if (clip !== b.url) problems.add('copy', `the clipboard holds "${clip}", not ${b.url}`);
    if (said !== b.copied) problems.add('copy', `said "${said}", not "${b.copied}"`);
    reportWatched(problems, 'copy', watcher.take());
  }

  // 4. Copying refused: the link shown, selected, in a labelled field.
  const refused = await open('copy refused', () => {
    delete Navigator.prototype.share;
    if (navigator.clipboard) navigator.clipboard.writeText = () => Promise.reject(new DOMException('no', 'NotAllowedError'));
    document.execCommand = () => false;
  });
  if (refused) {
    const { page, watcher } = refused;
    await page.getByRole('button', { name: 'Chia sẻ' }).click();
    const said = await statusText(page);
    const b = await box(page);
    if (!b.fieldShown) problems.add('copy refused', 'the link is not shown');
    if (b.fieldValue !== b.url) problems.add('copy refused', `the field holds "${b.fieldValue}", not ${b.url}`);
    if (!b.fieldSelected) problems.add('copy refused', 'the link is not selected, ready to copy');
    if (!b.fieldLabelled) problems.add('copy refused', 'the field has no label');
    if (said !== b.manual) problems.add('copy refused', `said "${said}", not "${b.manual}"`);
    reportWatched(problems, 'copy refused', watcher.take());
  }

  // 5. From disk: nothing to share, no button.
  const disk = cleanup(await browser.newContext());
  const diskWatcher = watch(disk);
  const diskPage = await disk.newPage();
  await diskPage.goto(pathToFileURL(path.join(out, lesson.output)).href, { waitUntil: 'load' });
  const onDisk = await box(diskPage);
  if (!onDisk) problems.add('file://', 'no share box in the page');
  else if (onDisk.visible) problems.add('file://', 'the share button is shown although a file has no address to share');
  reportWatched(problems, 'file://', diskWatcher.take(), { foreign: false });
});
