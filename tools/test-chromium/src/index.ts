import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's package; a browser is never downloaded (`.ci/run` installs this one). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Whether browser tests run here. In CI they always do, so a missing Chromium fails them
 * instead of skipping them quietly.
 */
export const chromiumRunnable = existsSync(CHROMIUM_PATH) || process.env.CI === 'true';

/**
 * Headless, and quiet on the network: no QUIC, sync, component updates or background requests
 * reach out of the machine, so a test only ever talks to the loopback servers it starts.
 * `--no-sandbox` because CI runs as root.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
