// HTTP figures: the mock against a bare node:http server (and Prism) returning the same bytes.
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';
import { figure, RUNS, stats } from './stats.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const here = new URL('../', import.meta.url);

export async function startServer(script, args = []) {
  const child = spawn(process.execPath, [new URL(script, here).pathname, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

async function load(url, { connections, method = 'GET', body, headers }) {
  const result = await autocannon({ url, connections, duration: SECONDS, method, body, headers });
  if (result.errors || result.non2xx) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/** Alternates subject and baseline runs so drift in machine load hits both alike. */
async function alternate(subjectUrl, baselineUrl, options) {
  await load(subjectUrl, options);
  await load(baselineUrl, options);
  const subject = [];
  const baseline = [];
  for (let run = 0; run < RUNS; run++) {
    subject.push(await load(subjectUrl, options));
    baseline.push(await load(baselineUrl, options));
  }
  return { subject, baseline };
}

export async function httpFigures() {
  const figures = [];
  const mock = await startServer('servers/mock.mjs');
  const bare = await startServer('servers/bare.mjs', ['samplers']);
  try {
    const { subject, baseline } = await alternate(`${mock.url}/sdapi/v1/samplers`, `${bare.url}/`, { connections: 10 });
    figures.push(
      figure({
        name: 'mock GET /sdapi/v1/samplers, requests/s vs bare node:http (same bytes), 10 connections',
        unit: 'req/s',
        value: stats(subject.map((r) => r.rps)),
        baseline: stats(baseline.map((r) => r.rps)),
        target: 0.7,
      }),
    );
  } finally {
    await bare.stop();
  }

  const replay = await startServer('servers/replay.mjs');
  const bareImage = await startServer('servers/bare.mjs', ['txt2img']);
  try {
    const body = JSON.stringify({ prompt: 'puppy dog', steps: 20, seed: 1 });
    const options = { connections: 32, method: 'POST', body, headers: { 'content-type': 'application/json' } };
    const { subject, baseline } = await alternate(`${replay.url}/sdapi/v1/txt2img`, `${bareImage.url}/`, options);
    const p99 = stats(subject.map((r) => r.p99));
    figures.push(
      figure({
        name: 'mock txt2img replay (512x512 PNG cassette), p99 latency at 32 connections vs bare node:http',
        unit: 'ms',
        value: p99,
        baseline: stats(baseline.map((r) => r.p99)),
        absolute: Object.assign((value) => value <= 5, { text: 'p99 <= 5 ms' }),
      }),
    );
  } finally {
    await replay.stop();
    await bareImage.stop();
  }

  const prism = await startPrism().catch((error) => ({ error }));
  if (prism.error) {
    figures.push({
      name: 'mock vs Stoplight Prism on GET /sdapi/v1/samplers',
      skipped: `Prism did not start: ${prism.error.message}`,
    });
  } else {
    try {
      const { subject, baseline } = await alternate(`${mock.url}/sdapi/v1/samplers`, `${prism.url}/sdapi/v1/samplers`, {
        connections: 10,
      });
      figures.push(
        figure({
          name: 'mock GET /sdapi/v1/samplers, requests/s vs Stoplight Prism 5.14.2 mocking the same spec',
          unit: 'req/s',
          value: stats(subject.map((r) => r.rps)),
          baseline: stats(baseline.map((r) => r.rps)),
          target: 10,
        }),
      );
    } finally {
      await prism.stop();
    }
  }
  await mock.stop();
  return figures;
}

/** Prism 5.14.2 is the last release whose engines accept Node 20; fetched with npx, not a dependency. */
async function startPrism() {
  const port = 4010 + Math.floor(Math.random() * 1000);
  const spec = new URL('../spec/a1111-1.10/openapi.json', here).pathname;
  const child = spawn(
    'npx',
    ['-y', '@stoplight/prism-cli@5.14.2', 'mock', spec, '-p', String(port), '-h', '127.0.0.1'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no "Prism is listening" within 120 s')), 120_000);
    const watch = (chunk) => String(chunk).includes('Prism is listening') && (clearTimeout(timer), resolve());
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`prism exited with ${code}`))));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}
