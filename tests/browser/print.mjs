// Printing, as a teacher does from Chromium (page.pdf: the browser's own
// print to PDF), checked in the PDF with pdf.js:
// - every poster of the course (from `baihoc list --json`) prints on exactly
//   one page of its declared size, and before printing no text of it lies
//   outside the sheet (every text box inside the page box);
// - the longest lesson prints on A4 pages with no navigation text (skip
//   link, menu, breadcrumb, previous/next, section list, "on this page"),
//   with the address of every external link (the course links to no other
//   site, so the suite adds a few to that lesson in its copy of the course
//   and builds it again), and with the site's name and
//   the page's address in the footer of every sheet;
// - each print view (ban-in.html) holds every lesson of its section once,
//   in order, each starting a new sheet, and never opens the print dialog.

import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { env, suite, serve, launch, listDocuments, watch, reportWatched, settle } from './lib.mjs';

const { out, site, bin, crate, chrome } = env();
const MM = 72 / 25.4; // PDF points per millimetre
const PX = 96 / 25.4; // CSS pixels per millimetre
const SHEETS = { A4: [210, 297], A3: [297, 420], A2: [420, 594] };

/** The interface strings of the default theme (vi.yaml), by key. */
function strings() {
  const text = fs.readFileSync(path.join(crate, 'themes/default/i18n/vi.yaml'), 'utf8');
  const map = {};
  for (const m of text.matchAll(/^([a-z_]+):\s*"(.*)"\s*$/gm)) map[m[1]] = m[2];
  return map;
}

/** Text of each page of a PDF (pdf.js), and each page's size in points. */
async function readPdf(bytes) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const view = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    pages.push({ width: view.width, height: view.height, text: content.items.map((it) => it.str).join(' ') });
  }
  await doc.destroy();
  return pages;
}

/** Without any blank: text that wraps across lines in a PDF still matches. */
const squeeze = (s) => s.replace(/\s+/g, '');

