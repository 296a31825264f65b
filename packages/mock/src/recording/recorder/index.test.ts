import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMockServer,
  createRecordingServer,
  type MockServer,
  type RecordingServer,
} from '../../http/server/index.js';
import { loadCassettes } from '../cassettes/index.js';
import { createMockApp } from '../../http/app/index.js';
import { matcherBody } from './index.js';

let upstream: MockServer;
let recorder: RecordingServer;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdwebui-record-'));
  upstream = await createMockServer({ apiAuth: 'admin:hunter2' });
  recorder = await createRecordingServer({ target: upstream.url, outDir: dir });
});
afterEach(async () => {
  await recorder.close();
  await upstream.close();
  await rm(dir, { recursive: true, force: true });
});

const auth = {
  authorization: `Basic ${Buffer.from('admin:hunter2').toString('base64')}`,
  cookie: 'session=secret-cookie',
};

describe('sdwebui record (a proxy in front of a real webui, here a second mock)', () => {
  it('passes responses through byte for byte and writes one cassette per interaction, without credentials', async () => {
    const direct = await fetch(`${upstream.url}/sdapi/v1/samplers`, { headers: auth });
    const proxied = await fetch(`${recorder.url}/sdapi/v1/samplers`, { headers: auth });
    expect(proxied.status).toBe(200);
    expect(await proxied.text()).toBe(await direct.text());

    const body = { prompt: 'puppy dog', steps: 3, seed: -1, force_task_id: 'volatile' };
    const generated = await fetch(`${recorder.url}/sdapi/v1/txt2img`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const generatedText = await generated.text();
    expect(generated.status).toBe(200);
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(auth.authorization);

    const files = (await readdir(dir)).filter((name) => name.endsWith('.json')).sort();
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/-0002-post-sdapi-v1-txt2img\.json$/);
    const all = await Promise.all(files.map((name) => readFile(join(dir, name), 'utf8')));
    for (const text of all) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(Buffer.from('admin:hunter2').toString('base64'));
      expect(text).not.toContain('secret-cookie');
      expect(text.toLowerCase()).not.toContain('authorization');
    }
    expect(all[1]).toContain('"cfg_scale": 7.0');
    expect((await readdir(join(dir, 'assets'))).length).toBe(1);

    const cassettes = await loadCassettes(dir);
    expect(cassettes[1]?.interactions[0]?.request).toEqual({
      method: 'POST',
      path: '/sdapi/v1/txt2img',
      body: { prompt: 'puppy dog', steps: 3 },
    });
    const replay = createMockApp({ cassettes, strict: true });
    const replayed = await replay.app.request('/sdapi/v1/txt2img', {
      method: 'POST',
      body: JSON.stringify({ ...body, force_task_id: 'other' }),
    });
    expect(await replayed.text()).toBe(generatedText);
  });

  it('records error answers too, and reports an unreachable target as 502', async () => {
    const unauthorized = await fetch(`${recorder.url}/sdapi/v1/options`);
    expect(unauthorized.status).toBe(401);
    const [cassette] = await loadCassettes(dir);
    expect(cassette?.interactions[0]?.response).toMatchObject({ status: 401, body: { detail: 'Not authenticated' } });

    await upstream.close();
    const down = await fetch(`${recorder.url}/sdapi/v1/options`);
    expect(down.status).toBe(502);
    expect((await down.json()).detail).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED$/);
    upstream = await createMockServer();
  });
});

describe('matcherBody', () => {
  it('drops random seeds, task ids and large strings', () => {
    expect(
      matcherBody({
        seed: -1,
        subseed: 5,
        id_task: 'x',
        init_images: ['a'.repeat(2000)],
        mask: 'b'.repeat(2000),
        prompt: 'p',
      }),
    ).toEqual({ subseed: 5, prompt: 'p' });
  });
});
