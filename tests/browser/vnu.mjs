// Every HTML file of the output (404.html and offline.html included) through
// the Nu Html Checker (vnu.jar, the W3C validator): no error.

import { createRequire } from 'node:module';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { env, suite, listPages } from './lib.mjs';

const require = createRequire(import.meta.url);
const { out } = env();

await suite('vnu', 180, 'every HTML file is valid HTML', async (problems) => {
  const jar = String(require('vnu-jar'));
  const files = listPages(out, { all: true });
  if (!files.length) throw new Error(`no .html file in ${out}`);
  console.log(`vnu: checking ${files.length} files with ${jar}`);
  const run = spawnSync(
    'java',
    ['-Xss4m', '-jar', jar, '--errors-only', '--format', 'json', ...files.map((f) => path.join(out, f))],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (run.error) throw new Error(`cannot run java: ${run.error.message}`);
  // vnu writes its JSON report to stderr; exit status 1 means "errors found".
  const text = (run.stderr || '').trim() || (run.stdout || '').trim();
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    throw new Error(`vnu exited ${run.status} without a JSON report:\n${run.stdout}\n${run.stderr}`);
  }
  const messages = report.messages || [];
  for (const m of messages) {
    if (m.type !== 'error' && !(m.type === 'non-document-error')) continue;
    const file = m.url ? path.relative(out, decodeURIComponent(new URL(m.url).pathname)) : '(vnu)';
    const extract = m.extract ? ` — «${m.extract.replace(/\s+/g, ' ').trim().slice(0, 120)}»` : '';
    problems.add(`${file}:${m.lastLine ?? m.firstLine ?? '?'}`, `${m.message}${extract}`);
  }
  if (!messages.length && run.status !== 0) throw new Error(`vnu exited ${run.status}:\n${run.stderr}`);
  console.log(`vnu: ${messages.length} message(s) for ${files.length} files`);
});
