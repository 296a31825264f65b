import { parseInfotext, readPngParameters, toTxt2imgRequest } from '@sdwebui/infotext';
import { describe, expect, it } from 'vitest';
import { useMocks } from './testing/mock-servers.js';
import { until } from './testing/wait.js';
import { AbortError, ConfigurationError, ConnectionError, createWebuiClient, type JobProgress } from './node.js';

const mock = useMocks();

describe('a txt2img job against the mock, end to end', () => {
  it('reports its own progress to completion, decodes images whose chunk is the infotext, and round-trips to a request', async () => {
    const server = await mock({ stepMs: 15 });
    const client = createWebuiClient({ baseUrl: server.url });
    const job = client.txt2img({ prompt: 'puppy dog', steps: 12, seed: 1234, width: 64, height: 64 });
    const reports: JobProgress[] = [];
    for await (const report of job.progress({ intervalMs: 20 })) reports.push(report);
    const result = await job;

    expect(reports.at(-1)).toMatchObject({ done: true, progress: 1 });
    const running = reports.filter((report) => !report.done && report.step !== null);
    expect(running.length).toBeGreaterThan(1);
    expect(running.every((report) => report.steps === 12 && report.progress >= 0 && report.progress <= 1)).toBe(true);
    expect(running.some((report) => report.progress > 0)).toBe(true);
    const steps = running.map((report) => report.step as number);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));

    expect(result.images).toHaveLength(1);
    const [image] = result.images;
    expect(image?.mimeType).toBe('image/png');
    expect(image?.seed).toBe(1234);
    expect(readPngParameters(image?.bytes as Uint8Array)).toBe(result.info.infotexts[0]);
    expect(image?.infotext).toBe(result.info.infotexts[0]);
    expect(image?.toDataURL().startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
    expect(image?.toBlob().size).toBe(image?.bytes.length);

    const request = toTxt2imgRequest(parseInfotext(result.info.infotexts[0] as string));
    expect(request).toMatchObject({
      prompt: 'puppy dog',
      steps: 12,
      seed: 1234,
      width: 64,
      height: 64,
      sampler_name: 'Euler',
      cfg_scale: 7,
    });
    const again = await client.txt2img(request);
    expect(again.images[0]?.bytes).toEqual(image?.bytes);
  });
});

describe('job.cancel()', () => {
  it('aborts the request, interrupts this job on the server, and leaves the job queued behind it alone', async () => {
    const server = await mock({ stepMs: 10 });
    const client = createWebuiClient({ baseUrl: server.url });
    const long = client.txt2img({ prompt: 'long', steps: 1000 });
    const next = client.txt2img({ prompt: 'next', steps: 5 });
    await until(() => server.state.registry.current === long.taskId && server.state.state.samplingStep > 2);
    expect(server.state.registry.pending).toEqual([next.taskId]);

    await long.cancel();
    await expect(long.result).rejects.toBeInstanceOf(AbortError);
    const result = await next;
    expect(result.info.infotexts[0]).toContain('Steps: 5,');
    expect(server.state.registry.finished).toEqual([long.taskId, next.taskId]);
    expect(server.state.registry.pending).toEqual([]);
    expect(server.requests.filter((request) => request.path === '/sdapi/v1/interrupt')).toHaveLength(1);
  });

  it('interrupts a queued job only once it starts, never the one running before it', async () => {
    const server = await mock({ stepMs: 10 });
    const client = createWebuiClient({ baseUrl: server.url });
    const first = client.txt2img({ prompt: 'first', steps: 20 });
    const queued = client.txt2img({ prompt: 'queued', steps: 1000 });
    await until(() => server.state.registry.pending.includes(queued.taskId));
    const cancelled = queued.cancel();
    const firstResult = await first;
    expect(firstResult.images).toHaveLength(1);
    await cancelled;
    await expect(queued.result).rejects.toBeInstanceOf(AbortError);
    await until(() => server.state.registry.finished.includes(queued.taskId));
    expect(server.state.state.samplingStep).toBeLessThan(1000);
  });
});

