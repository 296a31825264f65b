import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPngParameters } from '@sdwebui/infotext';
import { createMockServer, type MockServer } from '@sdwebui/mock';
import type { JobProgress } from '@sdwebui/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliOptions } from '../index.js';
import { captureIo } from '../testing/io.js';
import { createHostileServer, withSeeds } from '../testing/hostile-server.js';

let work: string;
let server: MockServer;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'sdwebui-cli-gen-'));
  server = await createMockServer({ stepMs: 20 });
});
afterEach(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

const sdwebui = (options: CliOptions, ...args: string[]) => runCli(['node', 'sdwebui', ...args], options);
const chunk = async (path: string) => readPngParameters(new Uint8Array(await readFile(path)));

describe('sdwebui txt2img', () => {
  it('shows progress advancing (mock at 200 ms a step), writes the PNG with its metadata and prints the infotext', async () => {
    const slow = await createMockServer({ stepMs: 200 });
    const io = captureIo();
    const reports: JobProgress[] = [];
    const out = join(work, 'puppy.png');
    const code = await sdwebui(
      { io, onProgress: (report) => reports.push(report), onInterrupt: () => {} },
      'txt2img',
      'puppy dog',
      '--steps',
      '10',
      '--size',
      '64x48',
      '--seed',
      '7',
      '-o',
      out,
      '--url',
      slow.url,
    );
    await slow.close();
    expect(code).toBe(0);
    const steps = reports
      .filter((report) => report.step !== null && !report.done)
      .map((report) => report.step as number);
    expect(new Set(steps).size).toBeGreaterThanOrEqual(2);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(reports.at(-1)?.done).toBe(true);
    const infotext = await chunk(out);
    expect(infotext).toMatch(
      /^puppy dog\nSteps: 10, Sampler: Euler, Schedule type: Automatic, CFG scale: 7\.0, Seed: 7, Size: 64x48, /,
    );
    expect(io.stdout.join('\n')).toBe(`${out}\n${infotext}`);
  });

  it('--json prints the written files and the info; --batch-size numbers the files', async () => {
    const io = captureIo();
    const out = join(work, 'cat.png');
    const code = await sdwebui(
      { io, onInterrupt: () => {} },
      'txt2img',
      'cat',
      '--steps',
      '2',
      '--size',
      '32x32',
      '--batch-size',
      '2',
      '--seed',
      '100',
      '-o',
      out,
      '--json',
      '--url',
      server.url,
    );
    expect(code).toBe(0);
    const printed = JSON.parse(io.stdout.join('\n'));
    expect(printed.images.map((image: { path: string; seed: number }) => [image.path, image.seed])).toEqual([
      [join(work, 'cat-1.png'), 100],
      [join(work, 'cat-2.png'), 101],
    ]);
    expect(printed.info).toMatchObject({ prompt: 'cat', all_seeds: [100, 101], batch_size: 2 });
    expect(await chunk(join(work, 'cat-2.png'))).toBe(printed.images[1].infotext);
  });

  it('Ctrl-C cancels the job on the server and exits 130', async () => {
    const io = captureIo();
    let interrupt: (() => void) | undefined;
    const code = await sdwebui(
      {
        io,
        onInterrupt: (handler) => (interrupt = handler),
        onProgress: (report) => {
          if ((report.step ?? 0) >= 2) interrupt?.();
        },
      },
      'txt2img',
      'long',
      '--steps',
      '5000',
      '--out-dir',
      work,
      '--url',
      server.url,
    );
    expect(code).toBe(130);
    expect(io.stderr).toContain('cancelled');
    expect(await readdir(work)).toEqual([]);
    // The CLI exits as soon as the request is aborted; the interrupt lands on the server just after.
    const deadline = Date.now() + 5_000;
    while (server.state.state.jobCount !== 0 && Date.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve));
    expect(server.state.state.jobCount).toBe(0);
    expect(server.state.state.interrupted).toBe(true);
    expect(server.state.state.samplingStep).toBeLessThan(5000);
  });

  it('says what to do when the webui is not there, or needs credentials', async () => {
    const stopped = await createMockServer();
    await stopped.close();
    const io = captureIo();
    expect(await sdwebui({ io, onInterrupt: () => {} }, 'txt2img', 'x', '--url', stopped.url)).toBe(1);
    expect(io.stderr.join('\n')).toMatch(
      /^error: cannot reach .* \(ECONNREFUSED\): is the webui running, started with --api/,
    );
    const locked = await createMockServer({ apiAuth: 'u:p' });
    try {
      const denied = captureIo();
      expect(await sdwebui({ io: denied, onInterrupt: () => {} }, 'models', '--url', locked.url)).toBe(1);
      expect(denied.stderr).toEqual([
        'error: GET /sdapi/v1/sd-models: the webui requires credentials (it runs with --api-auth): pass --auth user:pass or set SDWEBUI_AUTH',
      ]);
      const allowed = captureIo();
      expect(await sdwebui({ io: allowed }, 'models', '--url', locked.url, '--auth', 'u:p')).toBe(0);
    } finally {
      await locked.close();
    }
    expect(await sdwebui({ io: captureIo() }, 'txt2img', 'x', '--size', 'big', '--url', server.url)).toBe(2);
  });
});

