import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import { chromiumRunnable, launchChromium } from '@sdwebui/test-chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let browser: Browser;
let page: Server;
let pageUrl: string;
let mock: MockServer;

/** The client's browser build (the `default` export condition), bundled the way an app would. */
async function bundleClient(): Promise<string> {
  const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    // Only reached for file-path image inputs, which browsers never pass.
    external: ['node:*'],
  });
  return result.outputFiles[0]?.text as string;
}

beforeAll(async () => {
  if (!chromiumRunnable) return;
  const bundle = await bundleClient();
  page = createServer((request, response) => {
    if (request.url === '/client.js') response.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    else {
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          '<!doctype html><title>sdwebui client test</title><script type="module">import * as sdwebui from "/client.js"; window.sdwebui = sdwebui;</script>',
        );
    }
  });
  await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
  // ASCII: FastAPI's HTTPBasic decodes credentials as ASCII, so the webui refuses any other password.
  mock = await createMockServer({ stepMs: 10, apiAuth: 'user:s3cret-word', corsAllowOrigins: [pageUrl] });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  page?.close();
});

describe.skipIf(!chromiumRunnable)('@sdwebui/client in headless Chromium against the mock', () => {
  it('generates with progress, decodes, reads metadata locally, cancels, authenticates', async () => {
    const tab = await browser.newPage();
    await tab.goto(pageUrl);
    await tab.waitForFunction(() => 'sdwebui' in window);
    const outcome = await tab.evaluate(async (baseUrl) => {
      const { createWebuiClient } = (window as unknown as { sdwebui: typeof import('./index.js') }).sdwebui;
      const client = createWebuiClient({ baseUrl, auth: 'user:s3cret-word' });
      const job = client.txt2img({ prompt: 'browser puppy', steps: 10, width: 32, height: 32 });
      const reports: Array<{ step: number | null; done: boolean; progress: number }> = [];
      for await (const report of job.progress({ intervalMs: 20 })) reports.push(report);
      const result = await job;
      const image = result.images[0] as (typeof result.images)[number];
      const local = await client.readImageInfo(image.toBlob());
      const long = client.txt2img({ prompt: 'long', steps: 5000 });
      let started = false;
      for await (const report of long.progress({ intervalMs: 20 })) {
        if (report.step) {
          started = true;
          break;
        }
      }
      await long.cancel();
      const cancelled = await long.result.then(
        () => 'resolved',
        (error: Error) => error.name,
      );
      const unauthorized = await createWebuiClient({ baseUrl })
        .samplers()
        .then(
          () => 'ok',
          (error: Error) => error.name,
        );
      return {
        steps: reports.filter((report) => report.step).map((report) => report.step),
        last: reports.at(-1),
        mimeType: image.mimeType,
        dataUrl: image.toDataURL().slice(0, 30),
        infotext: image.infotext,
        localPrompt: local.parameters?.prompt,
        localInfotext: local.infotext,
        started,
        cancelled,
        unauthorized,
      };
    }, mock.url);
    // A 100 ms job may finish before the first poll on a busy machine: its step reports, if any, count
    // up within the job; the long job below is what must report a step before it is cancelled.
    expect(outcome.steps).toEqual([...outcome.steps].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(outcome.steps.every((step) => step !== null && step >= 1 && step <= 10)).toBe(true);
    expect(outcome.last).toMatchObject({ done: true, progress: 1 });
    expect(outcome.mimeType).toBe('image/png');
    expect(outcome.dataUrl).toBe('data:image/png;base64,iVBORw0K');
    expect(outcome.infotext).toMatch(/^browser puppy\nSteps: 10, /);
    expect(outcome.localInfotext).toBe(outcome.infotext);
    expect(outcome.localPrompt).toBe('browser puppy');
    expect(outcome).toMatchObject({ started: true, cancelled: 'AbortError', unauthorized: 'AuthError' });
    expect(mock.state.registry.pending).toEqual([]);
    expect(mock.state.state.samplingStep).toBeLessThan(5000);
  }, 60_000);
});
