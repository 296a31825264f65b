import { readImageParameters } from '@sdwebui/infotext';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ApiError, BadResponseError, NotFoundError, RateLimitError, UnsupportedError } from '../../core/errors.js';
import { createWebuiClient, type JobProgress } from '../../node.js';
import { useMocks } from '../../testing/mock-servers.js';

// The SDK against the mock's sdnext profile (SD.Next @ 058a7f0, emulated from its own API code), with
// the target given and left to detect().
const mock = useMocks();
const sdnext = async (options: Parameters<typeof mock>[0] = {}) => mock({ profile: 'sdnext', stepMs: 5, ...options });

describe('the SDK on SD.Next', () => {
  it("types client.raw with SD.Next's routes for target 'sdnext'", async () => {
    const client = createWebuiClient({ baseUrl: (await sdnext()).url, target: 'sdnext' });
    const { data } = await client.raw.GET('/sdapi/v1/checkpoint');
    expectTypeOf(data).toEqualTypeOf<
      | {
          type: string | null;
          class: string | null;
          checkpoint?: string;
          title?: string;
          name?: string;
          filename?: string;
          hash?: string | null;
        }
      | undefined
    >();
    expect(data).toMatchObject({ type: 'sdxl', title: 'sd_xl_base_1.0 [31e35c80fc]' });
    // The client README's snippet, as written there.
    const { images } = await client.txt2img({ prompt: 'puppy dog', steps: 2, width: 64, height: 64 });
    const caption = await client.raw.POST('/sdapi/v1/caption', {
      body: { backend: 'openclip', image: images[0]?.toDataURL() as string },
    });
    expect(caption.response.status).not.toBe(404);
  });

  it("types txt2img's fields and the settings as SD.Next's for target 'sdnext'", async () => {
    const server = await sdnext();
    const client = createWebuiClient({ baseUrl: server.url, target: 'sdnext' });
    // SD.Next's own fields: A1111's types have neither.
    await client.txt2img({
      prompt: 'x',
      steps: 1,
      width: 64,
      height: 64,
      guidance_rescale: 0.5,
      detailer_enabled: false,
    });
    expect(server.requests.at(-1)?.body).toMatchObject({ guidance_rescale: 0.5, detailer_enabled: false });
    expectTypeOf(await client.getOptions()).toEqualTypeOf<Record<string, unknown>>();
    const a1111 = createWebuiClient({ baseUrl: server.url });
    // @ts-expect-error A1111's txt2img has no guidance_rescale
    expectTypeOf(a1111.txt2img).toBeCallableWith({ guidance_rescale: 0.5 });
  });

  it.each([['sdnext' as const], [undefined]])(
    'target %s: detects SD.Next by its version route and generates JPEGs whose EXIF holds the infotext',
    async (target) => {
      const client = createWebuiClient({ baseUrl: (await sdnext()).url, ...(target ? { target } : {}) });
      const profile = await client.detect();
      expect([profile.fork, profile.version]).toEqual(['sdnext', 'sd.next 2026-07-23 058a7f0cf']);
      const { images, info } = await client.txt2img({ prompt: 'a jpeg', steps: 2, width: 64, height: 64 });
      expect(images[0]?.mimeType).toBe('image/jpeg');
      expect(readImageParameters(images[0]?.bytes as Uint8Array)).toBe(info.infotexts[0]);
      expect((await client.readImageInfo(images[0]?.bytes as Uint8Array)).parameters?.prompt).toBe('a jpeg');
    },
  );

  it('reports progress with the id SD.Next gives the running job', async () => {
    const client = createWebuiClient({ baseUrl: (await sdnext({ stepMs: 20 })).url, target: 'sdnext' });
    const job = client.txt2img({ prompt: 'progress', steps: 20, width: 64, height: 64 });
    const reports: JobProgress[] = [];
    for await (const report of job.progress({ intervalMs: 20 })) reports.push(report);
    const running = reports.filter((report) => report.step !== null);
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((report) => report.serverTaskId !== undefined)).toBe(true);
    expect(reports.at(-1)?.done).toBe(true);
  });

  it('lists models, samplers, embeddings (names), no separate schedulers; options round trip', async () => {
    const server = await sdnext();
    const client = createWebuiClient({ baseUrl: server.url, target: 'sdnext' });
    expect((await client.listModels()).map((model) => model.name)).toContain('sd15/v1-5-pruned-emaonly');
    expect((await client.samplers()).map((sampler) => sampler.name)).toContain('Euler a');
    expect(await client.embeddings()).toEqual({ loaded: [], skipped: [] });
    const before = server.requests.length;
    expect(await client.schedulers()).toEqual([]);
    expect(server.requests.length).toBe(before);
    await client.setOptions({ jpeg_quality: 81 });
    expect((await client.getOptions()).jpeg_quality).toBe(81);
  });

  it("refuses interrogate, naming SD.Next's caption routes", async () => {
    const client = createWebuiClient({ baseUrl: (await sdnext()).url });
    const error = await client.interrogate(new Uint8Array([1])).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnsupportedError);
    expect((error as Error).message).toContain('POST /sdapi/v1/caption');
  });

  it('switches the model through /sdapi/v1/checkpoint in sticky mode; per request through override_settings', async () => {
    const server = await sdnext();
    const client = createWebuiClient({ baseUrl: server.url, target: 'sdnext', modelMode: 'sticky' });
    const model = /Model: ([^,]+)/;
    const first = await client.txt2img(
      { prompt: 'x', steps: 1, width: 64, height: 64 },
      { model: 'sd15/v1-5-pruned-emaonly' },
    );
    expect(model.exec(first.info.infotexts[0] as string)?.[1]).toBe('v1-5-pruned-emaonly');
    await client.txt2img({ prompt: 'x', steps: 1, width: 64, height: 64 }, { model: 'sd15/v1-5-pruned-emaonly' });
    const switches = server.requests.filter(
      (request) => request.path === '/sdapi/v1/checkpoint' && request.method === 'POST',
    );
    expect(switches).toHaveLength(1);
    expect(server.requests.some((request) => request.path === '/sdapi/v1/options' && request.method === 'POST')).toBe(
      false,
    );
    const perRequest = createWebuiClient({ baseUrl: server.url, target: 'sdnext' });
    const other = await perRequest.txt2img(
      { prompt: 'x', steps: 1, width: 64, height: 64 },
      { model: 'sd_xl_base_1.0' },
    );
    expect(model.exec(other.info.infotexts[0] as string)?.[1]).toBe('sd_xl_base_1.0');
  });

  it('sends a checkpoint named by its base name as its title (SD.Next drops names it does not know); refuses a scheduler', async () => {
    const server = await sdnext();
    const client = createWebuiClient({ baseUrl: server.url });
    const made = await client.txt2img(
      { prompt: 'x', steps: 1, width: 64, height: 64 },
      { model: 'v1-5-pruned-emaonly' },
    );
    expect(/Model: ([^,]+)/.exec(made.info.infotexts[0] as string)?.[1]).toBe('v1-5-pruned-emaonly');
    const sent = server.requests.filter((request) => request.path === '/sdapi/v1/txt2img').at(-1)?.body;
    expect(sent).toMatchObject({ override_settings: { sd_model_checkpoint: 'sd15/v1-5-pruned-emaonly [6ce0161689]' } });
    const unknown = await client.txt2img({ prompt: 'x' }, { model: 'nope' }).result.catch((caught: unknown) => caught);
    expect((unknown as Error).message).toMatch(/unknown model "nope"/);
    const scheduler = await client
      .txt2img({ prompt: 'x', scheduler: 'Karras' })
      .result.catch((caught: unknown) => caught);
    expect(scheduler).toBeInstanceOf(UnsupportedError);
    expect((scheduler as Error).message).toMatch(/SD\.Next has no scheduler field/);
    // Its default sampler name is accepted as it lists none by that name.
    await client.txt2img({ prompt: 'x', steps: 1, width: 64, height: 64, sampler_name: 'Default' });
  });

  it('surfaces a generation refused by the rate limiter as RateLimitError, which SD.Next ran before refusing', async () => {
    // 10 a minute: two generations (5 each) pass, the third is billed after it ran and answered 429.
    const client = createWebuiClient({ baseUrl: (await sdnext({ rateLimit: 10 })).url, target: 'sdnext' });
    const body = { prompt: 'x', steps: 1, width: 64, height: 64 };
    await client.txt2img(body);
    await client.txt2img(body);
    const error = await client.txt2img(body).result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({
      status: 429,
      kind: 'rate-limited',
      retryAfterMs: undefined,
      errorClass: 'HTTPException',
    });
    expect((error as Error).message).toMatch(/rate limit exceeded.*never re-sent/);
  });
});

