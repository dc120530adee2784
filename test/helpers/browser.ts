import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (.ci/run installs it); playwright-core downloads no browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless, offline-friendly: no first-run, sync, component updates or background network. */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Starts headless Chromium; close it in an `after` hook. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** Where browser tests save screenshots (git-ignored): `test-output/screenshots/<name>.png`. */
export function screenshotPath(name: string): string {
  const folder = join(process.cwd(), 'test-output', 'screenshots');
  mkdirSync(folder, { recursive: true });
  return join(folder, `${name}.png`);
}
