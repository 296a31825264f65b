// In-process figures: synthetic image cost, client overhead, image decoding, codegen, type-check
// cost and bundle size, each against a baseline measured in the same run.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { zlibSync } from 'fflate';
import { execFileSync } from 'node:child_process';
import { createWebuiClient } from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock';
import { runPipeline } from '@sdwebui/spec';
import openapiTS, { astToString } from 'openapi-typescript';
import createOpenapiFetch from 'openapi-fetch';
// The SDK's own openapi-fetch instance, not exported by the package: reached through its built module.
import { createCallClient } from '../../packages/client/dist/raw-client/index.js';
import { figure, mapStats, timePair, timeRounds } from './stats.mjs';
import { bundleSizes } from '../bundle-size.mjs';
import { validationCost } from './validation.mjs';

const root = new URL('../../', import.meta.url).pathname;

/**
 * The mock's pixels for this request: its gradient between two colours from sha256(`seed|prompt`), the rows of
 * `webui/png` (each a slice of one diagonal table) with filter byte 0. Checked against the mock's own IDAT below.
 */
function mockRows(key, width, height) {
  const digest = createHash('sha256').update(key).digest();
  const span = Math.max(1, width + height - 2);
  const diagonal = new Uint8Array((width + height) * 3);
  for (let d = 0; d < width + height; d++) {
    const t = Math.min(d, span) / span;
    for (let c = 0; c < 3; c++) diagonal[d * 3 + c] = digest[c] + (digest[3 + c] - digest[c]) * t;
  }
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) raw.set(diagonal.subarray(y * 3, (y + width) * 3), y * stride + 1);
  return raw;
}

/** The IDAT data of a PNG with one IDAT chunk. */
function idatOf(png) {
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') return png.subarray(at + 8, at + 8 + length);
    at += 12 + length;
  }
  throw new Error("no IDAT in the mock's PNG");
}

/**
 * 512x512 PNG with its parameters chunk, made through the mock's txt2img, vs filling and deflating the same
 * pixels alone (same colours, same encoder: fflate at level 1, as the mock since #26). The request carries `content-length`, as every client's does: an
 * in-process request without it takes the body limit's slow path (the whole body re-read into a new Request),
 * which no request through the server takes.
 */
/** Requests before the PNG figure is timed, and per timed run. */
const PNG_WARM_UP = 200;
const PNG_PER_RUN = 50;

async function generationCost() {
  const { createMockApp } = await import('@sdwebui/mock');
  const { app } = createMockApp();
  const body = JSON.stringify({ prompt: 'puppy dog', steps: 1, seed: 1 });
  const init = {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    body,
  };
  const reply = await app.request('/sdapi/v1/txt2img', init);
  if (reply.status !== 200) throw new Error(`txt2img answered ${reply.status}: ${await reply.text()}`);
  const png = Buffer.from((await reply.json()).images[0], 'base64');
  const pixels = () => mockRows('1|puppy dog', 512, 512);
  if (!inflateSync(idatOf(png)).equals(pixels())) throw new Error('the baseline fills other pixels than the mock');
  const generateMany = async (count) => {
    for (let i = 0; i < count; i++) await (await app.request('/sdapi/v1/txt2img', init)).arrayBuffer();
  };
  const deflateMany = (count) => {
    for (let i = 0; i < count; i++) zlibSync(pixels(), { level: 1 });
  };
  // Steady state, as a mock serving a test suite runs: the first requests compile the mock's code
  // (about the first hundred run slower), which the load figures leave to their warm-up run too.
  await generateMany(PNG_WARM_UP);
  deflateMany(PNG_WARM_UP);
  const { value, baseline } = await timePair(
    () => generateMany(PNG_PER_RUN),
    () => deflateMany(PNG_PER_RUN),
  );
  const perImage = (s) => mapStats(s, (ms) => ms / PNG_PER_RUN);
  return figure({
    name: 'synthetic 512x512 PNG + parameters chunk, whole txt2img request in-process (per image) vs filling and deflating the same pixels alone',
    unit: 'ms',
    value: perImage(value),
    baseline: perImage(baseline),
    target: 1.5,
    better: 'lower',
  });
}