describe("SD.Next's error bodies", () => {
  it("map to typed errors: the envelope with its exception class, a TypeError's bare string", async () => {
    const answers = [
      Response.json(
        { error: 'RuntimeError', code: 500, detail: '', body: '', errors: 'no model loaded' },
        { status: 500 },
      ),
      Response.json("'NoneType' object is not subscriptable", { status: 500 }),
      Response.json(
        { error: 'HTTPException', code: 404, detail: 'Sampler not found', body: '', errors: '404: Sampler not found' },
        { status: 404 },
      ),
    ];
    const fetch: typeof globalThis.fetch = async () => answers.shift() as Response;
    const client = createWebuiClient({ baseUrl: 'http://sdnext.test', target: 'sdnext', fetch, retry: { retries: 0 } });
    const envelope = await client.memory().catch((caught: unknown) => caught);
    expect(envelope).toMatchObject({ status: 500, errorClass: 'RuntimeError', kind: 'api' });
    expect((envelope as Error).message).toBe('GET /sdapi/v1/memory: HTTP 500: RuntimeError: no model loaded');
    const typeError = await client.memory().catch((caught: unknown) => caught);
    expect((typeError as Error).message).toBe("GET /sdapi/v1/memory: HTTP 500: 'NoneType' object is not subscriptable");
    const notFound = await client.memory().catch((caught: unknown) => caught);
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as Error).message).toContain('pick a name from client.samplers()');
  });
});