describe('the other webui commands', () => {
  it('img2img with a mask, upscale, rerun and png-info keep and read the metadata', async () => {
    const io = captureIo();
    const source = join(work, 'source.png');
    await sdwebui(
      { io, onInterrupt: () => {} },
      'txt2img',
      'a lighthouse',
      '--steps',
      '3',
      '--size',
      '32x32',
      '--seed',
      '5',
      '-o',
      source,
      '--url',
      server.url,
    );
    const edited = join(work, 'edited.png');
    expect(
      await sdwebui(
        { io, onInterrupt: () => {} },
        'img2img',
        source,
        'a lighthouse at night',
        '--mask',
        source,
        '--denoise',
        '0.4',
        '--steps',
        '2',
        '--size',
        '32x32',
        '-o',
        edited,
        '--url',
        server.url,
      ),
    ).toBe(0);
    expect(await chunk(edited)).toContain('Denoising strength: 0.4');

    const upscaled = join(work, 'big.png');
    expect(await sdwebui({ io }, 'upscale', source, '--scale', '2', '-o', upscaled, '--url', server.url)).toBe(0);
    expect(await chunk(upscaled)).toBe(await chunk(source));

    const again = join(work, 'again.png');
    expect(await sdwebui({ io, onInterrupt: () => {} }, 'rerun', source, '-o', again, '--url', server.url)).toBe(0);
    expect(await readFile(again)).toEqual(await readFile(source));

    const info = captureIo();
    expect(await sdwebui({ io: info }, 'png-info', source, '--json')).toBe(0);
    expect(JSON.parse(info.stdout.join('\n'))).toMatchObject({
      prompt: 'a lighthouse',
      seed: 5,
      steps: 3,
      params: { Sampler: 'Euler' },
    });
    const none = captureIo();
    expect(await sdwebui({ io: none }, 'png-info', join(work, 'missing.png'))).toBe(2);
  });

  it('models, samplers and options print text or JSON', async () => {
    const models = captureIo();
    await sdwebui({ io: models }, 'models', '--url', server.url);
    expect(models.stdout[0]?.split('\n')).toContain('deliberate_v2.safetensors [15edd4519f]');
    const samplers = captureIo();
    await sdwebui({ io: samplers }, 'samplers', '--json', '--url', server.url);
    expect(JSON.parse(samplers.stdout.join('\n'))[0]).toMatchObject({ name: 'DPM++ 2M' });
    const schedulers = captureIo();
    await sdwebui({ io: schedulers }, 'schedulers', '--json', '--url', server.url);
    expect(JSON.parse(schedulers.stdout.join('\n'))[2]).toMatchObject({ label: 'Karras' });

    expect(
      await sdwebui(
        { io: captureIo() },
        'options',
        'set',
        'sd_model_checkpoint=deliberate_v2',
        'CLIP_stop_at_last_layers=2',
        '--url',
        server.url,
      ),
    ).toBe(0);
    const get = captureIo();
    await sdwebui({ io: get }, 'options', 'get', 'sd_model_checkpoint', '--url', server.url);
    // Issue #24: text as it is (it printed JSON quotes without --json).
    expect(get.stdout).toEqual(['deliberate_v2.safetensors [15edd4519f]']);
    const quoted = captureIo();
    await sdwebui({ io: quoted }, 'options', 'get', 'sd_model_checkpoint', '--json', '--url', server.url);
    expect(quoted.stdout).toEqual(['"deliberate_v2.safetensors [15edd4519f]"']);
    const clip = captureIo();
    await sdwebui({ io: clip }, 'options', 'get', 'CLIP_stop_at_last_layers', '--json', '--url', server.url);
    expect(clip.stdout).toEqual(['2']);
    expect(await sdwebui({ io: captureIo() }, 'options', 'get', 'nope', '--url', server.url)).toBe(2);
  });
});

