// Self-check quizzes of the bundled course, in headless Chromium:
// - over http under /vneid/: on lesson 1, a right answer and a wrong one
//   (each kind: single, multiple, true-false, short answer typed without
//   tones, in capitals, hyphens for spaces) show the right feedback in the status region, open the
//   explanation and count in the score; the score survives a reload; the
//   results page shows the lesson's result, and clears it; "Làm lại"
//   clears the quiz; axe-core finds nothing on the answered quiz;
// - from file:// (a USB stick): answering, the score after a reload, and
//   the results page reading it;
// - without JavaScript: every question and its choices shown, no button,
//   each answer revealed by its "Xem đáp án" (details/summary);
// - the slide deck of the lesson plan: a question's answer is hidden until
//   A (or the next key) is pressed, and the next key then moves on;
// - print: the section's print view and the lesson plan's page printed to
//   PDF: the questions with empty boxes, no answer in the lesson's pages,
//   the answer key on the last page(s), after every lesson;
// - no console error and no CSP violation anywhere.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, suite, serve, launch, watch, reportWatched, settle, HERE } from './lib.mjs';

const { out, crate, chrome } = env();
const AXE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const LESSON = 'tim-hieu/vneid-la-gi.html';
const PLAN = 'huong-dan/giao-an-ngoai-khoa.html';
const PLAN_DECK = 'huong-dan/giao-an-ngoai-khoa.trinh-chieu.html';
const VIEW = 'huong-dan/ban-in.html';

/** The interface strings of the default theme (vi.yaml), by key. */
function strings() {
  const text = fs.readFileSync(path.join(crate, 'themes/default/i18n/vi.yaml'), 'utf8');
  const map = {};
  for (const m of text.matchAll(/^([a-z_]+):\s*"(.*)"\s*$/gm)) map[m[1]] = m[2];
  return map;
}
const t = strings();

/** Text of each page of a PDF (pdf.js). */
async function readPdf(bytes) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const pages = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => it.str).join(' '));
  }
  await doc.destroy();
  return pages;
}
const squeeze = (s) => s.replace(/\s+/g, '');

async function recordViolations(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
}
async function violations(problems, where, page) {
  for (const v of await page.evaluate(() => window.__violations || []).catch(() => [])) problems.add(where, `CSP violation: ${v}`);
}

/** One question of the page: its kind and where its parts are. */
function question(page, n) {
  const q = page.locator(`#baihoc-q${n}`);
  return {
    q,
    feedback: () => q.locator('.quiz-feedback').textContent(),
    open: () => q.locator('details.quiz-answer').evaluate((d) => d.open),
    check: () => q.locator('[data-quiz-check]').click(),
  };
}

/** Picks the wrong or right answer of question `n` by the data the page gives, then checks it. */
async function answer(page, n, right) {
  const q = page.locator(`#baihoc-q${n}`);
  const kind = await q.getAttribute('data-kind');
  if (kind === 'short') {
    const accept = JSON.parse(await q.locator('input[type=text]').getAttribute('data-accept'));
    // The accepted answer of the most words, typed without tones, in
    // capitals, with hyphens for spaces and spaces around: right only when
    // compared as search folds and splits words ("  DE-AN-06 " for "Đề án 06").
    const longest = accept.reduce((a, b) => (b.split(/\s+/).length > a.split(/\s+/).length ? b : a));
    const typed = right
      ? `  ${longest.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toUpperCase().replace(/\s+/g, '-')} `
      : 'không biết';
    await q.locator('input[type=text]').fill(typed);
  } else {
    const inputs = q.locator('input');
    const count = await inputs.count();
    for (let i = 0; i < count; i++) {
      const input = inputs.nth(i);
      const correct = (await input.getAttribute('data-correct')) !== null;
      const type = await input.getAttribute('type');
      if (type === 'checkbox') {
        // Wrong: tick every box but the first correct one.
        const tick = right ? correct : i > 0 || !correct;
        if (tick) await input.check();
        else await input.uncheck();
      } else if (right ? correct : !correct) {
        await input.check();
        break;
      }
    }
  }
  await q.locator('[data-quiz-check]').click();
  return kind;
}

async function score(page) {
  return (await page.locator('.quiz-score').first().textContent()).trim();
}

