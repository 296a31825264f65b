import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pyFloat } from '../../webui/python/index.js';
import { createMockApp } from '../../http/app/index.js';
import { createMockServer } from '../../http/server/index.js';
import { rawRequest } from '../../testing/stand-in-webui.js';
import { testMock } from '../../testing/test-mock.js';
import type { Cassette } from './format.js';
import { findInteraction, loadCassettes, writeCassette } from './index.js';

const reply = (body: unknown) => ({
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: body as never,
});

const cassette: Cassette = {
  source: 'hand-written for this test',
  interactions: [
    {
      request: { method: 'GET', path: '/sdapi/v1/samplers' },
      response: reply([{ name: 'Recorded', aliases: [], options: {} }]),
    },
    {
      request: { method: 'POST', path: '/sdapi/v1/txt2img', body: { prompt: 'cat' } },
      response: reply({ images: [], parameters: {}, info: 'generic cat' }),
    },
    {
      request: { method: 'POST', path: '/sdapi/v1/txt2img', body: { prompt: 'cat', steps: 5 } },
      response: reply({ images: [], parameters: {}, info: 'five-step cat' }),
    },
  ],
};

describe('replay', () => {
  it('answers from the most specific matching interaction, ignoring keys the matcher does not name', async () => {
    const { call } = testMock({ cassettes: [cassette] });
    expect((await call('GET', '/sdapi/v1/samplers')).json).toEqual([{ name: 'Recorded', aliases: [], options: {} }]);
    expect((await call('POST', '/sdapi/v1/txt2img', { prompt: 'cat', seed: 3 })).json.info).toBe('generic cat');
    expect((await call('POST', '/sdapi/v1/txt2img', { prompt: 'cat', steps: 5, seed: -1 })).json.info).toBe(
      'five-step cat',
    );
  });

  it('falls through to emulation on a miss, or answers 501 naming the closest cassettes when strict', async () => {
    const loose = testMock({ cassettes: [cassette] });
    const emulated = await loose.call('POST', '/sdapi/v1/txt2img', { prompt: 'dog', steps: 1 });
    expect(JSON.parse(emulated.json.info).prompt).toBe('dog');
    const strict = testMock({ cassettes: [cassette], strict: true });
    const miss = await strict.call('POST', '/sdapi/v1/txt2img', { prompt: 'dog', steps: 5 });
    expect(miss.status).toBe(501);
    expect(miss.json.detail).toBe('No cassette matches POST /sdapi/v1/txt2img');
    expect(miss.json.closest[0]).toBe('POST /sdapi/v1/txt2img (hand-written for this test); body differs at prompt');
  });

  it('never replays what the router answers itself (405, trailing-slash 307)', async () => {
    const misrouted: Cassette = {
      source: 'hand-written for this test',
      interactions: [
        { request: { method: 'GET', path: '/sdapi/v1/txt2img' }, response: reply({ info: 'recorded GET' }) },
        { request: { method: 'POST', path: '/sdapi/v1/txt2img/' }, response: reply({ info: 'recorded slash' }) },
        { request: { method: 'GET', path: '/sdapi/v1/not-in-spec' }, response: reply({ info: 'extension' }) },
      ],
    };
    const { call } = testMock({ cassettes: [misrouted] });
    expect((await call('GET', '/sdapi/v1/txt2img')).status).toBe(405);
    expect((await call('POST', '/sdapi/v1/txt2img/', {})).status).toBe(307);
    // A route the spec does not know (an extension's, say) is replayed: only routing answers come first.
    expect((await call('GET', '/sdapi/v1/not-in-spec')).text).toBe('{"info":"extension"}');
  });

  it('picks among many cassettes by route, then specificity, then load order, whatever the method case', async () => {
    const many: Cassette[] = Array.from({ length: 50 }, (_, index) => ({
      source: `file ${index}`,
      interactions: [
        {
          request: { method: index % 2 ? 'post' : 'POST', path: `/sdapi/v1/${index < 49 ? 'img2img' : 'txt2img'}` },
          response: reply({ images: [], parameters: {}, info: `file ${index}` }),
        },
      ],
    }));
    many.push(cassette);
    const { call } = testMock({ cassettes: many });
    expect((await call('POST', '/sdapi/v1/txt2img', { prompt: 'dog' })).json.info).toBe('file 49');
    expect((await call('POST', '/sdapi/v1/txt2img', { prompt: 'cat' })).json.info).toBe('generic cat');
    expect((await call('POST', '/sdapi/v1/img2img', { init_images: [] })).json.info).toBe('file 0');
  });

  it('compares floats by value', () => {
    const withFloat: Cassette = {
      source: 't',
      interactions: [
        { request: { method: 'POST', path: '/x', body: { cfg_scale: pyFloat(7) } }, response: reply(null) },
      ],
    };
    expect(
      findInteraction([withFloat], { method: 'POST', path: '/x', query: {}, body: { cfg_scale: 7 } }),
    ).toBeDefined();
    expect(
      findInteraction([withFloat], { method: 'POST', path: '/x', query: {}, body: { cfg_scale: 7.5 } }),
    ).toBeUndefined();
  });
});

