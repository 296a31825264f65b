// HTTP figures: the mock against a bare node:http server (and Prism) returning the same bytes,
// each server in its own process.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { spawnGroup } from './process-group.mjs';
import { figure, RUNS, stats, timePair } from './stats.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const here = new URL('../', import.meta.url);
const MiB = 2 ** 20;
/** Generations per round of the memory figures. */
const GENERATIONS = 1000;
const TXT2IMG = JSON.stringify({ prompt: 'puppy dog', steps: 20, seed: 1 });
const JSON_POST = { method: 'POST', body: TXT2IMG, headers: { 'content-type': 'application/json' } };

/**
 * Starts `node SCRIPT ARGS` and resolves once it printed its URL. With `memory`, the process also
 * gets --expose-gc and an IPC channel, and `memory()` asks it for its RSS and heap after a GC. With
 * `runtime` (`[binary, ...its arguments before the script]`), another runtime runs the script.
 */
export async function startServer(script, args = [], { memory = false, runtime = [process.execPath] } = {}) {
  const flags = memory ? ['--expose-gc'] : [];
  const [command, ...runtimeArgs] = runtime;
  const child = spawn(command, [...runtimeArgs, ...flags, new URL(script, here).pathname, ...args], {
    cwd: here.pathname,
    stdio: ['ignore', 'pipe', 'inherit', ...(memory ? ['ipc'] : [])],
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    url,
    memory: () => new Promise((resolve) => (child.once('message', resolve), child.send('memory'))),
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

export async function load(url, { connections, method = 'GET', body, headers, amount }) {
  const extent = amount === undefined ? { duration: SECONDS } : { amount };
  const result = await autocannon({ url, connections, ...extent, method, body, headers });
  if (result.errors || result.non2xx) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Alternates subject and baseline runs so drift in machine load hits both alike. */
async function alternate(subjectUrl, baselineUrl, options) {
  const [subject, baseline] = await rotate([subjectUrl, baselineUrl], options);
  return { subject, baseline };
}

/**
 * Runs each URL in turn, RUNS rounds after a warm-up round, each round starting one URL further
 * along (none always first): the runs of every URL, round by round.
 */
export async function rotate(urls, options) {
  for (const url of urls) await load(url, options);
  const runs = urls.map(() => []);
  for (let round = 0; round < RUNS; round++) {
    for (let k = 0; k < urls.length; k++) {
      const index = (round + k) % urls.length;
      runs[index].push(await load(urls[index], options));
    }
  }
  return runs;
}

/** What the mock answers, saved to a file a bare server sends back for every request. */
async function savedAnswer(dir, name, url, init) {
  const file = join(dir, name);
  await writeFile(file, Buffer.from(await (await fetch(url, init)).arrayBuffer()));
  return file;
}

/** Milliseconds from spawning a server process to the end of its first answer. */
async function readyMs(script, args, path) {
  const started = performance.now();
  const server = await startServer(script, args);
  await (await fetch(`${server.url}${path}`)).arrayBuffer();
  const elapsed = performance.now() - started;
  await server.stop();
  return elapsed;
}

export async function httpFigures() {
  const figures = [];
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-bench-http-'));
  try {
    figures.push(...(await samplersFigures(dir)));
    figures.push(await replayFigure(dir));
    figures.push(await readyFigure());
    figures.push(...(await memoryFigures(dir)));
    figures.push(await prismFigure());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

/**
 * The mock's samplers figure, then the same for a one-route Hono app on @hono/node-server (no
 * target: it shows what the framework alone reaches against node:http). The three servers take
 * turns in the same rounds, so the reference meets the same machine as the mock.
 */
async function samplersFigures(dir) {
  const mock = await startServer('servers/mock.mjs');
  const answer = await savedAnswer(dir, 'samplers', `${mock.url}/sdapi/v1/samplers`);
  const bare = await startServer('servers/bare.mjs', [answer]);
  const floor = await startServer('servers/hono-floor.mjs', [answer]);
  const path = '/sdapi/v1/samplers';
  try {
    const [mockRuns, bareRuns, floorRuns] = await rotate(
      [`${mock.url}${path}`, `${bare.url}/`, `${floor.url}${path}`],
      {
        connections: 10,
      },
    );
    const rps = (runs) => stats(runs.map((r) => r.rps));
    const reference = figure({
      name: 'reference, no target: a one-route Hono app on @hono/node-server (same bytes) vs bare node:http, requests/s',
      unit: 'req/s',
      value: rps(floorRuns),
      baseline: rps(bareRuns),
      target: 0,
    });
    return [
      figure({
        name: 'mock GET /sdapi/v1/samplers, requests/s vs bare node:http (same bytes), 10 connections',
        unit: 'req/s',
        value: rps(mockRuns),
        baseline: rps(bareRuns),
        target: 0.8,
      }),
      { ...reference, target: 'none (reference)' },
    ];
  } finally {
    await floor.stop();
    await bare.stop();
    await mock.stop();
  }
}

async function replayFigure(dir) {
  const replay = await startServer('servers/replay.mjs');
  const url = `${replay.url}/sdapi/v1/txt2img`;
  const bare = await startServer('servers/bare.mjs', [await savedAnswer(dir, 'txt2img', url, JSON_POST)]);
  try {
    const { subject, baseline } = await alternate(url, `${bare.url}/`, { connections: 32, ...JSON_POST });
    return figure({
      name: 'mock txt2img replay (512x512 PNG cassette), p99 latency at 32 connections vs bare node:http (same bytes)',
      unit: 'ms',
      value: stats(subject.map((r) => r.p99)),
      baseline: stats(baseline.map((r) => r.p99)),
      target: 2,
      better: 'lower',
    });
  } finally {
    await replay.stop();
    await bare.stop();
  }
}

async function readyFigure() {
  const { value, baseline } = await timePair(
    () => readyMs('servers/mock.mjs', [], '/internal/ping'),
    () => readyMs('servers/bare.mjs', [], '/'),
  );
  return figure({
    name: 'mock ready: process start to first answered request (GET /internal/ping) vs bare node:http started the same way; for reference (published, not measured here): Steady 130 ms, Prism 1100 ms',
    unit: 'ms',
    value,
    baseline,
    target: 2,
    better: 'lower',
  });
}

/**
 * RSS after a GC, the mock against a bare node:http server sending the mock's own txt2img answer:
 * idle (after one request), then after each of RUNS rounds of 1,000 generations (1,000 answers).
 */
async function memoryFigures(dir) {
  const mock = await startServer('servers/mock.mjs', [], { memory: true });
  const url = `${mock.url}/sdapi/v1/txt2img`;
  const bare = await startServer('servers/bare.mjs', [await savedAnswer(dir, 'generation', url, JSON_POST)], {
    memory: true,
  });
  try {
    await (await fetch(`${bare.url}/`)).arrayBuffer();
    const idle = { mock: (await mock.memory()).rss / MiB, bare: (await bare.memory()).rss / MiB };
    const rounds = { mock: [], bare: [] };
    const heap = [];
    for (let round = 0; round < RUNS; round++) {
      await load(url, { connections: 10, amount: GENERATIONS, ...JSON_POST });
      const memory = await mock.memory();
      rounds.mock.push(memory.rss / MiB);
      heap.push(memory.heapUsed / MiB);
      await load(`${bare.url}/`, { connections: 10, amount: GENERATIONS, ...JSON_POST });
      rounds.bare.push((await bare.memory()).rss / MiB);
    }
    return [
      figure({
        name: 'mock RSS at idle (after start, one request and a GC) vs bare node:http',
        unit: 'MiB',
        value: stats([idle.mock]),
        baseline: stats([idle.bare]),
        target: 2,
        better: 'lower',
      }),
      figure({
        name: `mock RSS after each of ${RUNS} rounds of ${GENERATIONS} txt2img generations (512x512, 10 connections; GC first) vs bare node:http after as many answers of the same bytes`,
        unit: 'MiB',
        value: stats(rounds.mock),
        baseline: stats(rounds.bare),
        target: 3,
        better: 'lower',
      }),
      figure({
        // The live heap after a full GC, not RSS: the allocator keeps pages a round once needed (RSS
        // plateaus after round 1), while a leak keeps growing what survives a GC.
        name: `mock heap after a GC: after round ${RUNS} vs after round 1 of ${GENERATIONS} generations (no leak)`,
        unit: 'MiB',
        value: stats([heap.at(-1)]),
        baseline: stats([heap[0]]),
        target: 1.1,
        better: 'lower',
      }),
    ];
  } finally {
    await mock.stop();
    await bare.stop();
  }
}

async function prismFigure() {
  const prism = await startPrism().catch((error) => ({ error }));
  if (prism.error) {
    return {
      name: 'mock vs Stoplight Prism on GET /sdapi/v1/samplers',
      skipped: `Prism did not start: ${prism.error.message}`,
    };
  }
  const mock = await startServer('servers/mock.mjs');
  try {
    const { subject, baseline } = await alternate(`${mock.url}/sdapi/v1/samplers`, `${prism.url}/sdapi/v1/samplers`, {
      connections: 10,
    });
    return figure({
      name: 'mock GET /sdapi/v1/samplers, requests/s vs Stoplight Prism 5.14.2 mocking the same spec',
      unit: 'req/s',
      value: stats(subject.map((r) => r.rps)),
      baseline: stats(baseline.map((r) => r.rps)),
      target: 10,
    });
  } finally {
    await mock.stop();
    await prism.stop();
  }
}

/** A port nothing listens on now (the OS's choice for port 0), for a server that must be told one. */
async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Prism 5.14.2 is the last release whose engines accept Node 20; fetched with npx, not a
 * dependency. npx runs it as a grandchild: started in a process group of its own and stopped
 * with it, also when it fails to start.
 */
async function startPrism() {
  const port = await freePort();
  const spec = new URL('../spec/a1111-1.10/openapi.json', here).pathname;
  const { child, stop } = spawnGroup(
    'npx',
    ['-y', '@stoplight/prism-cli@5.14.2', 'mock', spec, '-p', String(port), '-h', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "Prism is listening" within 120 s')), 120_000);
      const watch = (chunk) => String(chunk).includes('Prism is listening') && (clearTimeout(timer), resolve());
      child.stdout.on('data', watch);
      child.stderr.on('data', watch);
      child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`prism exited with ${code}`))));
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, stop };
}
