import { mkdir } from 'node:fs/promises';
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { chromiumRunnable, launchChromium } from '@sdwebui/test-chromium';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQueue, type SdwebuiQueue } from '../producer/index.js';
import type { QueuedJob } from '../producer/queued-job.js';
import { createFileStore } from '../store/index.js';
import { startPool, startScratch, waitFor, type Pool, type Scratch } from '../testing/pool.js';
import { createWorker, type SdwebuiWorker } from '../worker/index.js';
import { serveDashboard, type DashboardServer } from './index.js';

const results = fileURLToPath(new URL('../../test-results/', import.meta.url));
const TOKEN = 'a-dashboard-token-for-tests';
const job = { prompt: 'a <b>bold</b> prompt', steps: 1, width: 64, height: 64 };

let scratch: Scratch;
let pool: Pool;
let queue: SdwebuiQueue;
let worker: SdwebuiWorker;
let dashboard: DashboardServer;
let browser: Browser;
const jobs: Record<string, QueuedJob> = {};

beforeAll(async () => {
  if (!chromiumRunnable) return;
  scratch = await startScratch();
  pool = await startPool(['v1-5-pruned-emaonly'], 20);
  const store = createFileStore({ dir: scratch.storeDir });
  queue = createQueue({
    connection: scratch.redis.url,
    name: 'board',
    store,
    tenants: { 'team a': { weight: 2, maxRunning: 1 }, 'team b': { maxWaiting: 50 } },
  });
  worker = await createWorker({
    connection: scratch.redis.url,
    name: 'board',
    store,
    // The second backend listens nowhere: it is down, and the dashboard says why.
    backends: [{ url: pool.mocks[0]?.url as string, models: ['v1-5-pruned-emaonly'] }, { url: 'http://127.0.0.1:1' }],
    healthIntervalMs: 200,
    progressIntervalMs: 50,
  });
  jobs.done = queue.txt2img(job, { tenant: 'team a' });
  await jobs.done;
  jobs.failed = queue.txt2img({ ...job, sampler_name: 'No Such Sampler' }, { tenant: 'team b' });
  await jobs.failed.result.catch(() => undefined);
  // Cancelled while running, to be retried from the page.
  jobs.stopped = queue.txt2img({ ...job, steps: 100 }, { tenant: 'team a' });
  await waitFor(async () => (await jobs.stopped?.state()) === 'active', 10_000, 'long job running');
  await jobs.stopped.cancel();
  // No backend may serve this model: it waits, to be cancelled from the page.
  jobs.waiting = queue.txt2img(job, { tenant: 'team b', model: 'deliberate_v2' });
  await jobs.waiting.accepted;
  dashboard = await serveDashboard({ connection: scratch.redis.url, name: 'board', store, token: TOKEN });
  browser = await launchChromium();
  await mkdir(results, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await dashboard?.close();
  await worker?.close();
  await queue?.close();
  await pool?.close();
  await scratch?.close();
});

const rowText = (text: string) => text.replace(/\s+/g, ' ').trim();

describe.skipIf(!chromiumRunnable)('queue dashboard in headless Chromium', () => {
  it('shows backends, tenants and jobs, and cancels and retries from the page', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      httpCredentials: { username: 'me', password: TOKEN },
    });
    const page = await context.newPage();
    // Nothing the pages load may leave the dashboard: bull-board's page links Google's fonts, which the
    // dashboard's Content-Security-Policy blocks in the browser (no network is tried).
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(dashboard.url)) elsewhere.push(request.url());
    });
    const blocked: string[] = [];
    page.on('requestfailed', (request) => {
      if (request.failure()?.errorText === 'csp') blocked.push(request.url());
    });
    await page.goto(`${dashboard.url}?refresh=0`);
    const backends = (await page.$$eval('#backends tbody tr', (rows) => rows.map((row) => row.textContent ?? ''))).map(
      rowText,
    );
    expect(backends).toEqual([
      expect.stringMatching(/^127\.0\.0\.1:1 down cannot reach http:\/\/127\.0\.0\.1:1: .* \? idle 0 0$/),
      // Done 1; failed 2 on the backend's own count: the unknown sampler and the cancelled run.
      expect.stringMatching(/^127\.0\.0\.1:\d+ up v1-5-pruned-emaonly.* idle 1 2$/),
    ]);
    const tenants = (await page.$$eval('#tenants tbody tr', (rows) => rows.map((row) => row.textContent ?? ''))).map(
      rowText,
    );
    // name, weight, waiting / max, running / max, done, failed, cancelled
    expect(tenants).toEqual(['team a 2 0 0 / 1 1 0 1', 'team b 1 1 / 50 0 0 1 0']);
    const state = async (id: string) => rowText((await page.textContent(`#job-${id} .state`)) ?? '');
    expect(await state(jobs.done?.id as string)).toBe('done');
    expect(await state(jobs.failed?.id as string)).toBe('failed');
    expect(await state(jobs.stopped?.id as string)).toBe('cancelled');
    expect(await state(jobs.waiting?.id as string)).toBe('waiting #1');
    // The prompt is shown as text, never as markup.
    expect(await page.textContent(`#job-${jobs.done?.id} .prompt`)).toContain('a <b>bold</b> prompt');
    expect(await page.$$('.prompt b')).toHaveLength(0);
    await page.screenshot({ path: `${results}dashboard.png`, fullPage: true });

    // Cancel the waiting job: it is gone from the queue, and the page says so after its reload.
    await page.click(`#job-${jobs.waiting?.id} button[data-action="cancel"]`);
    await page.waitForFunction((id) => !document.getElementById(`job-${id}`), jobs.waiting?.id);
    expect((await jobs.waiting?.summary())?.state).toBe('cancelled');

    // Retry the job cancelled while it ran: it runs again and completes.
    await page.click(`#job-${jobs.stopped?.id} button[data-action="retry"]`);
    await page.waitForFunction(
      (id) => document.getElementById('message')?.textContent?.startsWith(`${id}: `),
      jobs.stopped?.id,
    );
    expect((await queue.get(jobs.stopped?.id as string)).images).toHaveLength(1);
    await page.goto(`${dashboard.url}?refresh=0`);
    expect(await state(jobs.stopped?.id as string)).toBe('done');
    await page.screenshot({ path: `${results}dashboard-after.png`, fullPage: true });

    // bull-board's read-only view of the lanes, named by tenant and model.
    await page.goto(`${dashboard.url}bull/`);
    await page.waitForSelector('text=team b · deliberate_v2');
    await page.screenshot({ path: `${results}dashboard-bull.png`, fullPage: true });
    await page.waitForFunction(() => document.fonts.status === 'loaded');
    expect(elsewhere.length).toBeGreaterThan(0);
    expect(blocked).toEqual(elsewhere);
    await context.close();
  });

  it('refuses requests without the token, naming another host, or from another site', async () => {
    const id = jobs.failed?.id as string;
    const auth = { authorization: `Bearer ${TOKEN}` };
    const post = (headers: Record<string, string>) =>
      fetch(`${dashboard.url}api/jobs/${id}/retry`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{}',
      });
    expect((await fetch(dashboard.url)).status).toBe(401);
    expect((await fetch(dashboard.url, { headers: { authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(
      401,
    );
    expect((await fetch(`${dashboard.url}api/overview`, { headers: auth })).status).toBe(200);
    expect((await post({ ...auth, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post({ ...auth, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post({ ...auth, 'content-type': 'text/plain' })).status).toBe(415);
    // As a page reached through DNS rebinding would send it: another name in Host (fetch sets Host itself).
    const rebound = await new Promise<number>((resolve, reject) => {
      const headers = { ...auth, host: `evil.example:${dashboard.port}` };
      get(`${dashboard.url}api/overview`, { headers }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(rebound).toBe(403);
    expect((await jobs.failed?.summary())?.state).toBe('failed');
    // bull-board's own actions are refused: it is read-only.
    const lane = (await (await fetch(`${dashboard.url}bull/api/queues`, { headers: auth })).json()) as {
      queues: Array<{ name: string }>;
    };
    const name = lane.queues[0]?.name as string;
    const retryAll = await fetch(`${dashboard.url}bull/api/queues/${encodeURIComponent(name)}/retry/failed`, {
      method: 'PUT',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(retryAll.status).toBe(405);
  });
});