describe('cassette files', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sdwebui-cassettes-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keep big images as asset files, Python floats as written, and load back identically', async () => {
    const image = Buffer.alloc(3000, 7).toString('base64');
    const original: Cassette = {
      source: 'test',
      interactions: [
        {
          request: { method: 'POST', path: '/sdapi/v1/txt2img' },
          response: reply({ images: [image, 'short'], parameters: { cfg_scale: pyFloat(7) }, info: '{}' }),
        },
      ],
    };
    await writeCassette(dir, 'one.json', original);
    const text = await readFile(join(dir, 'one.json'), 'utf8');
    expect(text).toContain('"cfg_scale": 7.0');
    expect(text).toMatch(/"\$asset:[0-9a-f]{16}\.bin"/);
    expect(text).not.toContain(image);
    expect(await readdir(join(dir, 'assets'))).toHaveLength(1);
    const [loaded] = await loadCassettes(dir);
    expect(loaded).toEqual(original);
  });

  it('explain what is wrong with a broken cassette', async () => {
    await writeFile(join(dir, 'bad.json'), '{"interactions": [{"request": {"method": "GET"}}]}');
    await expect(loadCassettes(dir)).rejects.toThrow(
      /bad\.json: every interaction needs request\.method, request\.path and response\.status/,
    );
    await writeFile(join(dir, 'bad.json'), '{nope');
    await expect(loadCassettes(dir)).rejects.toThrow(/bad\.json is not valid JSON/);
    await expect(loadCassettes(join(dir, 'missing'))).rejects.toThrow(/cannot read cassette folder .*ENOENT/);
  });

  it('never read a file outside assets/ (no path traversal through $asset names)', async () => {
    const evil = {
      request: { method: 'GET', path: '/x' },
      response: { status: 200, headers: {}, body: { images: ['$asset:../../../../etc/passwd'] } },
    };
    await writeFile(join(dir, 'evil.json'), JSON.stringify({ source: 't', interactions: [evil] }));
    await expect(loadCassettes(dir)).rejects.toThrow(/bad asset name "\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd"/);
  });
});

