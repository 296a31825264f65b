import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMockApp } from '../app/index.js';
import { createMockServer } from '../server/index.js';

/**
 * Hand-picked hostile inputs (issue #10): each once crashed, hung or exhausted the mock. Every
 * one must get a documented status with a JSON body in the webui's shape, quickly and boundedly.
 */
const MB = 1_000_000;
const JSON_TYPE = { 'content-type': 'application/json' };
const GENERATION_CORPUS: Array<[string, Record<string, unknown>]> = [
  ['width × height = 0 with a huge side', { width: 1_400_000_000, height: 0 }],
  ['negative width', { width: -5 }],
  ['negative height', { height: -1_000_000_000 }],
  ['zero size', { width: 0, height: 0 }],
  ['absurd float side', { width: 1e308 }],
  ['negative hires scale', { enable_hr: true, hr_scale: -2, width: 64, height: 64 }],
  ['huge hires resize', { enable_hr: true, hr_resize_x: 1_000_000_000, hr_resize_y: 1, width: 64, height: 64 }],
  ['1 MB prompt × 100', { prompt: 'x'.repeat(MB), batch_size: 100, width: 8, height: 8 }],
  ['1 MB negative prompt × 50 iterations', { negative_prompt: 'n'.repeat(MB), n_iter: 50, width: 8, height: 8 }],
  ['non-Latin 1 MB prompt × 8', { prompt: '🐶'.repeat(MB / 2), batch_size: 8, width: 8, height: 8 }],
  ['a billion tiny images', { batch_size: 1_000_000_000, width: 8, height: 8 }],
  ['negative iterations', { n_iter: -5, width: 8, height: 8 }],
  ['a trillion steps', { steps: 1e12, width: 8, height: 8 }],
  // Issue #23: text that reaches every infotext without being a prompt.
  [
    '8 MB ADetailer prompt × 100 iterations',
    {
      n_iter: 100,
      width: 8,
      height: 8,
      alwayson_scripts: {
        ADetailer: { args: [true, false, { ad_model: 'face_yolov8n.pt', ad_prompt: 'p'.repeat(8 * MB) }] },
      },
    },
  ],
  [
    '1 MB hires upscaler name × 16',
    { enable_hr: true, hr_scale: 1, hr_upscaler: 'u'.repeat(MB), batch_size: 16, width: 8, height: 8 },
  ],
  ['styles of 4 MB × 1000 images', { styles: ['s'.repeat(4 * MB)], batch_size: 100, n_iter: 10, width: 8, height: 8 }],
];

describe('the hostile corpus', () => {
  it.each(GENERATION_CORPUS)('txt2img and img2img: %s', async (_, fields) => {
    const { app } = createMockApp();
    const init = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
    for (const [path, extra] of [
      ['/sdapi/v1/txt2img', {}],
      ['/sdapi/v1/img2img', { init_images: [init] }],
    ] as const) {
      const body = JSON.stringify({ steps: 1, ...fields, ...extra });
      const response = await app.request(path, { method: 'POST', headers: JSON_TYPE, body });
      const text = await response.text();
      expect([200, 500], text.slice(0, 200)).toContain(response.status);
      const reply = JSON.parse(text);
      if (response.status === 500) {
        expect(Object.keys(reply)).toEqual(['error', 'detail', 'body', 'errors']);
        expect(['RuntimeError', 'OutOfMemoryError', 'MemoryError']).toContain(reply.error);
      }
      if (response.status === 200) expect(text.length).toBeLessThan(32 * 1024 * 1024);
    }
  });

  it('extras with an absurd target size', async () => {
    const { app } = createMockApp();
    const image = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC';
    const cases = [
      [{ upscaling_resize_w: 1_400_000_000, upscaling_resize_h: 0 }, 422, undefined], // the request model wants >= 1
      [{ upscaling_resize_w: 70_000, upscaling_resize_h: 1 }, 500, 'OutOfMemoryError'], // one side over the limit
    ] as const;
    for (const [size, status, error] of cases) {
      const body = JSON.stringify({ image, resize_mode: 1, ...size });
      const response = await app.request('/sdapi/v1/extra-single-image', { method: 'POST', headers: JSON_TYPE, body });
      expect(response.status).toBe(status);
      expect((await response.json()).error).toBe(error);
    }
  });

  it('an endless request body is cut off at the body limit with 413', async () => {
    const mock = await createMockServer({ bodyLimitBytes: 1024 * 1024, logRequests: false });
    try {
      let pulled = 0;
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        },
      });
      const response = await fetch(`${mock.url}/sdapi/v1/txt2img`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: endless,
        duplex: 'half',
      } as RequestInit).catch((error: Error) => error);
      // Either the 413 arrives, or the server closed the connection on the endless upload: never a hang.
      if (!(response instanceof Error)) expect(response.status).toBe(413);
      expect(pulled * 64 * 1024).toBeLessThan(64 * 1024 * 1024);
    } finally {
      await mock.close();
    }
  });

  it('an oversized declared body gets 413 before it is read', async () => {
    const { app } = createMockApp({ bodyLimitBytes: 1024 });
    const response = await app.request('/sdapi/v1/txt2img', {
      method: 'POST',
      headers: { 'content-length': '5000000' },
      body: 'x'.repeat(5000),
    });
    expect(response.status).toBe(413);
  });

  it('cassette folders with FIFOs, devices and symlinks out of the folder fail to load, naming the file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sdwebui-corpus-'));
    try {
      const cases: Array<[string, (dir: string) => Promise<void>, RegExp]> = [
        ['fifo', async (dir) => void execFileSync('mkfifo', [join(dir, 'x.json')]), /x\.json: not a regular file/],
        ['device', (dir) => symlink('/dev/zero', join(dir, 'zero.json')), /zero\.json: resolves outside/],
        [
          'assets symlink',
          async (dir) => {
            await symlink('/etc', join(dir, 'assets'));
            await writeFile(
              join(dir, 'a.json'),
              JSON.stringify({
                source: 't',
                interactions: [
                  {
                    request: { method: 'GET', path: '/x' },
                    response: { status: 200, headers: {}, body: ['$asset:passwd'] },
                  },
                ],
              }),
            );
          },
          /assets\/passwd: resolves outside/,
        ],
      ];
      for (const [name, make, message] of cases) {
        const dir = join(root, name);
        await mkdir(dir);
        await make(dir);
        await expect(createMockServer({ recordings: dir }), name).rejects.toThrow(message);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
