// `pnpm bench`: figures measured side by side in one run, each as a ratio to a baseline.
// Prints a table and writes bench/results/latest.json. Not part of `pnpm test`.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import autocannon from 'autocannon';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const here = new URL('.', import.meta.url);

async function startServer(script) {
  const child = spawn(process.execPath, [new URL(script, here).pathname], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.stdout.once('data', (chunk) => resolve(String(chunk).trim()));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

async function load(url, connections) {
  const result = await autocannon({ url, connections, duration: SECONDS, pipelining: 1 });
  if (result.errors || result.non2xx) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
};

/** Alternates subject and baseline runs so drift in machine load hits both alike. */
async function compare(name, subjectScript, baselineScript, path, connections, target) {
  const subject = await startServer(subjectScript);
  const baseline = await startServer(baselineScript);
  const subjectRuns = [];
  const baselineRuns = [];
  try {
    await load(`${subject.url}${path}`, connections);
    await load(`${baseline.url}${path}`, connections);
    for (let run = 0; run < RUNS; run++) {
      subjectRuns.push(await load(`${subject.url}${path}`, connections));
      baselineRuns.push(await load(`${baseline.url}${path}`, connections));
    }
  } finally {
    await subject.stop();
    await baseline.stop();
  }
  const value = stats(subjectRuns.map((run) => run.rps));
  const base = stats(baselineRuns.map((run) => run.rps));
  const ratio = value.median / base.median;
  return {
    name,
    unit: 'requests/s',
    value: value.median,
    baseline: base.median,
    ratio,
    target: `>= ${target}x baseline`,
    pass: ratio >= target,
    runs: { ...value, n: RUNS },
    baselineRuns: { ...base, n: RUNS },
    latencyMs: { p50: stats(subjectRuns.map((run) => run.p50)), p99: stats(subjectRuns.map((run) => run.p99)) },
  };
}

const figures = [];
figures.push(await compare('mock GET /sdapi/v1/samplers vs bare node:http (same bytes), 10 connections', 'servers/mock.mjs', 'servers/bare.mjs', '/sdapi/v1/samplers', 10, 0.7));

const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', runs: RUNS, secondsPerRun: SECONDS };
await mkdir(new URL('results/', here), { recursive: true });
await writeFile(new URL('results/latest.json', here), `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, figures }, null, 2)}\n`);

const rows = figures.map((f) => [f.name, `${Math.round(f.value)} (min ${Math.round(f.runs.min)}, max ${Math.round(f.runs.max)})`, `${Math.round(f.baseline)} (min ${Math.round(f.baselineRuns.min)}, max ${Math.round(f.baselineRuns.max)})`, f.ratio.toFixed(2), f.target, f.pass ? 'pass' : 'FAIL']);
const header = ['figure', 'value (median of runs)', 'baseline', 'ratio', 'target', 'result'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
console.log(`node ${machine.node}, ${machine.cpus} × ${machine.cpu}; ${RUNS} runs × ${SECONDS}s each, alternating subject and baseline`);
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
console.log('written to bench/results/latest.json');
