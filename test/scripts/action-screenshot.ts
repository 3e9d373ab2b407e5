/**
 * Renders what the Action writes to PNGs under docs/: the sticky PR comment and the job summary,
 * from a real run of the bundle (a pull request that turns Bucket Key off on an applied stage
 * bucket — test/fixtures/terraform-own/update-bucket-key-off — against the loopback GitHub fake), turned into HTML by a real markdown renderer (marked + GitHub alerts, github-markdown-css)
 * and photographed by Debian's chromium through playwright-core.
 *   npx tsx scripts/action-screenshot.ts        (from test/; needs /usr/bin/chromium)
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Marked } from 'marked';
import markedAlert from 'marked-alert';
import { chromium } from 'playwright-core';
import { startFakeGitHub } from '../src/action/fake-github.js';
import { pullRequestEvent, ROOT, runAction } from '../src/action/run-action.js';

const require = createRequire(import.meta.url);
const css = readFileSync(require.resolve('github-markdown-css/github-markdown-light.css'), 'utf8');
const marked = new Marked({ gfm: true }).use(markedAlert());

const ALERT_CSS = `
.markdown-alert{padding:.5rem 1rem;margin-bottom:16px;border-left:.25em solid #d1d9e0}
.markdown-alert-title{display:flex;font-weight:500;align-items:center;line-height:1;margin-bottom:4px}
.markdown-alert-title svg{margin-right:8px;fill:currentColor}
.markdown-alert-note{border-left-color:#0969da}.markdown-alert-note .markdown-alert-title{color:#0969da}
.markdown-alert-warning{border-left-color:#9a6700}.markdown-alert-warning .markdown-alert-title{color:#9a6700}
.markdown-alert-caution{border-left-color:#d1242f}.markdown-alert-caution .markdown-alert-title{color:#d1242f}
body{background:#fff;margin:0}
.frame{box-sizing:border-box;width:980px;margin:16px;border:1px solid #d1d9e0;border-radius:6px}
.frame-head{background:#f6f8fa;border-bottom:1px solid #d1d9e0;padding:8px 16px;font:14px -apple-system,Segoe UI,Helvetica,Arial,sans-serif;color:#59636e}
.markdown-body{padding:16px 24px}`;

function page(title: string, markdown: string): string {
  // GitHub hides HTML comments (the hidden marker); marked passes them through, so does the browser.
  return `<!doctype html><html><head><meta charset="utf-8"><style>${css}${ALERT_CSS}</style></head><body>
<div class="frame"><div class="frame-head">${title}</div><article class="markdown-body">${marked.parse(markdown) as string}</article></div></body></html>`;
}

const gh = await startFakeGitHub();
try {
  const ws = mkdtempSync(join(tmpdir(), 'envelope-shot-'));
  cpSync(join(ROOT, 'test/fixtures/terraform-own/update-bucket-key-off'), join(ws, 'infra'), { recursive: true });
  cpSync(join(ROOT, 'test/fixtures/terraform-profile.yaml'), join(ws, 'profile.yaml'));
  const run = await runAction({
    workspace: ws,
    event: pullRequestEvent(7),
    eventName: 'pull_request',
    inputs: { 'plan-json': 'infra/plan.json', profile: 'profile.yaml', target: 'prod', 'fail-on': 'high' },
    apiUrl: gh.url,
    token: 'ghs_screenshot',
  });
  if (run.code !== 0 || gh.comments.length !== 1) throw new Error(`the Action run failed (${run.code}): ${run.stdout}${run.stderr}`);
  const comment = gh.comments[0]!.body;
  writeFileSync(join(ROOT, 'docs/action-comment.md'), comment);

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
  try {
    const tab = await browser.newPage({ viewport: { width: 1012, height: 800 }, deviceScaleFactor: 1 });
    // Open every <details> so the picture shows what a reader sees after expanding them.
    for (const [name, title, md, open] of [
      ['action-comment.png', 'github-actions[bot] commented · pull request #7', comment, false],
      ['action-comment-expanded.png', 'github-actions[bot] commented · pull request #7 (details expanded)', comment, true],
      ['action-summary.png', 'Job summary · envelope', run.summary, false],
    ] as const) {
      await tab.setContent(page(title, md), { waitUntil: 'load' });
      if (open) await tab.evaluate(() => document.querySelectorAll('details').forEach((d) => d.setAttribute('open', '')));
      await tab.locator('.frame').screenshot({ path: join(ROOT, 'docs', name) });
      process.stdout.write(`docs/${name}\n`);
    }
  } finally {
    await browser.close();
  }
} finally {
  await gh.close();
}