/**
 * client.samplers() vs fetch + JSON.parse against the same mock, alternated in one run with two
 * openapi-fetch GETs: as it comes (a `Request` per call, which fetch copies), what a plain
 * openapi-fetch user pays; and the SDK's own instance alone (openapi-fetch's `Request` option
 * keeping fetch's two arguments, the size limit; no call loop, no Node dispatcher): the floor
 * under the client's figure while openapi-fetch builds its requests.
 */
/** Calls per subject and round: short rounds, so that many of them fit and a median settles. */
const CALLS = 250;

async function clientOverhead(url) {
  const client = createWebuiClient({ baseUrl: url });
  const raw = createOpenapiFetch({ baseUrl: url });
  const sdkInstance = createCallClient({ baseUrl: url });
  const subjects = {
    client: async () => {
      for (let i = 0; i < CALLS; i++) await client.samplers();
    },
    fetch: async () => {
      for (let i = 0; i < CALLS; i++) JSON.parse(await (await fetch(`${url}/sdapi/v1/samplers`)).text());
    },
    openapiFetch: async () => {
      for (let i = 0; i < CALLS; i++) JSON.parse((await raw.GET('/sdapi/v1/samplers', { parseAs: 'text' })).data);
    },
    sdkInstance: async () => {
      for (let i = 0; i < CALLS; i++)
        JSON.parse((await sdkInstance.GET('/sdapi/v1/samplers', { parseAs: 'text' })).data);
    },
  };
  const {
    client: value,
    fetch: baseline,
    openapiFetch,
    sdkInstance: floor,
  } = await timeRounds(subjects, {
    baseline: 'fetch',
  });
  const informational = (name, timed) => ({
    ...figure({ name, unit: 'ms', value: timed, baseline, target: 1.05, better: 'lower' }),
    target: 'informational',
    pass: true,
  });
  return [
    figure({
      name: `client.samplers() round trip vs raw fetch + JSON.parse (${CALLS} calls a round)`,
      unit: 'ms',
      value,
      baseline,
      target: 1.05,
      better: 'lower',
    }),
    informational(
      "openapi-fetch as the client uses it (the SDK's instance alone: fetch's two arguments, size limit) GET + JSON.parse vs raw fetch + JSON.parse",
      floor,
    ),
    informational(
      "openapi-fetch's default GET + JSON.parse (a Request per call, copied by fetch) vs raw fetch + JSON.parse",
      openapiFetch,
    ),
  ];
}

/** Decoding a txt2img answer with 8 images of 1.5 MB (random bytes base64, ~16 MB JSON) vs Buffer.from. */
async function decode() {
  const { decodeImagesForBench } = await import('./decode.mjs');
  const images = Array.from({ length: 8 }, () => randomBytes(1536 * 1024).toString('base64'));
  const payload = images.reduce((total, image) => total + image.length, 0);
  const info = JSON.stringify({
    infotexts: images.map(() => 'x'),
    all_seeds: images.map((_, i) => i),
    index_of_first_image: 0,
  });
  const { client: value, buffer: baseline } = await timeRounds(
    {
      client: async () => {
        for (let i = 0; i < 5; i++) decodeImagesForBench({ images, info, parameters: {} });
      },
      buffer: async () => {
        for (let i = 0; i < 5; i++) for (const image of images) Buffer.from(image, 'base64');
      },
    },
    { baseline: 'buffer' },
  );
  global.gc?.();
  const before = process.memoryUsage().arrayBuffers;
  const decoded = decodeImagesForBench({ images, info, parameters: {} });
  const rss = process.memoryUsage().arrayBuffers - before;
  if (decoded.length !== 8) throw new Error('decode produced the wrong number of images');
  return [
    figure({
      name: 'decode 8 x 1.5 MB images, 5 times (client) vs Buffer.from(b64) per image',
      unit: 'ms',
      value,
      baseline,
      target: 1.1,
      better: 'lower',
    }),
    {
      name: 'memory held by the decoded images (ArrayBuffers), vs the base64 payload size',
      unit: 'bytes',
      value: rss,
      baseline: payload,
      ratio: rss / payload,
      target: '<= 2x payload',
      pass: rss / payload <= 2,
    },
  ];
}

