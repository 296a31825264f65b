import { describe, expect, it } from 'vitest';
import { answer, hostileServer, json } from '../testing/hostile-server.js';
import { ApiError, createWebuiClient } from '../node.js';

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** Two loopback servers on different ports (different origins): the first redirects everything to the second. */
async function redirecting(status: number) {
  const elsewhere = await hostileServer({
    'POST /sdapi/v1/txt2img': json({
      images: [PNG_1x1],
      info: '{"infotexts": ["x"], "all_seeds": [1]}',
      parameters: {},
    }),
    'GET /sdapi/v1/samplers': json([{ name: 'Euler' }]),
  });
  const to = (path: string) => answer(status, 'moved', { location: `${elsewhere.url}${path}` });
  const first = await hostileServer({
    'POST /sdapi/v1/txt2img': to('/sdapi/v1/txt2img'),
    'GET /sdapi/v1/samplers': to('/sdapi/v1/samplers'),
  });
  const client = createWebuiClient({
    baseUrl: first.url,
    target: 'a1111-1.10',
    checkNames: false,
    retry: { retries: 0 },
  });
  return { first, elsewhere, client };
}

describe('redirects are never followed', () => {
  it.each([307, 308, 302])(
    'a generation answered %i goes nowhere else and fails with kind redirect',
    async (status) => {
      const { elsewhere, client } = await redirecting(status);
      const error = await client
        .txt2img({ prompt: 'private prompt', steps: 1 })
        .result.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'redirect', status, operation: 'POST /sdapi/v1/txt2img' });
      expect((error as ApiError).message).toContain(`HTTP ${status} redirect to ${elsewhere.url}, not followed`);
      expect(elsewhere.requests).toEqual([]);
    },
  );

  it('a list call is not followed either', async () => {
    const { elsewhere, client } = await redirecting(301);
    await expect(client.samplers()).rejects.toMatchObject({ kind: 'redirect', status: 301 });
    expect(elsewhere.requests).toEqual([]);
  });

  it('client.raw hands the redirect back as it is, without sending the body on', async () => {
    const { elsewhere, client } = await redirecting(307);
    const { response } = await client.raw.POST('/sdapi/v1/txt2img', { body: { prompt: 'private prompt' } });
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe(`${elsewhere.url}/sdapi/v1/txt2img`);
    expect(elsewhere.requests).toEqual([]);
  });
});
