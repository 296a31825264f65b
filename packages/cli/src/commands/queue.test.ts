import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createMockServer } from '@sdwebui/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliOptions } from '../index.js';
import { createHostileServer, withSeeds, type SeenRequest } from '../testing/hostile-server.js';
import { captureIo } from '../testing/io.js';
import { startQueueCli, type QueueCliFixture } from '../testing/queue.js';

let fixture: QueueCliFixture;
let redis: QueueCliFixture['redis'];
let mock: QueueCliFixture['mock'];
let dir: string;
let sdwebui: QueueCliFixture['sdwebui'];
let queueFlags: QueueCliFixture['queueFlags'];
let startWorker: QueueCliFixture['startWorker'];

beforeAll(async () => {
  fixture = await startQueueCli();
  ({ redis, mock, dir, sdwebui, queueFlags, startWorker } = fixture);
});
afterAll(async () => {
  await fixture?.close();
});

const loadedCheckpoint = async () =>
  String(((await (await fetch(`${mock.url}/sdapi/v1/options`)).json()) as Record<string, unknown>).sd_model_checkpoint);

const generationBodies = (requests: SeenRequest[]) =>
  requests.filter((request) => request.method === 'POST' && request.path === '/sdapi/v1/txt2img').map((r) => r.body);

describe('sdwebui worker and sdwebui queue', () => {
  it('submits and waits for a job served by a worker, then lists it and reports its status', async () => {
    const common = queueFlags('cli');
    const worker = startWorker('cli', mock.url);

    const submitIo = captureIo();
    const output = join(dir, 'out.png');
    const submit = ['queue', 'submit', 'puppy dog', '--steps', '2', '--wait', '-o', output, ...common];
    expect(await sdwebui({ io: submitIo }, ...submit)).toBe(0);
    const id = /^(j-\w+) done on/.exec(submitIo.stdout[0] ?? '')?.[1];
    if (id === undefined) throw new Error(`no job id in the submit output: ${submitIo.stdout[0]}`);
    expect((await readFile(output)).subarray(1, 4).toString()).toBe('PNG');

    const lsIo = captureIo();
    expect(await sdwebui({ io: lsIo }, 'queue', 'ls', '--json', ...common)).toBe(0);
    expect(JSON.parse(lsIo.stdout.join('\n'))).toMatchObject([
      { id, state: 'done', prompt: 'puppy dog', tenant: 'default' },
    ]);

    const statusIo = captureIo();
    expect(await sdwebui({ io: statusIo }, 'queue', 'status', id, ...common)).toBe(0);
    expect(statusIo.stdout[0]).toMatch(new RegExp(`^${id}  done on 127\\.0\\.0\\.1:\\d+$`));
    const totalsIo = captureIo();
    expect(await sdwebui({ io: totalsIo }, 'queue', 'status', '--json', ...common)).toBe(0);
    expect(JSON.parse(totalsIo.stdout.join('\n'))).toMatchObject({
      completed: 1,
      backends: [{ healthy: true, completed: 1 }],
    });

    // The same -o again: refused before anything is queued (the GPUs are spared a wasted job).
    const againIo = captureIo();
    expect(await sdwebui({ io: againIo }, 'queue', 'submit', 'again', '--wait', '-o', output, ...common)).toBe(1);
    expect(againIo.stderr.at(-1)).toBe(`error: ${output} exists; pass --overwrite to replace it`);
    const afterIo = captureIo();
    expect(await sdwebui({ io: afterIo }, 'queue', 'ls', '--json', ...common)).toBe(0);
    expect(JSON.parse(afterIo.stdout.join('\n'))).toHaveLength(1);

    expect(await worker.stop()).toBe(0);
    expect(worker.io.stdout.some((line) => line.startsWith('job-completed'))).toBe(true);
  });

  it("sends txt2img's flags (batch, hires, --set, --body, --vae, --clip-skip), --model as the queue's", async () => {
    const hostile = await createHostileServer(mock.url);
    const worker = startWorker('flags', hostile.url);
    try {
      const body = join(dir, 'body.json');
      const fields = { tiling: true, cfg_scale: 3, override_settings: { eta_noise_seed_delta: 31337 } };
      await writeFile(body, JSON.stringify(fields));
      expect(await loadedCheckpoint()).not.toMatch(/^deliberate_v2/);
      const io = captureIo();
      const args = ['queue', 'submit', 'a fox', ...queueFlags('flags'), '--body', body, '--cfg', '5'];
      args.push('--batch-size', '2', '--batch-count', '1', '--steps', '3', '--size', '64x64', '--seed', '7');
      args.push('--hires-scale', '1.5', '--set', 'restore_faces=false', '--vae', 'Automatic', '--clip-skip', '2');
      args.push('--model', 'deliberate_v2', '--priority', '5', '--wait', '--out-dir', join(dir, 'flags-out'));
      expect(await sdwebui({ io }, ...args)).toBe(0);
      expect(generationBodies(hostile.requests)).toEqual([
        expect.objectContaining({
          prompt: 'a fox',
          tiling: true,
          cfg_scale: 5,
          batch_size: 2,
          n_iter: 1,
          steps: 3,
          width: 64,
          height: 64,
          seed: 7,
          enable_hr: true,
          hr_scale: 1.5,
          restore_faces: false,
          override_settings: expect.objectContaining({
            eta_noise_seed_delta: 31337,
            sd_vae: 'Automatic',
            CLIP_stop_at_last_layers: 2,
          }),
        }),
      ]);
      // --model is the queue's routing model: the worker switched the backend to it before the job.
      expect(await loadedCheckpoint()).toMatch(/^deliberate_v2/);
      // Named like txt2img --out-dir: <index>-<seed>.png.
      expect((await readdir(join(dir, 'flags-out'))).sort()).toEqual(['00000-7.png', '00001-8.png']);
    } finally {
      expect(await worker.stop()).toBe(0);
      await hostile.close();
    }
  });

  it('a hostile backend cannot choose where --wait writes: its seeds never become paths', async () => {
    const escapingSeed = '/../../../../somewhere/else';
    const hostile = await createHostileServer(mock.url, withSeeds([escapingSeed, '../up', 12]));
    const worker = startWorker('hostile', hostile.url);
    try {
      const out = join(dir, 'deep', 'out');
      const io = captureIo();
      const args = ['queue', 'submit', 'x', ...queueFlags('hostile'), '--steps', '1', '--size', '32x32'];
      expect(await sdwebui({ io }, ...args, '--batch-size', '3', '--wait', '--out-dir', out)).toBe(0);
      expect((await readdir(out)).sort()).toEqual(['00000.png', '00001.png', '00002-12.png']);
      expect(await readdir(join(dir, 'deep'))).toEqual(['out']);
    } finally {
      expect(await worker.stop()).toBe(0);
      await hostile.close();
    }
  });

  it('checks every flag before Redis is contacted, in the same words as txt2img', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--batch-size', '0'], /^error: --batch-size must be a whole number from 1 to 100, got "0"$/],
      [['--batch-count', '1001'], /^error: --batch-count must be a whole number from 1 to 1000/],
      [['--size', '500x500'], /^error: --size must be WIDTHxHEIGHT, each a multiple of 8/],
      [['--hires-scale', '9'], /^error: --hires-scale must be a number from 1 to 8/],
      [['--set', 'no-equals'], /^error: --set expects KEY=VALUE/],
      [['--priority', '0'], /^error: --priority must be a whole number from 1 to 2097152/],
      [['--timeout', '1e3'], /^error: --timeout must be a whole number/],
      [['--name', '../etc'], /^error: --name must be 1–64 letters, digits, - or _$/],
      [['-o', 'x.png'], /^error: -o, --out-dir and --overwrite need --wait/],
      [['--wait', '-o', 'x.png', '--out-dir', 'd'], /^error: use -o FILE or --out-dir DIR, not both$/],
    ];
    for (const [flags, message] of cases) {
      const io = captureIo();
      // Redis on port 1 (nothing listens): a case that reached Redis would fail with another message.
      const args = ['queue', 'submit', 'p', '--redis', 'redis://127.0.0.1:1', ...flags];
      expect(await sdwebui({ io }, ...args), flags.join(' ')).toBe(2);
      expect(io.stderr.at(-1), flags.join(' ')).toMatch(message);
    }
  });

  it('says what is missing or wrong: no Redis URL, not a Redis URL, no backend, an unknown or bad job id', async () => {
    const io = captureIo();
    expect(await sdwebui({ io }, 'queue', 'ls')).toBe(2);
    expect(io.stderr.at(-1)).toMatch(
      /^error: --redis <url> \(or REDIS_URL\) is required, e.g. redis:\/\/127\.0\.0\.1:6379; or --sentinel/,
    );
    expect(await sdwebui({ io }, 'queue', 'ls', '--redis', 'http://127.0.0.1:6379')).toBe(2);
    expect(io.stderr.at(-1)).toBe('error: --redis must be a redis:// or rediss:// URL, got http:');
    expect(await sdwebui({ io, untilStopped: async () => {} }, 'worker', '--redis', redis.url)).toBe(2);
    expect(io.stderr.at(-1)).toMatch(/--backend/);
    expect(await sdwebui({ io }, 'queue', 'status', 'j-nope', '--redis', redis.url, '--name', 'cli')).toBe(1);
    expect(io.stderr.at(-1)).toBe('error: no job j-nope in queue cli');
    expect(await sdwebui({ io }, 'queue', 'status', '../etc', '--redis', redis.url)).toBe(2);
    expect(io.stderr.at(-1)).toMatch(/^error: not a job id/);
  });

  it('takes --sentinel with --sentinel-name, or --cluster, in every queue command; one way at a time', async () => {
    const stopped = { untilStopped: async () => {} };
    for (const command of [
      ['queue', 'ls'],
      ['queue', 'dashboard', '--port', '0'],
      ['worker', '--backend', 'http://127.0.0.1:9'],
    ]) {
      let io = captureIo();
      const both = [...command, '--redis', redis.url, '--cluster', '127.0.0.1:1'];
      expect(await sdwebui({ io, ...stopped }, ...both), both.join(' ')).toBe(2);
      expect(io.stderr.at(-1)).toBe(
        'error: --redis and --cluster name Redis twice: give one of --redis, --sentinel or --cluster',
      );
      io = captureIo();
      // Nothing listens on port 1: the sentinels are asked, and the message names them.
      const sentinel = [...command, '--sentinel', '127.0.0.1:1', '--sentinel-name', 'farm'];
      expect(
        await sdwebui({ io, ...stopped, env: { REDIS_PASSWORD: 'hunter22' } }, ...sentinel),
        sentinel.join(' '),
      ).toBe(1);
      expect(io.stderr.at(-1)).toMatch(/^error: cannot use Redis at primary "farm" via sentinels 127\.0\.0\.1:1: /);
      expect(io.stderr.join('\n')).not.toContain('hunter22');
      io = captureIo();
      const cluster = [...command, '--cluster', '127.0.0.1:1', '--cluster', '127.0.0.1:2'];
      expect(await sdwebui({ io, ...stopped }, ...cluster), cluster.join(' ')).toBe(1);
      expect(io.stderr.at(-1)).toMatch(/^error: cannot use Redis at cluster 127\.0\.0\.1:1,127\.0\.0\.1:2: /);
    }
  });

  it('REDIS_URL is read when the command runs, from the environment the CLI was given', async () => {
    const io = captureIo();
    expect(await sdwebui({ io, env: { REDIS_URL: redis.url } }, 'queue', 'ls', '--name', 'empty')).toBe(0);
    expect(io.stderr).toEqual([]);
  });

  it('fails at once, and never prints a password, when Redis is unreachable or a URL holds credentials', async () => {
    const runs: Array<[CliOptions, string[]]> = [
      [{}, ['queue', 'ls', '--redis', 'redis://:hunter22@127.0.0.1:1']],
      [{ env: { REDIS_URL: 'redis://admin:hunter22@127.0.0.1:1' } }, ['queue', 'status']],
      [{}, ['queue', 'submit', 'p', '--redis', 'redis://:hunter22@127.0.0.1:1', '--steps', '2']],
      [
        { untilStopped: async () => {} },
        ['worker', '--redis', 'redis://:hunter22@127.0.0.1:1', '--backend', 'http://user:s3cretpw@127.0.0.1:9'],
      ],
    ];
    for (const [options, args] of runs) {
      const io = captureIo();
      expect(await sdwebui({ io, ...options }, ...args), args.join(' ')).toBe(1);
      expect(io.stderr.at(-1)).toMatch(/^error: cannot use Redis at 127\.0\.0\.1:1: .*ECONNREFUSED.*REDIS_URL\)$/);
      const printed = [...io.stdout, ...io.stderr].join('\n');
      expect(printed).not.toContain('hunter22');
      expect(printed).not.toContain('s3cretpw');
    }
  });

  it('a worker sends the credentials in --backend to a webui with --api-auth, and never prints them', async () => {
    const guarded = await createMockServer({ stepMs: 1, apiAuth: 'user:s3cretpw' });
    const port = new URL(guarded.url).port;
    const worker = startWorker('auth', `http://user:s3cretpw@127.0.0.1:${port}`);
    try {
      const io = captureIo();
      const args = ['queue', 'submit', 'p', ...queueFlags('auth'), '--steps', '1', '--size', '32x32', '--json'];
      expect(await sdwebui({ io }, ...args, '--wait', '--out-dir', join(dir, 'auth-out'))).toBe(0);
      expect(JSON.parse(io.stdout.join('\n'))).toMatchObject({
        backend: `127.0.0.1:${port}`,
        images: [{ seed: expect.any(Number) }],
      });
    } finally {
      expect(await worker.stop()).toBe(0);
      await guarded.close();
    }
    expect(worker.io.stderr.join('\n')).toContain(`127.0.0.1:${port} (up)`);
    expect([...worker.io.stdout, ...worker.io.stderr].join('\n')).not.toContain('s3cretpw');
  });

  it('queue status --json shows a backend as scheme, host and port: never a ?token= from --backend', async () => {
    const worker = startWorker('token', `${mock.url}/?token=q-s3cret#frag-s3cret`);
    try {
      const io = captureIo();
      const args = ['queue', 'submit', 'p', ...queueFlags('token'), '--steps', '1', '--size', '32x32'];
      expect(await sdwebui({ io }, ...args, '--wait', '--out-dir', join(dir, 'token-out'))).toBe(0);
      const statusIo = captureIo();
      expect(await sdwebui({ io: statusIo }, 'queue', 'status', '--json', ...queueFlags('token'))).toBe(0);
      const printed = statusIo.stdout.join('\n');
      expect(JSON.parse(printed)).toMatchObject({ backends: [{ url: mock.url }] });
      expect(printed).not.toContain('s3cret');
    } finally {
      expect(await worker.stop()).toBe(0);
    }
    expect([...worker.io.stdout, ...worker.io.stderr].join('\n')).not.toContain('s3cret');
  });
});
