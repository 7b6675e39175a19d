// Nothing runs in a reader's browser that the author did not write as code.
// The site tests/fixtures/script has one page, vecto.html, with every way of
// running script from raw HTML that a build only warns about: <script> in a
// block and in a sentence, onerror/onload/onfocus/ontoggle handlers,
// <svg onload>, javascript: links (one with a tab written as an entity),
// <iframe srcdoc>, <object> and <embed> of an SVG file with script,
// <meta http-equiv=refresh>, <base href> to another host, a style attribute
// with url(javascript:), and <style> with @import. (Markdown links to
// javascript:/data: are build errors, so they cannot be on the page.)
//
// Opened over http (under /vneid/) and from file://, the page must: run none
// of them (window.__baihocRan, which every vector would set, stays unset),
// open no dialog, not navigate (also after clicking each javascript: link),
// keep its address as base URL, show its last paragraph (the tag filter
// keeps <title>/<textarea>/<noscript> in a sentence from blanking the rest),
// request nothing from another host, and report Content-Security-Policy
// violations for the vectors the policy stops: inline event handlers,
// style attributes, javascript: URLs, <base>, <object> and <embed>. The
// theme itself must cause none: the home page has no violation.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { env, suite, launch, serve, watch } from './lib.mjs';

const { out, chrome } = env();

/** Directives that must each be reported at least once on the vector page. */
const EXPECTED = [
  ['script-src-attr', 'inline event handlers (onerror, onload, onfocus, ontoggle, svg onload)'],
  ['style-src-attr', 'the style attribute'],
  ['base-uri', '<base href>'],
  ['object-src', '<object> and <embed>'],
];

/** Records CSP violations, dialogs and navigations of a page. */
function observe(page) {
  const seen = { violations: [], dialogs: [], navigations: [], consoleViolations: 0 };
  page.on('dialog', async (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    await d.dismiss().catch(() => {});
  });
  page.on('framenavigated', (f) => {
    if (f === page.mainFrame()) seen.navigations.push(f.url());
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) seen.consoleViolations += 1;
  });
  return seen;
}

/** Collects securitypolicyviolation events from the start of each document. */
const LISTEN = () => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.effectiveDirective || e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
  });
};

async function checkVectors(browser, url, how, problems, origin) {
  const where = `vecto.html ${how}`;
  const context = await browser.newContext();
  try {
    const watcher = watch(context, origin);
    await context.addInitScript(LISTEN);
    const page = await context.newPage();
    const seen = observe(page);
    await page.goto(url, { waitUntil: 'load' });
    // The refresh asked for 1 s; images, object and embed load meanwhile.
    await page.waitForTimeout(2500);

    // Click each javascript: link; a click that ran script would set the flag or open a dialog.
    for (const id of ['v-js-link', 'v-js-entity']) {
      const link = page.locator(`#${id}`);
      if ((await link.count()) !== 1) {
        problems.add(where, `#${id} is missing: the page does not hold the vector`);
        continue;
      }
      await link.click({ timeout: 5000 }).catch((e) => problems.add(where, `cannot click #${id}: ${e.message.split('\n')[0]}`));
      await page.waitForTimeout(300);
    }
    // Toggle the <details> (ontoggle) and focus the input (onfocus) by hand too.
    await page.locator('details summary').click().catch(() => {});
    await page.locator('#v-input').focus().catch(() => {});
    await page.waitForTimeout(500);

    const state = await page.evaluate(() => ({
      ran: window.__baihocRan ?? null,
      violations: window.__cspViolations || [],
      baseURI: document.baseURI,
      href: location.href,
      lastShown: (() => {
        const p = document.getElementById('v-last');
        return !!p && p.getClientRects().length > 0 && getComputedStyle(p).display !== 'none' && getComputedStyle(document.body).display !== 'none';
      })(),
      lastText: document.getElementById('v-last')?.textContent ?? null,
      scriptsInContent: document.querySelectorAll('main script, main iframe, main title, main textarea, main noscript, main meta, main style').length,
      styleText: document.querySelector('main')?.textContent.includes('<style>') ?? false,
      objectBox: document.getElementById('v-object')?.contentDocument ? 'has a document' : 'empty',
    }));

    if (state.ran) problems.add(where, `script ran: ${JSON.stringify(state.ran)}`);
    for (const d of seen.dialogs) problems.add(where, `a dialog appeared (${d})`);
    const away = seen.navigations.filter((u) => u !== url);
    if (away.length || state.href !== url) {
      problems.add(where, `the page navigated: ${[...away, state.href].join(' → ')} (opened ${url})`);
    }
    if (state.baseURI !== url) problems.add(where, `document.baseURI is ${state.baseURI}: the <base> element was applied`);
    if (!state.lastShown) problems.add(where, `the last paragraph is not shown (${JSON.stringify(state.lastText)}): raw HTML blanked the rest of the page`);
    if (state.scriptsInContent) {
      problems.add(where, `${state.scriptsInContent} filtered element(s) (script, iframe, title, textarea, noscript, meta, style) are elements of the page, not text`);
    }
    if (!state.styleText) problems.add(where, 'the <style> written in the lesson is not shown as text');

    const directives = new Map();
    for (const v of state.violations) directives.set(v.directive, (directives.get(v.directive) || 0) + 1);
    for (const [directive, what] of EXPECTED) {
      if (!directives.has(directive)) {
        problems.add(where, `no Content-Security-Policy violation for ${directive} (${what}); seen: ${JSON.stringify([...directives])}`);
      }
    }
    // A javascript: URL is stopped by script-src (Chromium reports script-src-elem).
    const jsUrl = state.violations.filter((v) => /^script-src/.test(v.directive) && v.directive !== 'script-src-attr');
    if (jsUrl.length < 2) {
      problems.add(where, `clicking the two javascript: links caused ${jsUrl.length} script-src violation(s), not 2: ${JSON.stringify(state.violations)}`);
    }
    const rec = watcher.take();
    for (const f of rec.foreign) problems.add(where, `request to another host: ${f}`);
    console.log(
      `script ${how}: ${state.violations.length} CSP violations (${[...directives].map(([d, n]) => `${d} ×${n}`).join(', ')}), ` +
        `${seen.consoleViolations} in the console, ${seen.dialogs.length} dialogs, ${away.length} navigations, flag ${JSON.stringify(state.ran)}`,
    );
  } finally {
    await context.close();
  }
}

/** The home page of the same site, whose theme must cause no violation. */
async function checkTheme(browser, url, how, problems) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(LISTEN);
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(500);
    const violations = await page.evaluate(() => window.__cspViolations || []);
    for (const v of violations) problems.add(`index.html ${how}`, `the theme breaks its own policy: ${JSON.stringify(v)}`);
    const csp = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null);
    if (!csp) problems.add(`index.html ${how}`, 'no Content-Security-Policy meta tag');
  } finally {
    await context.close();
  }
}

await suite('script', 150, 'no vector ran, over http and from file://, and every policy violation was reported', async (problems, cleanup) => {
  const browser = cleanup(await launch(chrome));
  const server = cleanup(await serve(out));
  await checkVectors(browser, `${server.base}vecto.html`, 'over http', problems, server.origin);
  await checkTheme(browser, `${server.base}index.html`, 'over http', problems);
  const fileUrl = pathToFileURL(path.join(out, 'vecto.html')).href;
  await checkVectors(browser, fileUrl, 'from file://', problems, 'file://');
  await checkTheme(browser, pathToFileURL(path.join(out, 'index.html')).href, 'from file://', problems);
});
