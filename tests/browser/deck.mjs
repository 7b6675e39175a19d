// The slide decks of the bundled course (`bai.trinh-chieu.html`), in
// headless Chromium, opened from disk (file://, as from a USB stick) and
// over http under /vneid/:
// - every lesson's deck has one slide per `##` part of its Markdown, plus
//   the title slide, and at 1280x720 and 1920x1080 no slide overflows its
//   frame (nothing cut off, nothing shrunk to fit), each scaled to 16:9
//   inside the window;
// - each key acts as stated: → ↓ Space PageDown N, ← ↑ Shift+Space PageUp
//   P, Home/End, a number then Enter, B and . (black screen; any key brings
//   the picture back), F (full screen), O and Esc (overview; a click picks a
//   slide), ? (help), S (presenter view); swipes on a touch screen;
// - the slide is in the address (#5) and a reload keeps it;
// - the presenter view (a second window) shows the slide, the next one, the
//   notes, a timer and the clock, follows the audience window and drives it
//   (slides and black screen), from file:// (postMessage between the window
//   and its popup) and over http, where a presenter view opened by hand, not
//   by the deck, follows through a BroadcastChannel; after the audience
//   window reloads, they find each other again;
// - the notes show in the presenter view and nowhere in the audience window
//   or the student's page;
// - printing gives one slide per A4 landscape page, the handout several
//   slides per A4 portrait page with their notes;
// - the presenter view and the help pass axe-core; no console error and no
//   Content-Security-Policy violation anywhere.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, suite, serve, launch, watch, reportWatched, listDocuments, settle, HERE } from './lib.mjs';

const { out, site, bin, chrome } = env();
const AXE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
/** The lesson the keys are tried on: the lesson plan (course lesson 9). */
const PLAN = 'content/huong-dan/giao-an-ngoai-khoa.md';

/** Records Content-Security-Policy violations in every page of a context. */
async function recordViolations(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
    // Full screen is refused without a window manager: record the request.
    window.__fullscreen = 0;
    const request = Element.prototype.requestFullscreen;
    Element.prototype.requestFullscreen = function (...args) {
      window.__fullscreen += 1;
      return request.apply(this, args);
    };
  });
}

async function violations(page) {
  return page.evaluate(() => window.__violations || []).catch(() => []);
}

/**
 * The slides of a lesson's Markdown: the title slide, one per `#`/`##`
 * heading outside code blocks, one per question of a top-level ```quiz
 * block, and one for what follows a quiz before the next heading (notes
 * alone do not make one).
 */
