// The worker's event loop while a hostile backend answers: the longest stall (monitorEventLoopDelay's
// max) during one job answered with a flood of 285,000 three-byte "PNG"s (2 MB, refused by count
// before decoding) and during one answered with eight large images just under the worker's 32 MiB
// answer limit (decoded and stored). Baseline: the same measurement during a job answered with one
// small image. Producer, worker and the backend share one process, so the figure includes their work.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createFileStore, createQueue, createWorker } from '@sdwebui/queue';
import { figure, stats, RUNS } from './stats.mjs';

const MODEL = {
  title: 'bench.safetensors [0000000000]',
  model_name: 'bench',
  hash: '0000000000',
  filename: 'bench.safetensors',
};
const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** A PNG signature and IHDR, then incompressible bytes: what a large real image costs to decode and store. */
function largeImage(bytes) {
  const image = randomBytes(Math.floor(bytes));
  Buffer.from(PNG_1x1, 'base64').subarray(0, 33).copy(image);
  return image.toString('base64');
}

const answerOf = (images, batch) =>
  Buffer.from(
    JSON.stringify({
      images,
      info: JSON.stringify({ infotexts: images.map(() => 'bench'), all_seeds: images.map(() => 1) }),
      parameters: { batch_size: batch },
    }),
  );

/** A webui that answers health checks and answers every txt2img with the bytes of the current `answer`. */
async function hostileBackend() {
  const state = { answer: answerOf([PNG_1x1], 1) };
  const server = createServer((request, response) => {
    request.resume();
    const json = (body) => response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    if (request.url === '/sdapi/v1/sd-models') return json(JSON.stringify([MODEL]));
    if (request.url === '/sdapi/v1/options') return json(JSON.stringify({ sd_model_checkpoint: MODEL.title }));
    if (request.url === '/sdapi/v1/txt2img') return request.on('end', () => json(state.answer));
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { state, url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** The longest event-loop stall (ms) during one queued job, whatever its outcome. */
async function stallDuring(queue, params) {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await queue.txt2img(params).result.catch(() => undefined);
  histogram.disable();
  return histogram.max / 1e6;
}

/** The figures, on the group's private redis-server. */
export async function queueHostileFigures(redis) {
  const storeDir = await mkdtemp(join(tmpdir(), 'bench-queue-hostile-'));
  const backend = await hostileBackend();
  const store = createFileStore({ dir: storeDir });
  const queue = createQueue({ connection: redis.url, name: 'bench-hostile', store, keepMs: 60_000 });
  const worker = await createWorker({
    connection: redis.url,
    name: 'bench-hostile',
    store,
    backends: [{ url: backend.url }],
  });
  const answers = {
    small: answerOf([PNG_1x1], 1),
    flood: answerOf(
      Array.from({ length: 285_000 }, () => 'iVBO'),
      1,
    ),
    large: answerOf(
      Array.from({ length: 8 }, () => largeImage(2.9 * 1024 * 1024)),
      8,
    ),
  };
  const measure = async (kind, batch) => {
    backend.state.answer = answers[kind];
    await stallDuring(queue, { prompt: 'warm-up', batch_size: batch });
    const stalls = [];
    for (let i = 0; i < RUNS; i++) stalls.push(await stallDuring(queue, { prompt: 'bench', batch_size: batch }));
    return stats(stalls);
  };
  try {
    const baseline = await measure('small', 1);
    const limit = (v) => v <= 100;
    limit.text = '<= 100 ms';
    return [
      figure({
        name: 'worker event-loop stall (max) during one answer of 285,000 three-byte "PNG"s (2 MB; refused before decoding) vs one small answer',
        unit: 'ms',
        value: await measure('flood', 1),
        baseline,
        absolute: limit,
      }),
      figure({
        name: `worker event-loop stall (max) during one answer of 8 incompressible images (${(answers.large.length / 2 ** 20).toFixed(0)} MiB, under the worker's 32 MiB limit; decoded and stored) vs one small answer`,
        unit: 'ms',
        value: await measure('large', 8),
        baseline,
        absolute: limit,
      }),
    ];
  } finally {
    await worker.close();
    await queue.close();
    await backend.close();
    await rm(storeDir, { recursive: true, force: true });
  }
}