describe('204 No Content', () => {
  it("is SD.Next's answer to interrupt, which reads nothing; a call that reads a body refuses it", async () => {
    const server = await sdnext();
    await createWebuiClient({ baseUrl: server.url, target: 'sdnext' }).interrupt();
    const empty: typeof fetch = async () => new Response(null, { status: 204 });
    const client = createWebuiClient({ baseUrl: 'http://sdnext.test', target: 'sdnext', fetch: empty });
    await expect(client.interrupt()).resolves.toBeUndefined();
    const error = await client.samplers().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).problem).toBe('the answer has no content: the body is null, not a list');
  });
});

describe('429 on idempotent calls', () => {
  /** Answers 429 `times` times (with these headers), then SD.Next's samplers. */
  function limited(times: number, headers: Record<string, string>) {
    const calls: number[] = [];
    const fetch: typeof globalThis.fetch = async () => {
      calls.push(Date.now());
      if (calls.length <= times) {
        const body = {
          error: 'HTTPException',
          code: 429,
          detail: 'c:/sdapi/v1/samplers: rate limit exceeded',
          body: '',
          errors: '',
        };
        return Response.json(body, { status: 429, headers });
      }
      return Response.json([{ name: 'Euler a', options: {} }]);
    };
    return { calls, fetch };
  }

  it('retries with backoff, honouring a sane Retry-After', async () => {
    const { calls, fetch } = limited(1, { 'retry-after': '0.05' });
    const client = createWebuiClient({ baseUrl: 'http://sdnext.test', target: 'sdnext', fetch });
    expect((await client.samplers()).map((sampler) => sampler.name)).toEqual(['Euler a']);
    expect(calls).toHaveLength(2);
    expect((calls[1] as number) - (calls[0] as number)).toBeGreaterThanOrEqual(45);
  });

  it('does not hang on a hostile Retry-After: the wait falls back to the capped backoff, the attempts are bounded', async () => {
    const { calls, fetch } = limited(100, { 'retry-after': '999999999' });
    const client = createWebuiClient({
      baseUrl: 'http://sdnext.test',
      target: 'sdnext',
      fetch,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
    });
    const started = Date.now();
    const error = await client.samplers().catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(calls).toHaveLength(3);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as RateLimitError).retryAfterMs).toBe(999999999000);
  });
});
