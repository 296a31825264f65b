// `pnpm bench`: every figure a ratio against a baseline measured in the same run, with the
// min/median/max of its runs. Prints a table and writes bench/results/latest.json.
// Not part of `pnpm test`: numbers belong here, behaviour in tests.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliFigures } from './figures/cli.mjs';
import { cpuFigures } from './figures/cpu.mjs';
import { httpFigures } from './figures/http.mjs';
import { queueFigures } from './figures/queue.mjs';
import { queueScaleFigures } from './figures/queue-scale.mjs';
import { recorderFigures } from './figures/recorder.mjs';
import { runtimeFigures } from './figures/runtimes.mjs';
import { MIN_ROUNDS, RUNS } from './figures/stats.mjs';

// `pnpm bench http|cpu|cli|queue|scale|recorder|runtimes` runs one group.
const only = process.argv[2];
const groups = {
  http: httpFigures,
  cpu: cpuFigures,
  cli: cliFigures,
  queue: queueFigures,
  scale: queueScaleFigures,
  recorder: recorderFigures,
  runtimes: runtimeFigures,
};
if (only !== undefined && !(only in groups)) throw new Error(`no bench group "${only}": ${Object.keys(groups)}`);

/**
 * Every group in a fresh process, one after the other: a group that ran load (autocannon's
 * histograms, tens of thousands of responses) leaves a heap whose collections would tax the
 * in-process timings of the next.
 */
async function eachGroupAlone() {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-bench-'));
  try {
    const collected = [];
    for (const name of Object.keys(groups)) {
      const out = join(dir, `${name}.json`);
      const env = { ...process.env, BENCH_FIGURES_OUT: out };
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), name], { stdio: 'inherit', env });
      if (child.status !== 0 && child.status !== 1) throw new Error(`bench group ${name} failed (${child.status})`);
      collected.push(...JSON.parse(await readFile(out, 'utf8')));
    }
    return collected;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const figures = only === undefined ? await eachGroupAlone() : await groups[only]();
if (process.env.BENCH_FIGURES_OUT) {
  // A group run by eachGroupAlone: its parent prints the table.
  await writeFile(process.env.BENCH_FIGURES_OUT, JSON.stringify(figures));
  process.exit(0);
}

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  loadRunsPerFigure: RUNS,
  minRounds: MIN_ROUNDS,
  secondsPerLoadRun: Number(process.env.BENCH_SECONDS ?? 3),
};
await mkdir(new URL('results/', import.meta.url), { recursive: true });
await writeFile(
  new URL('results/latest.json', import.meta.url),
  `${JSON.stringify({ measuredAt: new Date().toISOString(), machine, figures }, null, 2)}\n`,
);

const round = (n) => (Math.abs(n) >= 100 ? String(Math.round(n)) : n.toFixed(2));
const spread = (s) => (s ? ` (${round(s.min)}–${round(s.max)})` : '');
/** The ratio with the 95% interval of its median over the rounds, when subject and baseline shared them. */
const ratioText = (f) =>
  f.ratioInterval
    ? `${f.ratio.toFixed(2)} (${f.ratioInterval.low.toFixed(2)}–${f.ratioInterval.high.toFixed(2)}, ${f.rounds} rounds)`
    : f.ratio.toFixed(2);
const rows = figures.map((f) =>
  f.skipped
    ? [f.name, '—', '—', '—', '—', `not run: ${f.skipped}`]
    : [
        f.name,
        `${round(f.value)} ${f.unit}${spread(f.runs)}`,
        `${round(f.baseline)}${spread(f.baselineRuns)}`,
        ratioText(f),
        f.target,
        f.pass ? 'pass' : 'FAIL',
      ],
);
const header = [
  'figure',
  'value: median (min–max)',
  'baseline: median (min–max)',
  'ratio: median of rounds (95% interval)',
  'target',
  'result',
];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
const line = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
console.log(
  `node ${machine.node}, ${machine.cpus} x ${machine.cpu}; after a warm-up, subject and baseline take turns in rounds: ${RUNS} load runs of ${machine.secondsPerLoadRun}s, in-process figures ${MIN_ROUNDS}+ rounds until each ratio's median is known to ±3%`,
);
console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n'));
console.log('written to bench/results/latest.json');
const missed = figures.filter((f) => !f.skipped && !f.pass);
if (missed.length > 0)
  console.log(`${missed.length} figure(s) missed their target: ${missed.map((f) => f.name).join('; ')}`);
process.exitCode = missed.length > 0 ? 1 : 0;
