import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueConfigError, WebhookVerificationError } from '../errors/index.js';
import { createQueue, type SdwebuiQueue } from '../producer/index.js';
import { createFileStore } from '../store/index.js';
import { startPool, startScratch, waitFor } from '../testing/pool.js';
import type { WorkerEvent } from '../worker/events.js';
import { createWorker, type WorkerOptions } from '../worker/index.js';
import { verifyWebhook } from './verify.js';

const SECRET = `whsec_${Buffer.from('a test secret of 32 bytes, fixed').toString('base64')}`;

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
  path: string;
}

/** A receiver on a loopback address that answers each POST with `answer` (the n-th call gets n). */
async function startReceiver(
  answer: (response: ServerResponse, call: number) => void,
  host = '127.0.0.1',
  port = 0,
): Promise<{ url: string; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({ headers: request.headers, body, path: request.url ?? '' });
      answer(response, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  cleanups.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://${host}:${bound}`, port: bound, seen };
}

const ok = (response: ServerResponse) => response.writeHead(204).end();

async function startFarm(webhooks: WorkerOptions['webhooks']): Promise<{ queue: SdwebuiQueue; events: WorkerEvent[] }> {
  const scratch = await startScratch();
  cleanups.push(() => scratch.close());
  const pool = await startPool(['v1-5-pruned-emaonly'], 1);
  cleanups.push(() => pool.close());
  const store = createFileStore({ dir: scratch.storeDir });
  const queue = createQueue({ connection: scratch.redis.url, name: 'hooks', store });
  cleanups.push(() => queue.close());
  const worker = await createWorker({
    connection: scratch.redis.url,
    name: 'hooks',
    store,
    backends: pool.mocks.map((mock) => ({ url: mock.url })),
    ...(webhooks ? { webhooks } : {}),
  });
  cleanups.push(() => worker.close());
  const events: WorkerEvent[] = [];
  worker.on('event', (event: WorkerEvent) => events.push(event));
  return { queue, events };
}

const job = { prompt: 'p', steps: 1, width: 64, height: 64 };
const hookEvents = (events: WorkerEvent[], jobId: string) =>
  events.filter((event) => event.type.startsWith('webhook-') && 'jobId' in event && event.jobId === jobId);
const finalEvent = (events: WorkerEvent[], jobId: string) =>
  hookEvents(events, jobId).find(
    (event) => event.type === 'webhook-delivered' || (event.type === 'webhook-failed' && event.final),
  );

describe('webhooks', () => {
  it('POSTs a signed summary when a job completes and when it fails; verifyWebhook checks it', async () => {
    const receiver = await startReceiver(ok);
    const { queue, events } = await startFarm({ secret: SECRET, allowPrivateAddresses: true });
    const done = queue.txt2img(job, { callbackUrl: `${receiver.url}/done?token=t1`, tenant: 'team a' });
    await done;
    const failed = queue.txt2img(
      { ...job, sampler_name: 'No Such Sampler' },
      { callbackUrl: `${receiver.url}/failed` },
    );
    await expect(failed.result).rejects.toThrow();
    await waitFor(() => receiver.seen.length === 2, 20_000, 'two webhooks');

    const byPath = Object.fromEntries(receiver.seen.map((seen) => [seen.path, seen]));
    const completed = byPath['/done?token=t1'] as Seen;
    const event = verifyWebhook(SECRET, completed.headers, completed.body);
    expect(event).toMatchObject({
      type: 'job.completed',
      data: {
        id: done.id,
        state: 'done',
        tenant: 'team a',
        images: [{ key: `${done.id}/0.png`, mimeType: 'image/png' }],
      },
    });
    expect(completed.headers['content-type']).toBe('application/json');
    expect(completed.headers['webhook-id']).toMatch(new RegExp(`^msg_${done.id}_\\d+$`));
    const failure = verifyWebhook(
      SECRET,
      new Headers(byPath['/failed']?.headers as Record<string, string>),
      byPath['/failed']?.body as string,
    );
    expect(failure).toMatchObject({
      type: 'job.failed',
      data: {
        id: failed.id,
        state: 'failed',
        tenant: 'default',
        error: { name: 'NotFoundError', kind: 'unknown-name' },
      },
    });

    // Anything else does not verify: a changed body, another secret, a stale timestamp.
    expect(() => verifyWebhook(SECRET, completed.headers, completed.body.replace('done', 'dona'))).toThrow(
      WebhookVerificationError,
    );
    const other = `whsec_${Buffer.from('another secret, 32 bytes long!!').toString('base64')}`;
    expect(() => verifyWebhook(other, completed.headers, completed.body)).toThrow(WebhookVerificationError);
    const stale = new Date(Date.now() - 10 * 60_000);
    const headers = {
      'webhook-id': 'msg_x',
      'webhook-timestamp': String(Math.floor(stale.getTime() / 1000)),
      'webhook-signature': new Webhook(SECRET).sign('msg_x', stale, completed.body),
    };
    expect(() => verifyWebhook(SECRET, headers, completed.body)).toThrow(/too old/);
    expect(hookEvents(events, done.id)).toEqual([
      expect.objectContaining({ type: 'webhook-delivered', status: 204, attempts: 1 }),
    ]);
    // Events name the receiver by host only: no path or token, and never the secret.
    expect(JSON.stringify(events)).not.toContain('token=t1');
    expect(JSON.stringify(events)).not.toContain(SECRET.slice(6));
  });

  it('retries a receiver that fails with backoff, under the same webhook-id, and gives up on a 4xx at once', async () => {
    const flaky = await startReceiver((response, call) => response.writeHead(call < 3 ? 503 : 200).end());
    const refusing = await startReceiver((response) => response.writeHead(400).end('no'));
    const { queue, events } = await startFarm({ secret: SECRET, allowPrivateAddresses: true, backoffMs: 10 });
    const retried = queue.txt2img(job, { callbackUrl: flaky.url });
    const refused = queue.txt2img(job, { callbackUrl: refusing.url });
    await Promise.all([retried.result, refused.result]);
    await waitFor(() => finalEvent(events, retried.id) !== undefined && finalEvent(events, refused.id) !== undefined);
    expect(flaky.seen).toHaveLength(3);
    expect(new Set(flaky.seen.map((seen) => seen.headers['webhook-id'])).size).toBe(1);
    for (const seen of flaky.seen) expect(verifyWebhook(SECRET, seen.headers, seen.body).data.id).toBe(retried.id);
    expect(finalEvent(events, retried.id)).toMatchObject({ type: 'webhook-delivered', status: 200, attempts: 3 });
    expect(refusing.seen).toHaveLength(1);
    expect(finalEvent(events, refused.id)).toMatchObject({
      type: 'webhook-failed',
      reason: 'answered 400',
      final: true,
    });
  });

  it('survives hostile receivers: a redirect is not followed, a hung one times out, an endless body is not read', async () => {
    const internal = await startReceiver(ok);
    const redirecting = await startReceiver((response) =>
      response.writeHead(307, { location: `${internal.url}/admin` }).end(),
    );
    const hung = await startReceiver(() => undefined);
    const endless = await startReceiver((response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const timer = setInterval(() => response.write(chunk), 5);
      response.on('close', () => clearInterval(timer));
    });
    const { queue, events } = await startFarm({
      secret: SECRET,
      allowPrivateAddresses: true,
      attempts: 2,
      backoffMs: 10,
      timeoutMs: 2_000,
    });
    const jobs = [redirecting, hung, endless].map((receiver) => queue.txt2img(job, { callbackUrl: receiver.url }));
    await Promise.all(jobs.map((queued) => queued.result));
    const [toRedirect, toHung, toEndless] = jobs.map((queued) => queued.id) as [string, string, string];
    await waitFor(
      () => jobs.every((queued) => finalEvent(events, queued.id) !== undefined),
      30_000,
      'every webhook settled',
    );
    expect(finalEvent(events, toRedirect)).toMatchObject({ type: 'webhook-failed', final: true, attempt: 1 });
    expect(internal.seen).toHaveLength(0);
    expect(finalEvent(events, toHung)).toMatchObject({ type: 'webhook-failed', final: true, attempt: 2 });
    expect(hung.seen).toHaveLength(2);
    expect(finalEvent(events, toEndless)).toMatchObject({ type: 'webhook-delivered', status: 200 });
    // Meanwhile the farm kept running jobs.
    expect((await queue.txt2img(job)).images).toHaveLength(1);
  });

  it('never sends to a private address unless allowed: literal, mapped, resolved, or one bad address among good ones', async () => {
    const receiver = await startReceiver(ok);
    const resolved: string[] = [];
    const { queue, events } = await startFarm({
      secret: SECRET,
      backoffMs: 10,
      // Stands in for DNS: a name with a public address and a private one. Nothing is ever connected to.
      resolve: async (hostname) => {
        resolved.push(hostname);
        return hostname === 'mixed.example' ? ['8.8.8.8', '10.0.0.7'] : ['127.0.0.1'];
      },
    });
    const port = receiver.port;
    const urls = [
      receiver.url,
      `http://[::1]:${port}/`,
      `http://[::ffff:127.0.0.1]:${port}/`,
      `http://0.0.0.0:${port}/`,
      `http://169.254.169.254:${port}/latest/meta-data`,
      `http://[fd00::1]:${port}/`,
      `http://loopback.example:${port}/`,
      `http://mixed.example:${port}/`,
    ];
    const jobs = urls.map((url) => queue.txt2img(job, { callbackUrl: url }));
    await Promise.all(jobs.map((queued) => queued.result));
    await waitFor(
      () => jobs.every((queued) => finalEvent(events, queued.id) !== undefined),
      30_000,
      'every webhook settled',
    );
    for (const queued of jobs)
      expect(finalEvent(events, queued.id)).toMatchObject({
        type: 'webhook-failed',
        final: true,
        attempt: 1,
        reason: expect.stringMatching(/is not a public address/),
      });
    expect(receiver.seen).toHaveLength(0);
    expect(resolved.sort()).toEqual(['loopback.example', 'mixed.example']);
  });

  it('connects to the address it checked: a second, different DNS answer (rebinding) is never used', async () => {
    const checked = await startReceiver(ok, '127.0.0.1');
    const rebound = await startReceiver(ok, '127.0.0.2', checked.port);
    let lookups = 0;
    const { queue, events } = await startFarm({
      secret: SECRET,
      allowPrivateAddresses: true,
      resolve: async () => (++lookups === 1 ? ['127.0.0.1'] : ['127.0.0.2']),
    });
    const queued = queue.txt2img(job, { callbackUrl: `http://hook.example:${checked.port}/in` });
    await queued;
    await waitFor(() => finalEvent(events, queued.id) !== undefined);
    expect(checked.seen).toHaveLength(1);
    expect(checked.seen[0]?.headers.host).toBe(`hook.example:${checked.port}`);
    expect(rebound.seen).toHaveLength(0);
    expect(lookups).toBe(1);
  });

  it('sends nothing without a secret, and refuses callback URLs it could not send or would expose', async () => {
    const receiver = await startReceiver(ok);
    const { queue, events } = await startFarm(undefined);
    const queued = queue.txt2img(job, { callbackUrl: receiver.url });
    await queued;
    await waitFor(() => finalEvent(events, queued.id) !== undefined);
    expect(finalEvent(events, queued.id)).toMatchObject({
      type: 'webhook-failed',
      reason: expect.stringMatching(/no webhook secret/),
    });
    expect(receiver.seen).toHaveLength(0);
    for (const url of ['ftp://host/x', 'http://user:pw@host/x', `https://host/${'a'.repeat(2100)}`, 'not a url'])
      expect(() => queue.txt2img(job, { callbackUrl: url }), url).toThrow(QueueConfigError);
    const badSecret = { secret: 'not base64!' };
    expect(() =>
      createWorker({
        connection: 'redis://127.0.0.1:1',
        backends: [{ url: 'http://127.0.0.1:1' }],
        webhooks: badSecret,
      }),
    ).toThrow(/webhook secret must be base64/);
  });
});