function expectedSlides(markdown) {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  let fence = null;
  let count = 1;
  let afterQuiz = false;
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (fence) {
      if (/^(```|~~~)\s*$/.test(t)) fence = null;
      else if (fence === 'quiz' && /^- /.test(line)) count += 1;
      continue;
    }
    const open = /^(```|~~~)\s*(\S*)/.exec(t);
    if (open) {
      fence = open[2] || 'code';
      if (fence === 'quiz' && line === t) afterQuiz = true;
      else if (afterQuiz && fence !== 'notes') {
        count += 1;
        afterQuiz = false;
      }
    } else if (/^#{1,2} /.test(line)) {
      count += 1;
      afterQuiz = false;
    } else if (afterQuiz && t) {
      count += 1;
      afterQuiz = false;
    }
  }
  return count;
}

/** State of a deck window: current slide (1-based), shown slides, black, overview, help, hash. */
async function state(page) {
  return page.evaluate(() => {
    const slides = [...document.querySelectorAll('.slide')];
    const shown = slides.filter((s) => getComputedStyle(s).display !== 'none').length;
    const black = document.querySelector('[data-deck-black]');
    return {
      current: slides.findIndex((s) => s.classList.contains('is-current')) + 1,
      count: slides.length,
      shown,
      counter: document.querySelector('[data-deck-current]')?.textContent,
      black: !!black && getComputedStyle(black).display !== 'none',
      overview: document.documentElement.classList.contains('deck-overview'),
      help: document.querySelector('.deck-help')?.open === true,
      hash: location.hash,
    };
  });
}

/** Waits until `check(state)` holds (at most `ms`); returns the last state. */
async function until(page, check, ms = 4000) {
  const end = Date.now() + ms;
  let s = await state(page);
  while (!check(s) && Date.now() < end) {
    await page.waitForTimeout(50);
    s = await state(page);
  }
  return s;
}

/** Asserts, as a problem, that `page` shows slide `n` (the slide, the counter and the address agree). */
async function expectSlide(problems, where, page, n, ms) {
  const s = await until(page, (x) => x.current === n, ms);
  if (s.current !== n) problems.add(where, `shows slide ${s.current}, not ${n}`);
  else {
    if (s.counter !== String(n)) problems.add(where, `the counter says ${s.counter} on slide ${n}`);
    const hash = await page.evaluate(() => location.hash);
    const presenter = hash.startsWith('#presenter/');
    const want = presenter ? `#presenter/${n}` : n === 1 ? '' : `#${n}`;
    if (hash !== want) problems.add(where, `the address ends in "${hash}", not "${want}", on slide ${n}`);
  }
  return s;
}

/** Per slide of the deck open in `page`: overflow, shrinking and placement at the current window size. */
async function measure(page) {
  return page.evaluate(async () => {
    const slides = [...document.querySelectorAll('.slide')];
    const out = [];
    for (let i = 0; i < slides.length; i++) {
      location.hash = i === 0 ? '#1' : `#${i + 1}`;
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      const s = slides[i];
      const body = s.querySelector('.slide-body');
      const r = s.getBoundingClientRect();
      const fit = Math.min(innerWidth / 1280, innerHeight / 720);
      out.push({
        n: i + 1,
        label: s.getAttribute('aria-label'),
        shown: getComputedStyle(s).display !== 'none',
        scrollHeight: body.scrollHeight,
        clientHeight: body.clientHeight,
        scrollWidth: body.scrollWidth,
        clientWidth: body.clientWidth,
        shrunk: s.getAttribute('data-shrunk'),
        inside: r.left >= -1 && r.top >= -1 && r.right <= innerWidth + 1 && r.bottom <= innerHeight + 1,
        scaled: Math.abs(r.width - 1280 * fit) < 2 && Math.abs(r.height - 720 * fit) < 2,
      });
    }
    return out;
  });
}

/** Number of pages and the size of the first page (points) of a PDF made by Chromium. */
function pdfPages(pdf) {
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page(?!s)/g) || []).length;
  const box = text.match(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/);
  return { pages, width: box ? +box[3] - +box[1] : 0, height: box ? +box[4] - +box[2] : 0 };
}

async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(
    // No preload: from file:// axe cannot fetch the stylesheets again (each file is its own origin).
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload: false }),
    AXE_TAGS,
  );
  return result.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

