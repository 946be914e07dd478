// Browser helpers for end-to-end tests: the web app built from the current sources (never a stale dist/), and
// editing the YAML editor like a person. Chromium itself is launched by bench/chromium.ts, shared with the bench.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';

export async function buildWebApp(): Promise<string> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'meshlock-web-build-'));
  await build({ configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)), logLevel: 'error', build: { outDir, emptyOutDir: true } });
  return outDir;
}

/** A new page at `width`×`height` whose console errors and uncaught exceptions are added to `problems`. */
export async function watchedPage(browser: Browser, problems: string[], viewport = { width: 1440, height: 960 }): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  page.on('console', (m) => (m.type() === 'error' ? problems.push(m.text()) : undefined));
  page.on('pageerror', (e) => problems.push(e.message));
  return page;
}

/**
 * Replaces the YAML editor's text the way a person pasting does: select all, then a paste event that
 * CodeMirror handles itself. (Typing multi-line text natively makes Chromium's editing engine add style
 * attributes of its own, which the CSP rightly blocks.)
 */
export async function replaceEditorText(page: Page, text: string): Promise<void> {
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.locator('.cm-content').evaluate((content, pasted) => {
    const data = new DataTransfer();
    data.setData('text/plain', pasted);
    content.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
