// One console served to Debian Chromium for an end-to-end test file: the web app built from the current
// sources, a TestConsole on loopback, and pages that collect console errors. Set up before the file's
// tests and removed after them; screenshots go to a fresh test-results folder.
import { mkdirSync, rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../../bench/chromium.js';
import { buildWebApp, watchedPage } from '../../src/testing/browser.js';
import { testConsole, type TestConsole, type TestConsoleOptions } from '../../src/testing/console-server.js';

export interface ChromiumConsole {
  /** The console's base URL, `http://127.0.0.1:PORT` (set once the file's setup ran). */
  readonly base: string;
  readonly console: TestConsole;
  /** Console errors and uncaught exceptions of every page opened with newPage(). */
  readonly problems: string[];
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
}

export function consoleInChromium(shots: string, options: Omit<TestConsoleOptions, 'webRoot'> = {}): ChromiumConsole {
  let webRoot: string | undefined;
  let browser: Browser | undefined;
  let served: TestConsole | undefined;
  let base: string | undefined;
  const problems: string[] = [];

  beforeAll(async () => {
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
    webRoot = await buildWebApp();
    browser = await launchChromium();
    served = await testConsole({ ...options, webRoot });
    base = await served.listen();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (webRoot) rmSync(webRoot, { recursive: true, force: true });
  });

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the console in Chromium is not set up yet (use it inside a test)');
    return value;
  };
  return {
    get base() {
      return ready(base);
    },
    get console() {
      return ready(served);
    },
    problems,
    newPage: (viewport) => watchedPage(ready(browser), problems, viewport),
  };
}

/**
 * Presses Tab from the graph's Legend button until the graph canvas has the focus (at most 10 presses), as a
 * keyboard user reaches it; false when it never does.
 */
export async function tabIntoGraph(page: Page): Promise<boolean> {
  await page.getByRole('button', { name: 'Legend' }).focus();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.classList.contains('ml-graph-cy') ?? false)) return true;
  }
  return false;
}

/**
 * Resolves once the page's running transitions have ended (a menu or tooltip fading in, the navigation sliding
 * in), so a screenshot shows where they land rather than a frame halfway.
 */
export async function transitionsEnded(page: Page): Promise<void> {
  await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity).map((a) => a.finished.catch(() => undefined))));
}