await suite('deck', 420, 'every deck presents: keys, presenter view, print, no overflow', async (problems, cleanup) => {
  const browser = cleanup(await launch(chrome));
  const docs = listDocuments(bin, site).filter((d) => d.kind === 'page' && !d.poster); // posters have no deck
  const decks = docs.map((d) => ({ source: d.source, page: d.output, deck: d.outputs.find((o) => o.endsWith('.trinh-chieu.html')) }));
  for (const d of decks) if (!d.deck) problems.add(d.source, '`list --json` names no slide deck');
  if (decks.length !== 17) problems.add('course', `${decks.length} lessons, not 17`);
  const fileUrl = (rel) => pathToFileURL(path.join(out, rel)).href;
  const plan = decks.find((d) => d.source === PLAN);
  if (!plan) throw new Error(`no deck for ${PLAN}`);

  // 1. Every deck: its slide count, and no slide overflowing at two sizes.
  for (const size of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    const context = cleanup(await browser.newContext({ viewport: size }));
    await recordViolations(context);
    const watcher = watch(context, 'file://');
    const page = await context.newPage();
    let slides = 0;
    for (const d of decks.filter((x) => x.deck)) {
      const where = `${d.deck} at ${size.width}x${size.height}`;
      await page.goto(fileUrl(d.deck), { waitUntil: 'load' });
      await settle(page);
      const want = expectedSlides(fs.readFileSync(path.join(site, d.source), 'utf8'));
      const s = await state(page);
      if (s.count !== want) problems.add(where, `${s.count} slides, not ${want} (one per ## part, one per quiz question and the title slide)`);
      if (s.shown !== 1 || s.current !== 1) problems.add(where, `opens on slide ${s.current} with ${s.shown} slide(s) shown`);
      const total = await page.evaluate(() => document.querySelector('.deck-count').textContent.replace(/\s+/g, ' ').trim());
      if (!total.endsWith(`/ ${want}`)) problems.add(where, `the counter reads "${total}"`);
      for (const m of await measure(page)) {
        slides += 1;
        const at = `${where}, slide ${m.label}`;
        if (!m.shown) problems.add(at, 'is not shown when its number is in the address');
        if (m.scrollHeight > m.clientHeight + 1) problems.add(at, `overflows: content ${m.scrollHeight} px high in a ${m.clientHeight} px frame`);
        if (m.scrollWidth > m.clientWidth + 1) problems.add(at, `overflows: content ${m.scrollWidth} px wide in a ${m.clientWidth} px frame`);
        if (m.shrunk) problems.add(at, `did not fit and was shown at ${m.shrunk} px instead of 32 px`);
        if (!m.inside || !m.scaled) problems.add(at, 'is not a 16:9 frame scaled to fit the window');
      }
      for (const v of await violations(page)) problems.add(where, `CSP violation: ${v}`);
      // The icon is asked for again as the address changes: let it load before leaving.
      await settle(page);
      reportWatched(problems, where, watcher.take());
    }
    console.log(`deck: ${slides} slides measured at ${size.width}x${size.height}`);
    await context.close();
  }

  // 2. The keys, from file://, on the lesson plan.
  const context = cleanup(await browser.newContext({ viewport: { width: 1280, height: 720 }, hasTouch: true }));
  await recordViolations(context);
  const watcher = watch(context, 'file://');
  const page = await context.newPage();
  await page.goto(fileUrl(plan.deck), { waitUntil: 'load' });
  const n = (await state(page)).count;
  const keys = [
    ['ArrowRight', 2], ['ArrowDown', 3], ['Space', 4], ['PageDown', 5], ['n', 6], ['Shift+N', 7],
    ['ArrowLeft', 6], ['ArrowUp', 5], ['Shift+Space', 4], ['PageUp', 3], ['p', 2], ['Shift+P', 1],
    ['End', n], ['Home', 1],
  ];
  for (const [key, want] of keys) {
    await page.keyboard.press(key);
    await expectSlide(problems, `${plan.deck}: key ${key}`, page, want);
  }
  // Past either end, nothing moves.
  await page.keyboard.press('ArrowLeft');
  await expectSlide(problems, `${plan.deck}: ← on the first slide`, page, 1);
  // A number, then Enter.
  for (const k of ['1', '2', 'Enter']) await page.keyboard.press(k);
  await expectSlide(problems, `${plan.deck}: 1 2 Enter`, page, 12);
  // The address keeps the slide through a reload.
  await page.reload({ waitUntil: 'load' });
  await expectSlide(problems, `${plan.deck}: after a reload`, page, 12);
  // Black screen: B and . (a clicker's button), and any key brings the picture back.
  for (const key of ['b', 'Shift+B', '.']) {
    await page.keyboard.press(key);
    let s = await until(page, (x) => x.black);
    if (!s.black) problems.add(`${plan.deck}: key ${key}`, 'does not black the screen');
    await page.keyboard.press(key === '.' ? 'ArrowRight' : key);
    s = await until(page, (x) => !x.black);
    if (s.black) problems.add(`${plan.deck}: key ${key}`, 'the screen stays black after a second key');
    if (s.current !== 12) problems.add(`${plan.deck}: key ${key}`, `bringing the picture back moved to slide ${s.current}`);
  }
  // Full screen.
  await page.keyboard.press('f');
  await page.waitForTimeout(200);
  const full = await page.evaluate(() => ({ asked: window.__fullscreen, element: !!document.fullscreenElement }));
  if (full.asked !== 1) problems.add(`${plan.deck}: key F`, `asked for full screen ${full.asked} times, not once`);
  if (full.element) {
    await page.keyboard.press('f');
    await page.waitForFunction(() => !document.fullscreenElement, null, { timeout: 3000 }).catch(() => problems.add(`${plan.deck}: key F`, 'a second F does not leave full screen'));
  }
  // Overview with O, closed with Esc; opened with Esc, a click picks a slide.
  await page.keyboard.press('o');
  let s = await until(page, (x) => x.overview && x.shown === n);
  if (!s.overview || s.shown !== n) problems.add(`${plan.deck}: key O`, `overview ${s.overview} with ${s.shown} of ${n} slides shown`);
  const grid = await page.evaluate(() => [...document.querySelectorAll('.slide')].every((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 100 && r.width < innerWidth / 2 && r.left >= 0 && r.right <= innerWidth;
  }));
  if (!grid) problems.add(`${plan.deck}: key O`, 'the overview does not show every slide small, side by side');
  await page.keyboard.press('Escape');
  s = await until(page, (x) => !x.overview && x.shown === 1);
  if (s.overview || s.shown !== 1) problems.add(`${plan.deck}: Esc in the overview`, 'does not close it');
  await page.keyboard.press('Escape');
  s = await until(page, (x) => x.overview);
  if (!s.overview) problems.add(`${plan.deck}: key Esc`, 'does not open the overview');
  await page.locator('.slide').nth(2).click({ position: { x: 5, y: 5 } });
  s = await expectSlide(problems, `${plan.deck}: a click in the overview`, page, 3);
  if (s.overview) problems.add(`${plan.deck}: a click in the overview`, 'leaves the overview open');
  // Help with ?, closed with ? and with Esc.
  await page.keyboard.press('?');
  s = await until(page, (x) => x.help);
  if (!s.help) problems.add(`${plan.deck}: key ?`, 'does not open the help');
  for (const v of await axe(page)) problems.add(`${plan.deck} with the help open`, v);
  await page.keyboard.press('?');
  s = await until(page, (x) => !x.help);
  if (s.help) problems.add(`${plan.deck}: ? in the help`, 'does not close it');
  await page.keyboard.press('?');
  await page.keyboard.press('Escape');
  s = await until(page, (x) => !x.help && !x.overview);
  if (s.help || s.overview) problems.add(`${plan.deck}: Esc in the help`, `help open ${s.help}, overview ${s.overview}`);
  // Swipes.
  const cdp = await context.newCDPSession(page);
  const swipe = async (from, to) => {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: from, y: 360 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: (from + to) / 2, y: 362 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: to, y: 365 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  await swipe(1000, 300);
  await expectSlide(problems, `${plan.deck}: a swipe to the left`, page, 4);
  await swipe(300, 1000);
  await expectSlide(problems, `${plan.deck}: a swipe to the right`, page, 3);

  // 3. The presenter view from file://: S opens it, and the two windows follow each other.
  const notesOf = (p, k) => p.evaluate((i) => document.querySelectorAll('.slide-notes')[i - 1].textContent.trim(), k);
  const presenterState = (p) => p.evaluate(() => ({
    notes: document.querySelector('[data-deck-notes]').textContent.trim(),
    visible: getComputedStyle(document.querySelector('[data-deck-presenter]')).display !== 'none',
    now: [...document.querySelectorAll('.slide')].filter((e) => e.classList.contains('is-current') && getComputedStyle(e).display !== 'none').length,
    next: [...document.querySelectorAll('.slide')].findIndex((e) => e.classList.contains('is-next') && getComputedStyle(e).display !== 'none') + 1,
    timer: document.querySelector('[data-deck-timer]').textContent,
    clock: document.querySelector('[data-deck-clock]').textContent,
    black: getComputedStyle(document.querySelector('[data-deck-black-info]')).display !== 'none',
  }));
  const popup = context.waitForEvent('page', { timeout: 10_000 });
  await page.keyboard.press('s');
  const presenter = await popup.catch(() => null);
  if (!presenter) {
    problems.add(`${plan.deck}: key S`, 'opens no presenter window');
  } else {
    await presenter.waitForLoadState('load');
    await presenter.setViewportSize({ width: 1280, height: 800 });
    if (!presenter.url().startsWith(fileUrl(plan.deck))) problems.add('presenter view', `opened ${presenter.url()}`);
    await expectSlide(problems, 'presenter view, when it opens', presenter, 3);
    let ps = await presenterState(presenter);
    if (!ps.visible || ps.now !== 1 || ps.next !== 4) problems.add('presenter view', `panel shown ${ps.visible}, current slide shown ${ps.now}, next slide ${ps.next}`);
    const notes3 = await notesOf(page, 3);
    if (!notes3) problems.add(plan.deck, 'slide 3 has no notes');
    if (ps.notes !== notes3) problems.add('presenter view', `shows the notes "${ps.notes.slice(0, 60)}", not slide 3's`);
    const audienceText = await page.evaluate(() => document.body.innerText);
    if (notes3 && audienceText.includes(notes3.slice(0, 40))) problems.add('audience window', 'shows the speaker notes');
    // The audience drives the presenter view...
    await page.keyboard.press('ArrowRight');
    await expectSlide(problems, 'presenter view after → in the audience window', presenter, 4);
    ps = await presenterState(presenter);
    if (ps.notes !== (await notesOf(page, 4))) problems.add('presenter view', 'the notes do not follow the slide');
    // ...and the presenter view drives the audience.
    await presenter.keyboard.press('ArrowRight');
    await expectSlide(problems, 'audience window after → in the presenter view', page, 5);
    await presenter.keyboard.press('End');
    await expectSlide(problems, 'audience window after End in the presenter view', page, n);
    await presenter.keyboard.press('Home');
    await expectSlide(problems, 'audience window after Home in the presenter view', page, 1);
    for (const k of ['7', 'Enter']) await presenter.keyboard.press(k);
    await expectSlide(problems, 'audience window after 7 Enter in the presenter view', page, 7);
    // The black screen, from the presenter view: the audience goes black, the presenter is told.
    await presenter.keyboard.press('b');
    s = await until(page, (x) => x.black);
    ps = await presenterState(presenter);
    if (!s.black) problems.add('audience window', 'B in the presenter view does not black it');
    if (!ps.black || (await state(presenter)).black) problems.add('presenter view', 'after B it should say the screen is black, and stay visible');
    await presenter.keyboard.press('b');
    s = await until(page, (x) => !x.black);
    if (s.black) problems.add('audience window', 'a second B in the presenter view does not bring the picture back');
    // A timer that runs and the clock.
    await presenter.waitForTimeout(2200);
    ps = await presenterState(presenter);
    const [min, sec] = ps.timer.split(':').map(Number);
    const elapsed = min * 60 + sec;
    if (!(elapsed >= 2 && elapsed < 300)) problems.add('presenter view', `the timer reads "${ps.timer}" 2 s after it started or more`);
    if (!/^\d\d:\d\d$/.test(ps.clock)) problems.add('presenter view', `the clock reads "${ps.clock}"`);
    for (const v of await axe(presenter)) problems.add('presenter view', v);
    // The audience window reloads: it stays on its slide and the windows find each other again.
    await page.reload({ waitUntil: 'load' });
    await expectSlide(problems, 'audience window after a reload', page, 7);
    await presenter.waitForTimeout(2500);
    await presenter.keyboard.press('ArrowRight');
    await expectSlide(problems, 'reloaded audience window after → in the presenter view', page, 8, 5000);
    await page.keyboard.press('ArrowRight');
    await expectSlide(problems, 'presenter view after → in the reloaded audience window', presenter, 9);
    for (const v of await violations(presenter)) problems.add('presenter view', `CSP violation: ${v}`);
    reportWatched(problems, 'presenter view (file://)', watcher.take());
    await presenter.close();
  }
  for (const v of await violations(page)) problems.add(plan.deck, `CSP violation: ${v}`);

  // 4. Notes nowhere on the student's page.
  const lesson = await context.newPage();
  await lesson.goto(fileUrl(plan.page), { waitUntil: 'load' });
  const pageHtml = await lesson.content();
  // The author's notes blocks, each whole: a page-only checklist may share a
  // sentence with them. A quiz slide's notes hold its answer, which the page
  // shows too (under "Đáp án"), so those are left out.
  const allNotes = await page.evaluate(() => [...document.querySelectorAll('.slide-notes')]
    .filter((e) => !e.previousElementSibling?.classList.contains('slide-question-page'))
    .map((e) => e.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean));
  if (allNotes.length < 5) problems.add(plan.deck, `only ${allNotes.length} slides with the author's notes`);
  const pageText = await lesson.evaluate(() => document.body.textContent.replace(/\s+/g, ' '));
  for (const text of allNotes) {
    if (pageText.includes(text)) problems.add(plan.page, `holds the speaker notes "${text.slice(0, 60)}…"`);
  }
  const link = await lesson.locator('a', { hasText: 'Trình chiếu' }).getAttribute('href').catch(() => null);
  if (link !== path.basename(plan.deck)) problems.add(plan.page, `its "Trình chiếu" link leads to ${link}`);
  console.log(`deck: keys, swipes and the presenter view checked on ${plan.deck} (${n} slides, ${allNotes.length} with notes)`);

  // 5. Printing: one slide per A4 landscape page; the handout several per portrait page, with notes.
  const printed = await context.newPage();
  await printed.goto(fileUrl(plan.deck), { waitUntil: 'load' });
  let pdf = pdfPages(await printed.pdf({ preferCSSPageSize: true, printBackground: true }));
  if (pdf.pages !== n) problems.add(`${plan.deck} printed`, `${pdf.pages} pages for ${n} slides`);
  if (Math.round(pdf.width) !== 842 || Math.round(pdf.height) !== 595) problems.add(`${plan.deck} printed`, `pages of ${pdf.width}x${pdf.height} pt, not A4 landscape`);
  await printed.goto(`${fileUrl(plan.deck)}#handout`, { waitUntil: 'load' });
  await printed.reload({ waitUntil: 'load' });
  const shownNotes = await printed.evaluate(() => [...document.querySelectorAll('.slide-notes')].filter((e) => e.offsetHeight > 0).length);
  if (shownNotes !== n) problems.add(`${plan.deck}#handout`, `shows ${shownNotes} of ${n} slides' notes`);
  pdf = pdfPages(await printed.pdf({ preferCSSPageSize: true, printBackground: true }));
  if (!(pdf.pages >= Math.ceil(n / 4) && pdf.pages <= Math.ceil(n / 2))) problems.add(`${plan.deck} handout`, `${pdf.pages} pages for ${n} slides`);
  if (Math.round(pdf.width) !== 595 || Math.round(pdf.height) !== 842) problems.add(`${plan.deck} handout`, `pages of ${pdf.width}x${pdf.height} pt, not A4 portrait`);
  console.log(`deck: printed ${n} slides on ${n} landscape pages, the handout on ${pdf.pages} portrait pages`);
  reportWatched(problems, `${plan.deck} (file://)`, watcher.take());
  await context.close();

  // 6. Over http: S, and a presenter view opened by hand (no opener: BroadcastChannel).
  const server = cleanup(await serve(out));
  const web = cleanup(await browser.newContext({ viewport: { width: 1280, height: 720 } }));
  await recordViolations(web);
  const webWatch = watch(web, server.origin);
  const audience = await web.newPage();
  await audience.goto(server.base + plan.deck + '#2', { waitUntil: 'load' });
  await expectSlide(problems, 'over http, #2', audience, 2);
  const opened = web.waitForEvent('page', { timeout: 10_000 });
  await audience.keyboard.press('s');
  const viaKey = await opened.catch(() => null);
  if (!viaKey) problems.add('over http', 'S opens no presenter window');
  else {
    await viaKey.waitForLoadState('load');
    await expectSlide(problems, 'over http, the presenter view opened with S', viaKey, 2);
    await viaKey.keyboard.press('ArrowRight');
    await expectSlide(problems, 'over http, the audience after → in the presenter view', audience, 3);
    await viaKey.close();
  }
  const byHand = await web.newPage();
  await byHand.goto(server.base + plan.deck + '#presenter/1', { waitUntil: 'load' });
  await expectSlide(problems, 'over http, a presenter view opened by hand follows the audience', byHand, 3);
  await audience.keyboard.press('ArrowRight');
  await expectSlide(problems, 'over http, the hand-opened presenter view after → in the audience', byHand, 4);
  await byHand.keyboard.press('ArrowRight');
  await expectSlide(problems, 'over http, the audience after → in the hand-opened presenter view', audience, 5);
  for (const p of [audience, byHand]) for (const v of await violations(p)) problems.add('over http', `CSP violation: ${v}`);
  reportWatched(problems, `${plan.deck} (http)`, webWatch.take());
  console.log('deck: presenter view over http checked (opened with S, and by hand)');
});
