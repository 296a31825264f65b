import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import type { Browser, Page } from 'playwright-core';
import { chromiumRunnable, launchChromium } from '@sdwebui/test-chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MockWindow } from './main.js';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const results = fileURLToPath(new URL('../test-results/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

let browser: Browser;
let site: Server;
let origin: string;
let mock: MockServer;

beforeAll(async () => {
  if (!chromiumRunnable) return;
  if (!existsSync(join(dist, 'index.html')))
    throw new Error('apps/web/dist is missing: run the package build first (pnpm build)');
  site = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = join(dist, path === '/' ? 'index.html' : path);
    const body = await readFile(file).catch(() => undefined);
    if (body === undefined) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  mock = await createMockServer({ stepMs: 30, corsAllowOrigins: [origin] });
  browser = await launchChromium();
  await mkdir(results, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await mock?.close();
  site?.close();
});

async function open(webui: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  await page.goto(`${origin}/?webui=${encodeURIComponent(webui)}`);
  return page;
}

/** Connects, generates with progress, shows the result with its infotext, and the download keeps the metadata. */
async function generatesAndShows(page: Page, screenshot: string): Promise<void> {
  await page.waitForSelector('#status.ok');
  expect(await page.textContent('#status')).toMatch(/^Connected: webui v1\.10\.1, 3 models$/);
  expect(await page.$$eval('#sampler option', (options) => options.length)).toBe(20);
  await page.fill('#prompt', 'a lighthouse at dusk');
  await page.fill('#steps', '12');
  await page.fill('#width', '256');
  await page.fill('#height', '192');
  await page.click('#run');
  await page.waitForFunction(() => /^step \d+\/12$/.test(document.getElementById('progress-text')?.textContent ?? ''));
  await page.waitForSelector('#gallery figure');
  const caption = await page.textContent('#gallery figure pre');
  expect(caption).toMatch(
    /^a lighthouse at dusk\nSteps: 12, Sampler: Euler, .*Size: 256x192, .*Model: v1-5-pruned-emaonly/,
  );
  const downloaded = await page.$eval('#gallery figure a', async (link) => {
    const bytes = new Uint8Array(await (await fetch((link as HTMLAnchorElement).href)).arrayBuffer());
    return new TextDecoder('latin1').decode(bytes);
  });
  expect(downloaded).toContain(`tEXtparameters\u0000${caption}`);
  await page.screenshot({ path: join(results, screenshot), fullPage: true });
}

describe.skipIf(!chromiumRunnable)('the web app in headless Chromium against the mock', () => {
  it('connects, generates with progress, shows the result with its infotext, and the download keeps the metadata', async () => {
    const page = await open(mock.url);
    await generatesAndShows(page, 'web-app.png');
    await page.close();
  });

  it('cancels a running job: the server interrupts it', async () => {
    const page = await open(mock.url);
    await page.waitForSelector('#status.ok');
    await page.fill('#steps', '150');
    await page.fill('#width', '64');
    await page.fill('#height', '64');
    await page.click('#run');
    await page.waitForFunction(() =>
      /^step \d+\/150$/.test(document.getElementById('progress-text')?.textContent ?? ''),
    );
    await page.click('#cancel');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Cancelled'));
    expect(mock.state.state.samplingStep).toBeLessThan(150);
    await page.close();
  });

  it("fills the form from a dropped PNG's infotext, read locally", async () => {
    const made = await (
      await fetch(`${mock.url}/sdapi/v1/txt2img`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'read me back', steps: 7, width: 64, height: 96, seed: 42 }),
      })
    ).json();
    const file = join(results, 'dropped.png');
    await writeFile(file, Buffer.from((made as { images: string[] }).images[0] as string, 'base64'));
    const page = await open(mock.url);
    await page.waitForSelector('#status.ok');
    await page.setInputFiles('#file', file);
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Read the parameters'));
    expect(await page.inputValue('#prompt')).toBe('read me back');
    expect([
      await page.inputValue('#steps'),
      await page.inputValue('#width'),
      await page.inputValue('#height'),
      await page.inputValue('#seed'),
    ]).toEqual(['7', '64', '96', '42']);
    await page.close();
  });

  it('tells the user when the webui is down or needs credentials', async () => {
    const down = await createMockServer();
    await down.close();
    const page = await open(down.url);
    await page.waitForSelector('#status.error');
    expect(await page.textContent('#status')).toBe(
      `Cannot reach the webui at ${down.url}. Is it running with --api, and with --cors-allow-origins=${origin}?`,
    );
    const locked = await createMockServer({ apiAuth: 'me:secret', corsAllowOrigins: [origin] });
    try {
      const guarded = await open(locked.url);
      await guarded.waitForSelector('#status.error');
      expect(await guarded.textContent('#status')).toContain('needs credentials');
      await guarded.fill('#auth', 'me:secret');
      await guarded.click('#connect button');
      await guarded.waitForSelector('#status.ok');
    } finally {
      await locked.close();
    }
    await page.close();
  });
});

describe.skipIf(!chromiumRunnable)(
  'the web app with the mock inside the page (`?mock=browser`: a Service Worker, no server)',
  () => {
    it('connects, generates with progress and shows the result, every answer from the Service Worker', async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
      const answeredBySite: string[] = [];
      page.on('response', (response) => {
        if (!response.fromServiceWorker() && new URL(response.url()).pathname.startsWith('/sdapi/')) {
          answeredBySite.push(response.url());
        }
      });
      await page.goto(`${origin}/?mock=browser&stepMs=30`);
      await generatesAndShows(page, 'web-app-browser-mock.png');
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(
        /\/sdwebui-mock-sw\.js\?stepMs=30$/,
      );
      // The site server answers 404 to /sdapi/*: every webui call was the Service Worker's.
      expect(answeredBySite).toEqual([]);
      await page.close();
    });

    it('answers what a test overrides, for one request, then the mock again', async () => {
      const page = await browser.newPage();
      await page.goto(`${origin}/?mock=browser&stepMs=1`);
      await page.waitForSelector('#status.ok');
      await page.evaluate(async () => {
        const mock = (window as MockWindow).sdwebuiMock;
        // Typed from the generated paths: a route, a method or a declared body the spec does not have fails to compile.
        // @ts-expect-error: no such route
        void mock?.override('post', '/sdapi/v1/txt3img', { status: 200, body: {} });
        // @ts-expect-error: txt2img has no GET
        void mock?.override('get', '/sdapi/v1/txt2img', { status: 200, body: {} });
        // @ts-expect-error: a 200 of txt2img has `images: string[]`
        void mock?.override('post', '/sdapi/v1/txt2img', { status: 200, body: { images: 5 } });
        await mock?.reset();
        await mock?.override('post', '/sdapi/v1/txt2img', {
          status: 500,
          body: { error: 'OutOfMemoryError', detail: 'CUDA out of memory', body: '', errors: '' },
          times: 1,
        });
      });
      await page.fill('#steps', '2');
      await page.click('#run');
      await page.waitForSelector('#status.error');
      expect(await page.textContent('#status')).toContain('CUDA out of memory');
      await page.click('#run');
      await page.waitForSelector('#gallery figure');
      await page.close();
    });
  },
);
