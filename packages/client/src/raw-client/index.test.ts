import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import type { components } from '../generated/a1111-1.10.js';
import { basicAuthorization, createRawClient, type TargetPaths } from './index.js';

let server: MockServer;
beforeAll(async () => {
  const spec = await readFile(new URL('../../../../spec/a1111-1.10/openapi.json', import.meta.url));
  server = await createMockServer({
    spec: new Uint8Array(spec),
    faults: [{ route: 'POST /sdapi/v1/txt2img', status: 500 }],
  });
});
afterAll(() => server.close());

describe('createRawClient', () => {
  it('types a txt2img call with only the fields the caller cares about, and the webui error body', async () => {
    const api = createRawClient({ baseUrl: `${server.url}/`, auth: 'alice:pässword' });
    const { data, error, response } = await api.POST('/sdapi/v1/txt2img', { body: { prompt: 'puppy dog', steps: 5 } });
    expect(response.status).toBe(500);
    expect(data).toBeUndefined();
    expect(error).toEqual({ error: 'HTTPException', detail: 'Internal Server Error', body: '', errors: '' });
    expectTypeOf(data).toEqualTypeOf<components['schemas']['TextToImageResponse'] | undefined>();
    expectTypeOf(error).toEqualTypeOf<
      components['schemas']['HTTPValidationError'] | components['schemas']['WebuiError'] | undefined
    >();
    const sent = server.requests.at(-1);
    expect(sent?.path).toBe('/sdapi/v1/txt2img');
    expect(sent?.headers.authorization).toBe(`Basic ${Buffer.from('alice:pässword', 'utf8').toString('base64')}`);
  });

  it('rejects wrong field types at compile time', () => {
    const api = createRawClient({ baseUrl: server.url });
    // @ts-expect-error steps is a number
    void api.POST('/sdapi/v1/txt2img', { body: { prompt: 'x', steps: 'five' } }).catch(() => undefined);
    // @ts-expect-error no such route
    void api.GET('/sdapi/v1/nope').catch(() => undefined);
  });

  it('types the 1.4 target without the 1.9+ scheduler field', () => {
    type Txt2imgBody<Target extends 'a1111-1.4' | 'a1111-1.10'> = NonNullable<
      TargetPaths[Target]['/sdapi/v1/txt2img']['post']['requestBody']
    >['content']['application/json'];
    expectTypeOf<'scheduler' extends keyof Txt2imgBody<'a1111-1.4'> ? true : false>().toEqualTypeOf<false>();
    expectTypeOf<'scheduler' extends keyof Txt2imgBody<'a1111-1.10'> ? true : false>().toEqualTypeOf<true>();
  });
});

describe('basicAuthorization', () => {
  it('encodes UTF-8 credentials without Buffer', () => {
    expect(basicAuthorization({ username: 'u', password: 'p:ß' })).toBe(
      `Basic ${Buffer.from('u:p:ß').toString('base64')}`,
    );
  });
});