async function axe(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => window.axe.run(document.querySelector('.quiz'), {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    resultTypes: ['violations'],
    preload: false,
  }));
  return result.violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(' | ')}`);
}

/** Answers the lesson's questions: right, wrong, right, ...; returns the expected score. */
async function answerAll(problems, where, page) {
  const n = await page.locator('.quiz-question').count();
  let right = 0;
  const kinds = new Set();
  for (let i = 1; i <= n; i++) {
    const good = i % 2 === 1;
    const kind = await answer(page, i, good);
    kinds.add(kind);
    if (good) right++;
    const q = question(page, i);
    const fb = (await q.feedback()).trim();
    const verdict = good ? t.quiz_right : t.quiz_wrong;
    if (!fb.startsWith(verdict)) problems.add(`${where}, question ${i} (${kind}, ${good ? 'right' : 'wrong'})`, `feedback "${fb}", expected it to start with "${verdict}"`);
    if (!good && !fb.includes(t.quiz_answer)) problems.add(`${where}, question ${i}`, `the feedback of a wrong answer does not give the answer: "${fb}"`);
    if (!(await q.open())) problems.add(`${where}, question ${i}`, 'the explanation is not shown after answering');
    const want = t.quiz_score.replace('{right}', right).replace('{total}', n);
    const got = await score(page);
    if (got !== want) problems.add(`${where}, after question ${i}`, `score "${got}", expected "${want}"`);
  }
  return { n, right, kinds };
}

await suite('quiz', 300, 'quizzes answer, score, remember, work without JS, on slides and in print', async (problems, cleanup) => {
  const browser = cleanup(await launch(chrome));
  const server = cleanup(await serve(out));

  // 1. Over http: answering, feedback, score, reload, results page, Làm lại.
  {
    const context = cleanup(await browser.newContext({ viewport: { width: 390, height: 800 } }));
    await recordViolations(context);
    const watcher = watch(context, server.origin);
    const page = await context.newPage();
    const where = `http ${LESSON}`;
    await page.goto(server.base + LESSON, { waitUntil: 'load' });
    const buttons = await page.locator('[data-quiz-check]:visible').count();
    const n = await page.locator('.quiz-question').count();
    if (buttons !== n || n < 3) problems.add(where, `${buttons} visible Kiểm tra buttons for ${n} questions`);
    // Nothing chosen yet: a message, no score.
    await question(page, 1).check();
    const empty = (await question(page, 1).feedback()).trim();
    if (empty !== t.quiz_empty) problems.add(where, `checking with nothing chosen says "${empty}"`);
    const res = await answerAll(problems, where, page);
    for (const k of ['single', 'multiple', 'true-false', 'short']) if (!res.kinds.has(k)) problems.add(where, `no ${k} question tried`);
    const role = await page.locator('#baihoc-q1 .quiz-feedback').getAttribute('role');
    if (role !== 'status') problems.add(where, `the feedback's role is ${role}, not status (announced)`);
    for (const v of await axe(page)) problems.add(`${where} (axe, answered quiz)`, v);
    // The score and answers survive a reload.
    const before = await score(page);
    await page.reload({ waitUntil: 'load' });
    await settle(page, 500);
    const after = await score(page);
    if (after !== before) problems.add(`${where} after a reload`, `score "${after}", was "${before}"`);
    const kept = (await question(page, 1).feedback()).trim();
    if (!kept.startsWith(t.quiz_right)) problems.add(`${where} after a reload`, `question 1 shows "${kept}"`);
    // The results page reads it.
    await page.goto(server.base + 'tu-kiem-tra.html', { waitUntil: 'load' });
    await settle(page, 500);
    const row = page.locator(`tr[data-quiz-page="${LESSON}"] [data-quiz-status]`);
    const status = (await row.textContent()).trim();
    const want = t.quiz_done.replace('{right}', res.right).replace('{total}', res.n);
    if (status !== want) problems.add('http results page', `shows "${status}" for ${LESSON}, expected "${want}"`);
    const others = await page.locator('[data-quiz-status]').allTextContents();
    if (others.filter((s) => s.trim() === t.quiz_not_done).length !== others.length - 1) problems.add('http results page', `other lessons: ${JSON.stringify(others)}`);
    // Clearing them all.
    await page.locator('[data-quiz-clear-all]').click();
    const cleared = (await row.textContent()).trim();
    if (cleared !== t.quiz_not_done) problems.add('http results page', `after clearing, shows "${cleared}"`);
    await page.goto(server.base + LESSON, { waitUntil: 'load' });
    await settle(page, 300);
    if ((await score(page)) !== '') problems.add(where, 'the score is still shown after clearing every result');
    // Làm lại clears one quiz.
    await answer(page, 1, true);
    await page.locator('[data-quiz-retry]').first().click();
    const afterRetry = { fb: (await question(page, 1).feedback()).trim(), checked: await page.locator('#baihoc-q1 input:checked').count() };
    if (afterRetry.fb || afterRetry.checked) problems.add(`${where}: Làm lại`, `left ${JSON.stringify(afterRetry)}`);
    await page.reload({ waitUntil: 'load' });
    if ((await page.locator('#baihoc-q1 input:checked').count()) !== 0) problems.add(`${where}: Làm lại`, 'the cleared answer comes back after a reload');
    // A page without a quiz does not load the script.
    await page.goto(server.base + 'huong-dan/the-dong-vai.html', { waitUntil: 'load' });
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src).filter((s) => s.includes('/js/quiz.')));
    if (scripts.length) problems.add('huong-dan/the-dong-vai.html', `loads ${scripts}`);
    await violations(problems, where, page);
    reportWatched(problems, where, watcher.take());
  }

  // 2. From file://: answering, reload, the results page.
  {
    const context = cleanup(await browser.newContext({ viewport: { width: 1024, height: 800 } }));
    await recordViolations(context);
    const watcher = watch(context, 'file://');
    const page = await context.newPage();
    const url = pathToFileURL(path.join(out, LESSON)).href;
    const where = `file:// ${LESSON}`;
    await page.goto(url, { waitUntil: 'load' });
    const res = await answerAll(problems, where, page);
    const before = await score(page);
    await page.reload({ waitUntil: 'load' });
    await settle(page, 300);
    const after = await score(page);
    if (after !== before || !after) problems.add(`${where} after a reload`, `score "${after}", was "${before}"`);
    await page.goto(pathToFileURL(path.join(out, 'tu-kiem-tra.html')).href, { waitUntil: 'load' });
    await settle(page, 300);
    const status = (await page.locator(`tr[data-quiz-page="${LESSON}"] [data-quiz-status]`).textContent()).trim();
    const want = t.quiz_done.replace('{right}', res.right).replace('{total}', res.n);
    if (status !== want) problems.add('file:// results page', `shows "${status}", expected "${want}"`);
    await violations(problems, where, page);
    reportWatched(problems, where, watcher.take());
  }

  // 3. Without JavaScript: questions, choices and answers in details/summary.
  {
    const context = cleanup(await browser.newContext({ javaScriptEnabled: false }));
    const page = await context.newPage();
    const where = `no JS ${LESSON}`;
    await page.goto(server.base + LESSON, { waitUntil: 'load' });
    const n = await page.locator('.quiz-question').count();
    const visible = await page.locator('.quiz-prompt:visible').count();
    if (visible !== n || n < 3) problems.add(where, `${visible} of ${n} questions visible`);
    const choices = await page.locator('.quiz-choices label:visible').count();
    if (choices < 2 * (n - 1)) problems.add(where, `only ${choices} choices visible`);
    // The quiz's own buttons: the header's search button works without
    // JavaScript (it opens the search page, which says it needs JavaScript).
    if (await page.locator('.quiz button:visible').count()) problems.add(where, 'quiz buttons shown that do nothing without JavaScript');
    for (let i = 1; i <= n; i++) {
      const d = page.locator(`#baihoc-q${i} details.quiz-answer`);
      const hidden = !(await d.locator('p').first().isVisible());
      if (!hidden) problems.add(`${where}, question ${i}`, 'the answer shows before it is asked for');
      await d.locator('summary').click();
      const text = (await d.locator('p').first().textContent()).trim();
      if (!(await d.locator('p').first().isVisible()) || !text.startsWith(t.quiz_answer)) problems.add(`${where}, question ${i}`, `summary shows "${text}"`);
    }
  }

  // 4. The deck: the answer hidden until A, or the next key.
  {
    const context = cleanup(await browser.newContext({ viewport: { width: 1280, height: 720 } }));
    await recordViolations(context);
    const watcher = watch(context, 'file://');
    const page = await context.newPage();
    const url = pathToFileURL(path.join(out, PLAN_DECK)).href;
    await page.goto(url, { waitUntil: 'load' });
    const slides = await page.evaluate(() => [...document.querySelectorAll('.slide')].map((s, i) => (s.querySelector('[data-quiz-answer]') ? i + 1 : 0)).filter(Boolean));
    if (slides.length !== 6) problems.add(PLAN_DECK, `${slides.length} question slides, not 6`);
    const visibleAnswer = () => page.evaluate(() => {
      const s = document.querySelector('.slide.is-current');
      const a = s && s.querySelector('[data-quiz-answer]');
      return a ? a.offsetParent !== null && getComputedStyle(a).display !== 'none' : null;
    });
    const current = () => page.evaluate(() => [...document.querySelectorAll('.slide')].findIndex((s) => s.classList.contains('is-current')) + 1);
    const first = slides[0];
    await page.goto(`${url}#${first}`, { waitUntil: 'load' });
    await settle(page, 300);
    const prompt = await page.locator('.slide.is-current h3').textContent();
    if (!prompt || !prompt.trim()) problems.add(`${PLAN_DECK} #${first}`, 'the question is not shown');
    if ((await visibleAnswer()) !== false) problems.add(`${PLAN_DECK} #${first}`, 'the answer shows before a key is pressed');
    await page.keyboard.press('a');
    if ((await visibleAnswer()) !== true) problems.add(`${PLAN_DECK} #${first}`, 'A does not reveal the answer');
    if ((await current()) !== first) problems.add(`${PLAN_DECK} #${first}`, 'A moved the slide');
    await page.keyboard.press('ArrowRight');
    if ((await current()) !== first + 1) problems.add(`${PLAN_DECK} #${first}`, '→ after the answer does not go to the next question');
    if ((await visibleAnswer()) !== false) problems.add(`${PLAN_DECK} #${first + 1}`, 'the next answer shows before a key is pressed');
    // A clicker's next: first reveals, then moves on.
    await page.keyboard.press('PageDown');
    if ((await visibleAnswer()) !== true || (await current()) !== first + 1) problems.add(`${PLAN_DECK} #${first + 1}`, 'PageDown does not reveal the answer first');
    await page.keyboard.press('PageDown');
    if ((await current()) !== first + 2) problems.add(`${PLAN_DECK} #${first + 1}`, 'a second PageDown does not move on');
    await violations(problems, PLAN_DECK, page);
    reportWatched(problems, PLAN_DECK, watcher.take());
  }

  // 5. Print: the section's print view and the lesson plan's own page.
  {
    const context = cleanup(await browser.newContext());
    const page = await context.newPage();
    for (const rel of [VIEW, PLAN]) {
      await page.goto(server.base + rel, { waitUntil: 'load' });
      await settle(page, 300);
      const pdf = await readPdf(await page.pdf({ format: 'A4' }));
      const keyTitle = squeeze(rel === VIEW ? t.quiz_key_title : `${t.quiz_key_title}:`);
      const keyPages = pdf.map((p, i) => (squeeze(p).includes(keyTitle) ? i : -1)).filter((i) => i >= 0);
      if (!keyPages.length) {
        problems.add(rel, `no page of the PDF holds the answer key "${keyTitle}"`);
        continue;
      }
      const start = keyPages[0];
      // The key is at the end, from the top of a page of its own.
      if (!squeeze(pdf[start]).slice(0, 400).includes(keyTitle)) problems.add(rel, `the answer key does not start a page (page ${start + 1})`);
      if (start === 0) problems.add(rel, 'the answer key is on the first page');
      const body = pdf.slice(0, start).join(' ');
      if (squeeze(body).includes(squeeze(t.quiz_answer))) problems.add(rel, `an answer ("${t.quiz_answer}") is printed before the key`);
      const plan = squeeze('Em nên tải ứng dụng VNeID từ đâu?');
      if (!squeeze(body).includes(plan)) problems.add(rel, 'the lesson plan\'s first question is not printed');
      const key = squeeze(pdf.slice(start).join(' '));
      if (!key.includes(squeeze('Từ CH Play (Google Play) hoặc App Store'))) problems.add(rel, 'the key lacks the first answer');
      // The key runs to the end: the last page ends with its last answer.
      const last = await page.evaluate(() => [...document.querySelectorAll('.quiz-key-list li')].pop()?.textContent ?? '');
      const tail = squeeze(last).slice(-25);
      if (!tail || !squeeze(pdf[pdf.length - 1]).includes(tail)) problems.add(rel, `the last page does not end the answer key ("${last.slice(-40)}")`);
      console.log(`${rel}: ${pdf.length} A4 pages, the answer key from page ${start + 1}`);
    }
  }
});
