import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BROWSER_MOCK_WORKER } from '@sdwebui/mock';
import { launchChromium } from '@sdwebui/test-chromium';
import type { CheckResult, SubsetTarget } from '../subset/index.js';

/** The page script: the subset and the SDK's `browser` build, bundled as a web app would. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../entries/page.js', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    // Only reached for file-path image inputs, which browsers never pass (as in the client's own browser test).
    external: ['node:*'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text as string;
}

/** A loopback origin serving the page, so its requests to the loopback mock are same-site (CORS allowed by the mock). */
export interface PageServer {
  url: string;
  close(): void;
}

export async function startPageServer(): Promise<PageServer> {
  const script = await bundlePage();
  const worker = readFileSync(BROWSER_MOCK_WORKER);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/subset.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (path === '/sdwebui-mock-sw.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(worker);
    // Nothing of the webui is served here: the browser-mock row's calls are answered by its Service Worker or fail.
    else if (path !== '/') response.writeHead(404).end();
    else
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!doctype html><title>runtime matrix</title><script type="module" src="/subset.js"></script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

/**
 * Runs the subset in a headless Chromium page served by `page`; with `mockInPage`, against the page's
 * own browser mock (a Service Worker on the page's origin) instead of `target.baseUrl`.
 */
export async function runInChromium(
  page: PageServer,
  target: SubsetTarget,
  mockInPage = false,
): Promise<CheckResult[]> {
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage();
    await tab.goto(page.url);
    await tab.waitForFunction(() => 'runSubset' in globalThis);
    if (mockInPage) {
      const origin = await tab.evaluate(
        (auth) =>
          (globalThis as unknown as { startMockInPage: (auth: string) => Promise<string> }).startMockInPage(auth),
        target.auth,
      );
      target = { ...target, baseUrl: origin };
    }
    return await tab.evaluate(
      (value) =>
        (globalThis as unknown as { runSubset: (target: SubsetTarget) => Promise<CheckResult[]> }).runSubset(value),
      target,
    );
  } finally {
    await browser.close();
  }
}
