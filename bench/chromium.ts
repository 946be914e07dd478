// Debian Chromium driven by playwright-core, for the console bench and the end-to-end tests. Never downloads
// a browser: a machine without /usr/bin/chromium fails with the command that installs it.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Software WebGL (SwiftShader) instead of no GPU at all, for measuring a WebGL renderer on a machine without one. */
export const SOFTWARE_WEBGL_ARGS = CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu').concat(['--use-angle=swiftshader', '--enable-unsafe-swiftshader']);

export async function launchChromium(args: readonly string[] = CHROMIUM_ARGS): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with \`apt-get install -y chromium\` (npm run test:all does)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...args] });
}