describe('a cassette replays only what the recorder writes (issue #23, item 11)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sdwebui-cassette-headers-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const withResponse = (response: Record<string, unknown>) =>
    JSON.stringify({ source: 'hand-written', interactions: [{ request: { method: 'GET', path: '/x' }, response }] });

  it('refuses other headers, statuses it cannot replay and mixed bodies, naming the file, the interaction and why', async () => {
    const json = { 'content-type': 'application/json' };
    const refused: Array<[Record<string, unknown>, RegExp]> = [
      [{ status: 200, headers: { 'content-length': '999' }, body: {} }, /header "content-length" is not replayed/],
      [
        { status: 200, headers: { ...json, 'transfer-encoding': 'chunked' }, body: {} },
        /"transfer-encoding" is not replayed/,
      ],
      [{ status: 200, headers: { 'set-cookie': 'session=x' }, body: {} }, /"set-cookie" is not replayed/],
      [{ status: 200, headers: { location: 'http://attacker.example/' }, body: {} }, /"location" is not replayed/],
      [
        { status: 200, headers: { 'content-type': 'text/html\r\nx-injected: 1' }, body: {} },
        /at most 256 visible ASCII/,
      ],
      [
        { status: 200, headers: { 'content-type': 'a', 'Content-Type': 'b' }, body: {} },
        /"Content-Type" is given twice/,
      ],
      [{ status: 101, headers: {}, body: {} }, /status 101 is not replayed/],
      [{ status: 302, headers: json, body: {} }, /status 302 is not replayed/],
      [{ status: 204, headers: {}, bodyText: '' }, /status 204 is not replayed/],
      [{ status: 600, headers: {}, body: {} }, /status 600 is not replayed/],
      [
        { status: 200, headers: {}, body: {}, bodyText: '{}' },
        /one of body, bodyText and bodyAsset, not body and bodyText/,
      ],
      [{ status: 200, headers: {}, bodyBytes: 'x' }, /bodyBytes is not a file field/],
      [{ status: 200, headers: {}, bodyAsset: '../../etc/passwd' }, /bad asset name/],
    ];
    for (const [response, message] of refused) {
      await writeFile(join(dir, 'hostile.json'), withResponse(response));
      await expect(loadCassettes(dir), JSON.stringify(response)).rejects.toThrow(message);
      await expect(loadCassettes(dir)).rejects.toThrow(/hostile\.json, interaction 1: /);
    }
  });

  it('replays with framing computed from the body, and its content type under any case', async () => {
    await writeFile(
      join(dir, 'ok.json'),
      withResponse({ status: 200, headers: { 'Content-Type': 'application/json' }, bodyText: '{"ünï": "cödé"}' }),
    );
    const [cassette] = await loadCassettes(dir);
    expect(cassette?.interactions[0]?.response.headers).toEqual({ 'content-type': 'application/json' });
    const mock = await createMockServer({ recordings: dir });
    try {
      const answer = await rawRequest(`${mock.url}/x`);
      expect(answer.body.toString()).toBe('{"ünï": "cödé"}');
      expect(answer.headers['content-length']).toBe(String(answer.body.length));
      expect(answer.headers['transfer-encoding']).toBeUndefined();
      expect(answer.headers['content-type']).toBe('application/json');
    } finally {
      await mock.close();
    }
  });

  it('keep exact body bytes (not UTF-8, or long) in a file of their own and replay them as they were', async () => {
    const bytes = Buffer.concat([Buffer.from([0x89, 0xff, 0xfe, 0x00]), Buffer.alloc(100_000, 'x')]);
    const original: Cassette = {
      source: 'test',
      interactions: [
        { request: { method: 'GET', path: '/raw' }, response: { status: 200, headers: {}, bodyBytes: bytes } },
      ],
    };
    await writeCassette(dir, 'raw.json', original);
    const file = JSON.parse(await readFile(join(dir, 'raw.json'), 'utf8'));
    expect(file.interactions[0].response).toEqual({
      status: 200,
      headers: {},
      bodyAsset: expect.stringMatching(/^[0-9a-f]{16}\.bin$/),
    });
    const [loaded] = await loadCassettes(dir);
    expect(Buffer.from(loaded?.interactions[0]?.response.bodyBytes ?? []).equals(bytes)).toBe(true);
    const replayed = await createMockApp({ cassettes: [loaded as Cassette] }).app.request('/raw');
    expect(Buffer.from(await replayed.arrayBuffer()).equals(bytes)).toBe(true);
  });
});

describe('replayed auth failures', () => {
  const json = { 'content-type': 'application/json' };
  const unauthorized = { status: 401, headers: json, body: { detail: 'Not authenticated' } as never };
  const options = { request: { method: 'GET', path: '/sdapi/v1/options' } };
  const recorded401First: Cassette = {
    source: 'hand-written: a 401 recorded before a 200 for the same request',
    interactions: [
      { ...options, response: unauthorized },
      { ...options, response: reply({ sd_model_checkpoint: 'recorded' }) },
    ],
  };
  const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

  it("follow the mock's own --api-auth, whatever was recorded and in whatever order", async () => {
    const { call } = testMock({ cassettes: [recorded401First], apiAuth: 'u:p' });
    const valid = await call('GET', '/sdapi/v1/options', undefined, basic('u:p'));
    expect([valid.status, valid.json]).toEqual([200, { sd_model_checkpoint: 'recorded' }]);
    expect((await call('GET', '/sdapi/v1/options', undefined, basic('u:wrong'))).status).toBe(401);
  });

  it('a cassette with only a 401 is never replayed to an authenticated client: the request is emulated', async () => {
    const only401: Cassette = { source: 'hand-written', interactions: [{ ...options, response: unauthorized }] };
    const { call } = testMock({ cassettes: [only401], apiAuth: 'u:p' });
    const reply200 = await call('GET', '/sdapi/v1/options', undefined, basic('u:p'));
    expect(reply200.status).toBe(200);
    expect(reply200.json.sd_model_checkpoint).toEqual(expect.any(String));
  });
});