describe('client options', () => {
  it('takes credentials out of baseUrl, and no message, error or log line ever holds the password', async () => {
    const server = await mock({ apiAuth: 'me:s3cret-pw' });
    const lines: string[] = [];
    const logger = {
      debug: (message: string, details: object) => lines.push(message, JSON.stringify(details)),
      warn: (message: string) => lines.push(message),
    };
    const url = new URL(server.url);
    const client = createWebuiClient({ baseUrl: `http://me:s3cret-pw@${url.host}`, logger });
    expect((await client.samplers()).length).toBeGreaterThan(10);
    expect(server.requests.at(-1)?.headers.authorization).toBe(
      `Basic ${Buffer.from('me:s3cret-pw').toString('base64')}`,
    );

    const closed = createWebuiClient({
      baseUrl: `http://me:s3cret-pw@127.0.0.1:9/`,
      logger,
      retry: { retries: 1, minDelayMs: 1 },
    });
    const error = await closed.samplers().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ kind: 'unreachable', url: 'http://127.0.0.1:9' });
    expect(lines.length).toBeGreaterThan(3);
    for (const text of [...lines, (error as Error).message, String((error as Error).stack)])
      expect(text).not.toContain('s3cret');
  });

  it('refuses a baseUrl without a scheme, and credentials given twice, with a ConfigurationError', () => {
    expect(() => createWebuiClient({ baseUrl: '127.0.0.1:7860' })).toThrow(ConfigurationError);
    expect(() => createWebuiClient({ baseUrl: 'me:secret@gpu:7860' })).toThrow(
      /must start with http:\/\/ or https:\/\//,
    );
    expect(() => createWebuiClient({ baseUrl: 'http://a:b@gpu:7860', auth: 'a:b' })).toThrow(/given twice/);
  });

  it('sends default headers, gives the raw response of high-level calls, and withOptions() derives a client', async () => {
    const server = await mock();
    const client = createWebuiClient({ baseUrl: server.url, headers: { 'x-team': 'a' } });
    const responses: Response[] = [];
    await client.samplers({ onResponse: (response) => responses.push(response) });
    expect(responses[0]?.status).toBe(200);
    expect(Number(responses[0]?.headers.get('x-process-time'))).toBeGreaterThanOrEqual(0);
    expect(server.requests.at(-1)?.headers['x-team']).toBe('a');

    const job = client.txt2img(
      { steps: 1, width: 16, height: 16 },
      { onResponse: (response) => responses.push(response) },
    );
    await job;
    expect(responses[1]?.headers.get('x-process-time')).toMatch(/^\d+\.\d{1,4}$/);

    const derived = client.withOptions({ headers: { 'x-run': '7' }, timeoutMs: 5_000 });
    await derived.samplers();
    expect(server.requests.at(-1)?.headers).toMatchObject({ 'x-team': 'a', 'x-run': '7' });
  });

  it('gives client.raw standard Requests for its middleware; SDK calls reach fetch as (url, init), past that middleware', async () => {
    const server = await mock();
    const sent: string[] = [];
    const client = createWebuiClient({
      baseUrl: server.url,
      headers: { 'x-team': 'a' },
      fetch: (input, init) => {
        sent.push(input instanceof Request ? `Request ${input.method}` : `${typeof input} ${init?.method}`);
        return fetch(input, init);
      },
    });
    const seen: unknown[] = [];
    client.raw.use({
      onRequest({ request }) {
        seen.push(request);
        request.headers.set('x-middleware', '1');
        return request;
      },
    });
    expect((await client.raw.GET('/sdapi/v1/samplers')).response.status).toBe(200);
    expect(server.requests.at(-1)?.headers['x-middleware']).toBe('1');
    await client.samplers();
    expect(server.requests.at(-1)?.headers).toMatchObject({ 'x-team': 'a' });
    expect(server.requests.at(-1)?.headers['x-middleware']).toBeUndefined();
    await client.txt2img({ steps: 1, width: 16, height: 16 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Request);
    expect(sent).toEqual(['Request GET', 'string GET', 'string POST']);
  });
});