await suite('print', 240, 'posters on one sheet, lessons and print views on A4 as expected', async (problems, cleanup) => {
  const t = strings();
  // The longest lesson, with links to other sites added at its end.
  const longest = listDocuments(bin, site)
    .filter((d) => d.kind === 'page' && !d.poster)
    .map((d) => ({ d, size: fs.statSync(path.join(out, d.output)).size }))
    .sort((a, b) => b.size - a.size)[0].d;
  fs.appendFileSync(
    path.join(site, longest.source),
    '\n\n## Liên kết thêm\n\n- [Trang chính thức của VNeID](https://vneid.gov.vn)\n- [Một trang hướng dẫn](https://vneid.gov.vn/huong-dan?muc=kich-hoat&buoc=2)\n',
  );
  execFileSync(bin, ['--root', site, 'build', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  const docs = listDocuments(bin, site);
  const server = cleanup(await serve(out));
  const browser = cleanup(await launch(chrome));
  const context = cleanup(await browser.newContext());
  // A page that opened the print dialog by itself would call window.print.
  await context.addInitScript(() => {
    window.__baihocPrinted = 0;
    window.print = () => {
      window.__baihocPrinted += 1;
    };
  });
  const watched = watch(context, server.origin);
  const page = await context.newPage();
  const open = async (rel) => {
    // Back to the page's own media: page.pdf() prints with print media unless told otherwise.
    await page.emulateMedia({ media: null });
    await page.goto(server.base + rel, { waitUntil: 'load' });
    await settle(page);
    reportWatched(problems, rel, watched.take());
  };

  // --- Posters -----------------------------------------------------------
  const posters = docs.filter((d) => d.poster);
  if (posters.length < 4) problems.add('list --json', `${posters.length} posters, at least 4 expected`);
  for (const d of posters) {
    const [w0, h0] = SHEETS[d.poster.size];
    const [w, h] = d.poster.orientation === 'landscape' ? [h0, w0] : [w0, h0];
    await page.setViewportSize({ width: Math.round(w * PX), height: Math.round(h * PX) });
    await open(d.output);
    await page.waitForSelector('[data-baihoc-fitted]', { timeout: 10_000 }).catch(() => problems.add(d.output, 'poster.js did not fit the poster'));
    await page.emulateMedia({ media: 'print' });
    await page.waitForTimeout(300);
    const boxes = await page.evaluate(() => {
      const sheet = document.querySelector('[data-baihoc-poster]');
      const r = sheet.getBoundingClientRect();
      const outside = [];
      let texts = 0;
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const b of range.getClientRects()) {
          if (b.width === 0 && b.height === 0) continue;
          texts += 1;
          if (b.left < r.left - 0.5 || b.top < r.top - 0.5 || b.right > r.right + 0.5 || b.bottom > r.bottom + 0.5) {
            outside.push(`"${n.textContent.trim().slice(0, 40)}" at ${Math.round(b.left)},${Math.round(b.top)}-${Math.round(b.right)},${Math.round(b.bottom)}`);
          }
        }
      }
      return { sheet: { x: r.left, y: r.top, w: r.width, h: r.height }, outside, texts, fit: getComputedStyle(sheet).getPropertyValue('--fit') };
    });
    const want = { w: w * PX, h: h * PX };
    if (Math.abs(boxes.sheet.x) > 1 || Math.abs(boxes.sheet.y) > 1) {
      problems.add(d.output, `the sheet starts at ${boxes.sheet.x},${boxes.sheet.y}, not at the page's corner`);
    }
    if (Math.abs(boxes.sheet.w - want.w) > 1.5 || Math.abs(boxes.sheet.h - want.h) > 1.5) {
      problems.add(d.output, `the sheet is ${boxes.sheet.w.toFixed(1)}×${boxes.sheet.h.toFixed(1)} px, not ${want.w.toFixed(1)}×${want.h.toFixed(1)} (${d.poster.size} ${d.poster.orientation})`);
    }
    if (boxes.texts < 10) problems.add(d.output, `only ${boxes.texts} text boxes on the sheet`);
    for (const o of boxes.outside) problems.add(d.output, `text outside the paper: ${o}`);
    const pdf = await readPdf(await page.pdf({ preferCSSPageSize: true, printBackground: true }));
    if (pdf.length !== 1) problems.add(d.output, `prints on ${pdf.length} pages, not 1`);
    const p = pdf[0];
    if (Math.abs(p.width - w * MM) > 1.5 || Math.abs(p.height - h * MM) > 1.5) {
      problems.add(d.output, `the PDF page is ${p.width.toFixed(1)}×${p.height.toFixed(1)} pt, not ${d.poster.size} ${d.poster.orientation} (${(w * MM).toFixed(1)}×${(h * MM).toFixed(1)})`);
    }
    if (!squeeze(p.text).includes(squeeze(d.title))) problems.add(d.output, `the PDF does not show the title "${d.title}"`);
    const addresses = await page.$$eval('.qr-address', (els) => els.map((e) => e.textContent));
    for (const a of addresses) {
      if (!squeeze(p.text).includes(squeeze(a))) problems.add(d.output, `the QR code's address ${a} is not printed in words`);
    }
    console.log(`${d.output}: 1 page ${d.poster.size} ${d.poster.orientation}, ${boxes.texts} text boxes inside, --fit ${boxes.fit.trim()}, ${addresses.length} QR code(s)`);
  }
  await page.setViewportSize({ width: 1000, height: 800 });

  // --- The longest lesson ---------------------------------------------------
  const lessons = docs.filter((d) => d.kind === 'page' && !d.poster);
  await open(longest.output);
  const externals = await page.$$eval('a.external', (as) => as.map((a) => a.getAttribute('href')));
  const pdf = await readPdf(await page.pdf({ preferCSSPageSize: true }));
  const all = pdf.map((p) => p.text).join('\n');
  if (pdf.length < 2) problems.add(longest.output, `prints on ${pdf.length} page(s): is it really the longest lesson?`);
  pdf.forEach((p, i) => {
    if (Math.abs(p.width - 210 * MM) > 1.5 || Math.abs(p.height - 297 * MM) > 1.5) {
      problems.add(longest.output, `page ${i + 1} is ${p.width.toFixed(1)}×${p.height.toFixed(1)} pt, not A4 portrait`);
    }
    if (!squeeze(p.text).includes(squeeze(longest.output))) {
      problems.add(longest.output, `page ${i + 1} has no footer with the page's address ${longest.output}`);
    }
  });
  const siteTitle = fs.readFileSync(path.join(site, 'site.yaml'), 'utf8').match(/^title:\s*"(.*)"/m)[1];
  pdf.forEach((p, i) => {
    if (!p.text.includes(siteTitle)) problems.add(longest.output, `page ${i + 1} has no footer with the site's name`);
  });
  const navigation = ['skip_to_content', 'menu', 'previous', 'next', 'on_this_page', 'home', 'made_with', 'print_section_link', 'lesson_navigation'];
  for (const key of navigation) {
    if (!t[key]) problems.add('vi.yaml', `no string ${key}`);
    else if (squeeze(all).includes(squeeze(t[key]))) problems.add(longest.output, `the print shows navigation: "${t[key]}" (${key})`);
  }
  if (!externals.length) problems.add(longest.output, 'no external link to check');
  for (const href of externals) {
    if (!squeeze(all).includes(squeeze(href))) problems.add(longest.output, `the external link's address ${href} is not printed`);
  }
  console.log(`${longest.output}: ${pdf.length} A4 pages, ${externals.length} external addresses printed, no navigation text`);

  // --- Print views ----------------------------------------------------------
  const views = docs.filter((d) => d.print_view);
  if (!views.length) problems.add('list --json', 'no print view');
  for (const section of views) {
    const view = section.print_view;
    const expected = section.kind === 'home' ? lessons : lessons.filter((l) => l.section === section.title);
    await open(view);
    await page.waitForTimeout(300);
    const printed = await page.evaluate(() => window.__baihocPrinted);
    if (printed) problems.add(view, 'opened the print dialog by itself');
    const dom = await page.$$eval('.print-lesson', (as) =>
      as.map((a) => ({
        number: a.querySelector('.lesson-number')?.textContent.trim() ?? '',
        title: a.querySelector('.print-lesson-title')?.textContent.trim() ?? '',
      })),
    );
    const titles = dom.map((l) => l.title);
    if (JSON.stringify(titles) !== JSON.stringify(expected.map((l) => l.title))) {
      problems.add(view, `holds ${JSON.stringify(titles)}, expected ${JSON.stringify(expected.map((l) => l.title))}`);
    }
    const pdf = await readPdf(await page.pdf({ preferCSSPageSize: true }));
    // Each lesson starts a sheet: its number (upper case in print) then its title, near the top.
    const starts = [];
    pdf.forEach((p, i) => {
      for (const l of dom) {
        const head = squeeze(p.text).slice(0, 400);
        const mark = squeeze(l.number.toUpperCase()) + squeeze(l.title);
        if (head.includes(mark)) starts.push({ page: i + 1, title: l.title });
      }
    });
    const order = starts.map((s) => s.title);
    if (JSON.stringify(order) !== JSON.stringify(titles)) {
      problems.add(view, `lessons start sheets in the order ${JSON.stringify(order)}, expected each once: ${JSON.stringify(titles)}`);
    }
    pdf.forEach((p, i) => {
      if (!squeeze(p.text).includes(squeeze(view))) problems.add(view, `page ${i + 1} has no footer with the view's address`);
    });
    console.log(`${view}: ${dom.length} lessons on ${pdf.length} A4 pages, each starting a sheet, in order`);
  }
});
