import { createMockServer } from '@sdwebui/mock';
import { describe, expect, it } from 'vitest';
import { useMocks } from '../testing/mock-servers.js';
import {
  AbortError,
  ApiError,
  AuthError,
  ConnectionError,
  createWebuiClient,
  type WebuiClient,
  NotFoundError,
  TimeoutError,
  ValidationError,
} from '../node.js';

const mock = useMocks();

describe('typed errors with advice', () => {
  it('ValidationError lists FastAPI issues', async () => {
    const client = createWebuiClient({ baseUrl: (await mock()).url });
    const error = await client
      .txt2img({ prompt: 'x', steps: 'many' as never })
      .result.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      { loc: ['body', 'steps'], msg: 'value is not a valid integer', type: 'type_error.integer' },
    ]);
    expect((error as Error).message).toBe(
      'POST /sdapi/v1/txt2img: the webui rejected the request: steps: value is not a valid integer',
    );
  });

  it('AuthError says how to authenticate, and auth works', async () => {
    const server = await mock({ apiAuth: 'me:secret' });
    const error = await createWebuiClient({ baseUrl: server.url })
      .samplers()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as Error).message).toContain('pass auth: "user:password" to createWebuiClient');
    const wrong = await createWebuiClient({ baseUrl: server.url, auth: 'me:nope' })
      .samplers()
      .catch((caught: unknown) => caught);
    expect((wrong as Error).message).toContain('rejected the credentials');
    expect((await createWebuiClient({ baseUrl: server.url, auth: 'me:secret' }).samplers()).length).toBeGreaterThan(10);
  });

  it('NotFoundError for an unknown sampler (1.7) and for a missing route', async () => {
    const old = createWebuiClient({ baseUrl: (await mock({ profile: 'a1111-1.7' })).url, target: 'a1111-1.7' });
    const sampler = await old.txt2img({ sampler_name: 'Nope', steps: 1 }).result.catch((caught: unknown) => caught);
    expect(sampler).toBeInstanceOf(NotFoundError);
    expect((sampler as Error).message).toContain('pick a name from client.samplers()');
    // A route 1.7 lacks: its raw client's types (target a1111-1.7) refuse it, so through 1.10's.
    const route = await (old.raw as unknown as WebuiClient['raw']).POST('/sdapi/v1/refresh-embeddings');
    expect(route.response.status).toBe(404);
  });

  it('ApiError carries the webui error class', async () => {
    const client = createWebuiClient({ baseUrl: (await mock()).url });
    // Unchecked, so the webui's own answer comes back (checked, the SDK refuses the name first).
    const error = await client
      .setOptions({ sd_model_checkpoint: 'missing' }, { checkNames: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errorClass).toBe('RuntimeError');
    expect((error as Error).message).toBe("POST /sdapi/v1/options: HTTP 500: RuntimeError: model 'missing' not found");
  });

  it("ConnectionError when nothing listens, TimeoutError past timeoutMs, AbortError on the caller's signal", async () => {
    const closed = await createMockServer();
    await closed.close();
    const unreachable = await createWebuiClient({ baseUrl: closed.url, retry: { retries: 1, minDelayMs: 1 } })
      .samplers()
      .catch((caught: unknown) => caught);
    expect(unreachable).toBeInstanceOf(ConnectionError);
    expect((unreachable as Error).message).toMatch(/ECONNREFUSED.*started with --api/);

    const slow = await mock({ faults: [{ route: '*', latencyMs: 500 }] });
    const timeout = await createWebuiClient({ baseUrl: slow.url, timeoutMs: 50 })
      .samplers()
      .catch((caught: unknown) => caught);
    expect(timeout).toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const pending = createWebuiClient({ baseUrl: slow.url }).txt2img({ steps: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(pending.result).rejects.toBeInstanceOf(AbortError);
  });
});

describe('retries', () => {
  it('retries reads on 503 and connection failures, never a generation POST', async () => {
    const server = await mock({ faults: [{ route: '*', status: 503 }] });
    const client = createWebuiClient({ baseUrl: server.url, retry: { retries: 2, minDelayMs: 1 } });
    await expect(client.samplers()).rejects.toMatchObject({ status: 503 });
    expect(server.requests.filter((request) => request.path === '/sdapi/v1/samplers')).toHaveLength(3);
    await expect(client.txt2img({ steps: 1 }).result).rejects.toMatchObject({ status: 503 });
    expect(server.requests.filter((request) => request.path === '/sdapi/v1/txt2img')).toHaveLength(1);
  });

  it('a read succeeds once a starting server answers', async () => {
    const server = await mock({ faults: [{ route: 'GET /sdapi/v1/samplers', status: 503, rate: 0.5 }] });
    const client = createWebuiClient({ baseUrl: server.url, retry: { retries: 20, minDelayMs: 1 } });
    expect((await client.samplers())[0]?.name).toBe('DPM++ 2M');
  });

  it('a dropped connection in the middle of a generation is a ConnectionError, not a retry', async () => {
    const server = await mock({ faults: [{ route: 'POST /sdapi/v1/txt2img', drop: 'mid-body' }] });
    const client = createWebuiClient({ baseUrl: server.url });
    await expect(client.txt2img({ steps: 1, width: 64, height: 64 }).result).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests.filter((request) => request.path === '/sdapi/v1/txt2img')).toHaveLength(1);
  });
});