/** pull-free normalize + codegen of the 1.10 capture vs openapi-typescript alone on the raw capture. */
async function codegen() {
  const raw = JSON.parse(
    await (await import('node:fs/promises')).readFile(join(root, 'spec/a1111-1.10/openapi.raw.json'), 'utf8'),
  );
  // Seconds a round: fewer rounds than the default.
  const { value, baseline } = await timePair(
    () =>
      runPipeline({
        specDir: join(root, 'spec'),
        outDir: join(root, 'packages/client/src/generated'),
        targets: ['a1111-1.10'],
      }),
    async () => astToString(await openapiTS(structuredClone(raw), { silent: true })),
    { minRounds: 7, maxRounds: 21 },
  );
  return [
    figure({
      name: 'normalize + gen of the 1.10 capture (incl. extensions) vs openapi-typescript alone on the raw capture',
      unit: 'ms',
      value,
      baseline,
      target: 4,
      better: 'lower',
    }),
    {
      ...figure({
        name: 'normalize + gen of the 1.10 capture, absolute',
        unit: 'ms',
        value,
        baseline,
        absolute: Object.assign((ms) => ms <= 1500, { text: '<= 1500 ms' }),
      }),
    },
  ];
}

/** tsc --noEmit of a consumer using the client vs the same file without it. */
async function typecheck() {
  const dir = await mkdtemp(join(root, 'bench/.tsc-'));
  try {
    const tsconfig = (file) =>
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          skipLibCheck: true,
          types: [],
        },
        files: [file],
      });
    await writeFile(
      join(dir, 'with.ts'),
      "import { createWebuiClient } from '@sdwebui/client';\nconst client = createWebuiClient({ baseUrl: 'http://x' });\nexport const job = client.txt2img({ prompt: 'x', steps: 5 });\nexport const models = client.listModels();\n",
    );
    await writeFile(
      join(dir, 'plain.ts'),
      "export const job = { prompt: 'x', steps: 5 };\nexport const models: string[] = [];\n",
    );
    await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    await writeFile(join(dir, 'tsconfig.with.json'), tsconfig('with.ts'));
    await writeFile(join(dir, 'tsconfig.plain.json'), tsconfig('plain.ts'));
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const run = (config) => () =>
      execFileSync(process.execPath, [tsc, '-p', join(dir, config)], { cwd: dir, stdio: 'pipe' });
    const { value, baseline } = await timePair(run('tsconfig.with.json'), run('tsconfig.plain.json'), {
      minRounds: 5,
      maxRounds: 15,
    });
    return figure({
      name: 'tsc --noEmit of a file using @sdwebui/client vs the same file without it',
      unit: 'ms',
      value,
      baseline,
      target: 3,
      better: 'lower',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function bundles() {
  const sizes = await bundleSizes();
  const one = (n) => ({ min: n, median: n, max: n, n: 1 });
  const figures = [
    figure({
      name: 'bundle (ESM, minified + gzip, entry chunk): createWebuiClient from @sdwebui/client vs openapi-fetch runtime',
      unit: 'bytes',
      value: one(sizes.client.gzip),
      baseline: one(sizes.openapiFetch.gzip),
      absolute: Object.assign((bytes) => bytes <= 8192, { text: '<= 8 KB gzip' }),
    }),
  ];
  if (sizes.nodeSdWebui) {
    figures.push(
      figure({
        name: 'bundle (ESM, minified + gzip): @sdwebui/client vs node-sd-webui 0.0.8 (npm peer)',
        unit: 'bytes',
        value: one(sizes.client.gzip),
        baseline: one(sizes.nodeSdWebui.gzip),
        target: 100,
        better: 'lower',
      }),
    );
  }
  figures.push(
    figure({
      name: "bundle (gzip): the browser mock's Service Worker as shipped (BROWSER_MOCK_WORKER, its profiles' data included) vs the SDK's entry chunk",
      unit: 'bytes',
      value: one(sizes.browserMockWorker.gzip),
      baseline: one(sizes.client.gzip),
      absolute: Object.assign((bytes) => bytes <= 300 * 1024, { text: '<= 300 KiB gzip' }),
    }),
  );
  figures.push({
    name: 'bundle: stable-diffusion-api 0.0.7 (npm peer)',
    skipped: 'not bundled: it depends on sharp, a native Node module, so it has no browser build to compare',
  });
  return figures;
}

export async function cpuFigures() {
  const server = await createMockServer({ logRequests: false });
  try {
    return [
      await generationCost(),
      await validationCost(),
      ...(await clientOverhead(server.url)),
      ...(await decode()),
      ...(await codegen()),
      await typecheck(),
      ...(await bundles()),
    ];
  } finally {
    await server.close();
  }
}
