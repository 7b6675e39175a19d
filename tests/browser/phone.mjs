// Every page of the course on a small phone (360x740, touch), served over
// http under /vneid/, in the light and the dark colour scheme: no
// horizontal scrolling, no axe-core violation (WCAG 2.2 AA and best
// practices), no console error, no failed request, no request to another host.

import fs from 'node:fs';
import path from 'node:path';
import { env, suite, serve, launch, listPages, watch, reportWatched, settle, HERE } from './lib.mjs';

// Evaluated through the DevTools protocol, which the pages' Content-Security-Policy
// does not govern: an injected <script> tag would be refused as inline script.
const AXE = fs.readFileSync(path.join(HERE, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const VIEWPORT = { width: 360, height: 740 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const { out, chrome } = env();

await suite('phone', 240, 'every page fits a 360 px phone and passes axe-core, light and dark', async (problems, cleanup) => {
  const server = cleanup(await serve(out));
  const browser = cleanup(await launch(chrome));
  const pages = listPages(out);
  console.log(`phone: ${pages.length} pages at ${server.base}`);

  for (const scheme of ['light', 'dark']) {
    const context = cleanup(
      await browser.newContext({
        viewport: VIEWPORT,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        colorScheme: scheme,
      }),
    );
    const watcher = watch(context, server.origin);
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: scheme });

    for (const rel of pages) {
      const where = `${rel} (${scheme})`;
      const url = server.base + rel;
      const response = await page.goto(url, { waitUntil: 'load' }).catch((e) => e);
      if (response instanceof Error) {
        problems.add(where, `cannot load ${url}: ${response.message}`);
        watcher.take();
        continue;
      }
      if (!response || !response.ok()) {
        problems.add(where, `HTTP ${response ? response.status() : 'no response'} for ${url}`);
      }
      await settle(page);
      const dark = await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
      if (dark !== (scheme === 'dark')) problems.add(where, `prefers-color-scheme is not ${scheme}`);

      // Horizontal scrolling.
      // In mobile emulation Chrome widens the layout viewport (and so
      // window.innerWidth) to fit content that is too wide: compare with
      // the phone's own width as well.
      const overflow = await page.evaluate((phone) => {
        const found = [];
        const vw = Math.min(window.innerWidth, document.documentElement.clientWidth, phone);
        const doc = document.documentElement.scrollWidth;
        if (doc > vw || window.innerWidth > phone) {
          found.push(`the page scrolls sideways: scrollWidth ${doc}, innerWidth ${window.innerWidth}, on a ${phone} px wide phone`);
        }
        const scrolls = (el) => {
          for (let a = el.parentElement; a && a !== document.documentElement; a = a.parentElement) {
            const ox = getComputedStyle(a).overflowX;
            if (ox === 'auto' || ox === 'scroll') return true;
          }
          return false;
        };
        const describe = (el) => {
          let s = el.tagName.toLowerCase();
          if (el.id) s += `#${el.id}`;
          if (el.classList.length) s += `.${[...el.classList].join('.')}`;
          const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
          return text ? `${s} "${text}"` : s;
        };
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 && r.height === 0) continue;
          if (r.right > vw + 0.5 && !scrolls(el)) {
            found.push(`${describe(el)} ends at x=${Math.round(r.right)}, beyond the ${vw} px viewport`);
            if (found.length > 10) break;
          }
        }
        return found;
      }, VIEWPORT.width);
      for (const o of overflow) problems.add(where, o);

      // Accessibility.
      await page.evaluate(AXE);
      const result = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        AXE_TAGS,
      );
      for (const v of result.violations) {
        const targets = v.nodes.map((n) => n.target.join(' '));
        const shown = targets.slice(0, 6).join(' | ') + (targets.length > 6 ? ` | … ${targets.length - 6} more` : '');
        const why = (v.nodes[0]?.failureSummary || '').replace(/\s+/g, ' ').slice(0, 240);
        problems.add(where, `axe ${v.id} (${v.impact}): ${v.help} — ${targets.length} element(s): ${shown} — ${why} (${v.helpUrl})`);
      }
      reportWatched(problems, where, watcher.take());
      console.log(`  ${where}: ${overflow.length ? 'overflow' : 'fits'}, ${result.violations.length} axe violation(s)`);
    }
    // Requests the service worker makes after the last page.
    await page.waitForTimeout(500);
    reportWatched(problems, `after the pages (${scheme})`, watcher.take());
    await context.close();
  }
});
