import { describe, expect, it } from 'vitest';
import { ApiError, AuthError, createWebuiClient, NotFoundError, ValidationError } from '../node.js';

// Bodies and headers as Forge answers them (Forge @ dfdcbab: its own API code under its framework,
// fastapi 0.115 / pydantic 2.10, error handling installed as Forge's webui.py does; the
// generation handler replaced by an echo). Forge installs no webui envelope on HTTP errors.
const FORGE_ANSWERS: Record<string, { status: number; headers?: Record<string, string>; body: unknown }> = {
  'POST /sdapi/v1/txt2img': {
    status: 422,
    body: {
      detail: [
        {
          type: 'int_parsing',
          loc: ['body', 'steps'],
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: 'x',
        },
      ],
    },
  },
  'POST /sdapi/v1/img2img': {
    status: 422,
    body: {
      detail: [
        {
          type: 'json_invalid',
          loc: ['body', 1],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'Expecting property name enclosed in double quotes' },
        },
      ],
    },
  },
  'GET /sdapi/v1/samplers': { status: 404, body: { detail: 'Not Found' } },
  'GET /sdapi/v1/upscalers': {
    status: 401,
    headers: { 'www-authenticate': 'Basic' },
    body: { detail: 'Incorrect username or password' },
  },
  'POST /sdapi/v1/options': {
    status: 500,
    body: { error: 'RuntimeError', detail: '', body: '', message: "model 'missing' not found" },
  },
  'GET /sdapi/v1/schedulers': { status: 405, headers: { allow: 'POST' }, body: { detail: 'Method Not Allowed' } },
};

const forge: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const answer = FORGE_ANSWERS[`${request.method} ${new URL(request.url).pathname}`];
  if (answer === undefined) return Response.json({ detail: 'Not Found' }, { status: 404 });
  return Response.json(answer.body, { status: answer.status, headers: answer.headers ?? {} });
};

const client = createWebuiClient({
  baseUrl: 'http://forge.test',
  target: 'forge-2',
  fetch: forge,
  checkNames: false,
  retry: { retries: 0 },
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );

describe("Forge's error answers (pydantic 2, no webui envelope)", () => {
  it('a 422 with pydantic 2 items is a ValidationError keeping input and ctx', async () => {
    const steps = await failure(client.txt2img({ steps: 'x' as never }).result);
    expect(steps).toBeInstanceOf(ValidationError);
    expect((steps as ValidationError).issues[0]).toMatchObject({ type: 'int_parsing', input: 'x' });
    expect((steps as Error).message).toBe(
      'POST /sdapi/v1/txt2img: the webui rejected the request: steps: Input should be a valid integer, unable to parse string as an integer',
    );
    const json = await failure(client.img2img({ init_images: [] }).result);
    expect((json as ValidationError).issues[0]?.ctx).toEqual({
      error: 'Expecting property name enclosed in double quotes',
    });
    expect((json as Error).message).toContain('1: JSON decode error');
  });

  it('plain {"detail"} HTTP errors get the same typed errors as A1111 envelopes', async () => {
    const notFound = await failure(client.samplers());
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as Error).message).toContain('no such route');
    expect(await failure(client.upscalers())).toBeInstanceOf(AuthError);
    const method = await failure(client.schedulers());
    expect(method).toBeInstanceOf(ApiError);
    expect((method as Error).message).toBe('GET /sdapi/v1/schedulers: HTTP 405: Method Not Allowed');
  });

  it("Forge's exception handler body gives its class and message", async () => {
    const error = await failure(client.setOptions({ sd_model_checkpoint: 'missing' }));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errorClass).toBe('RuntimeError');
    expect((error as Error).message).toBe("POST /sdapi/v1/options: HTTP 500: RuntimeError: model 'missing' not found");
  });
});