describe('a hostile webui cannot choose where files go', () => {
  const outside = '/../../../../somewhere/else';

  it.each([
    [
      'txt2img',
      (url: string, dir: string) => ['txt2img', 'x', '--steps', '1', '--size', '32x32', '--out-dir', dir, '--url', url],
    ],
    [
      'img2img',
      (url: string, dir: string, source: string) => [
        'img2img',
        source,
        'x',
        '--steps',
        '1',
        '--size',
        '32x32',
        '--out-dir',
        dir,
        '--url',
        url,
      ],
    ],
    ['rerun', (url: string, dir: string, source: string) => ['rerun', source, '--out-dir', dir, '--url', url]],
  ])('%s --out-dir: seeds that are paths never leave DIR', async (_name, args) => {
    const source = join(work, 'source.png');
    expect(
      await sdwebui(
        { io: captureIo(), onInterrupt: () => {} },
        'txt2img',
        'a',
        '--steps',
        '1',
        '--size',
        '32x32',
        '--seed',
        '3',
        '-o',
        source,
        '--url',
        server.url,
      ),
    ).toBe(0);
    const hostile = await createHostileServer(server.url, withSeeds([outside, '../up', 12]));
    try {
      const dir = join(work, 'deep', 'a', 'b', 'c', 'out');
      const io = captureIo();
      const code = await sdwebui({ io, onInterrupt: () => {} }, ...args(hostile.url, dir, source), '--batch-size', '3');
      expect(io.stderr).toEqual([]);
      expect(code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['00000.png', '00001.png', '00002-12.png']);
      expect(await readdir(join(work, 'deep'))).toEqual(['a']);
      expect((await readdir(work)).sort()).toEqual(['deep', 'source.png']);
    } finally {
      await hostile.close();
    }
  });

  it('--out-dir names a grid by its place (index_of_first_image), not by a missing seed', async () => {
    const gridFirst = (path: string, body: Record<string, unknown>) => {
      if (path !== '/sdapi/v1/txt2img') return undefined;
      const info = JSON.parse(String(body.info)) as Record<string, unknown>;
      // The webui's answer with a grid: it comes first, and the seeds describe the images after it.
      return { ...body, info: JSON.stringify({ ...info, index_of_first_image: 1, all_seeds: [5, 6] }) };
    };
    const hostile = await createHostileServer(server.url, gridFirst);
    try {
      const dir = join(work, 'grid');
      const args = ['txt2img', 'x', '--steps', '1', '--size', '32x32', '--batch-size', '2', '--out-dir', dir];
      expect(await sdwebui({ io: captureIo(), onInterrupt: () => {} }, ...args, '--url', hostile.url)).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['00000-grid.png', '00001-5.png']);
    } finally {
      await hostile.close();
    }
  });

  it('-o FILE and rerunning into an existing file: refused without --overwrite, nothing replaced', async () => {
    const hostile = await createHostileServer(server.url, withSeeds([outside]));
    try {
      const out = join(work, 'one.png');
      expect(
        await sdwebui(
          { io: captureIo(), onInterrupt: () => {} },
          'txt2img',
          'x',
          '--steps',
          '1',
          '--size',
          '32x32',
          '-o',
          out,
          '--url',
          hostile.url,
        ),
      ).toBe(0);
      expect(await readdir(work)).toEqual(['one.png']);
      const before = await readFile(out);
      const io = captureIo();
      expect(
        await sdwebui({ io, onInterrupt: () => {} }, 'rerun', out, '--seed', '9', '-o', out, '--url', hostile.url),
      ).toBe(1);
      expect(io.stderr).toEqual([`error: ${out} exists; pass --overwrite to replace it`]);
      expect(await readFile(out)).toEqual(before);
      expect(hostile.requests.filter((request) => request.path === '/sdapi/v1/txt2img')).toHaveLength(1);
      expect(
        await sdwebui(
          { io: captureIo(), onInterrupt: () => {} },
          'rerun',
          out,
          '--seed',
          '9',
          '-o',
          out,
          '--overwrite',
          '--url',
          hostile.url,
        ),
      ).toBe(0);
      expect(await readFile(out)).not.toEqual(before);
      expect(await readdir(work)).toEqual(['one.png']);

      const upscaled = join(work, 'up.png');
      expect(await sdwebui({ io: captureIo() }, 'upscale', out, '-o', upscaled, '--url', hostile.url)).toBe(0);
      expect(await sdwebui({ io: captureIo() }, 'upscale', out, '-o', upscaled, '--url', hostile.url)).toBe(1);
      expect(hostile.requests.filter((request) => request.path === '/sdapi/v1/extra-single-image')).toHaveLength(1);
      expect(
        await sdwebui({ io: captureIo() }, 'upscale', out, '-o', upscaled, '--overwrite', '--url', hostile.url),
      ).toBe(0);
    } finally {
      await hostile.close();
    }
  });
});
