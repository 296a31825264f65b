// Shared helpers: run something N times, summarize, and shape a figure for results/latest.json.
export const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1), n: sorted.length };
}

/** Times `fn` (ms) `runs` times after one warm-up run. */
export async function timeRuns(fn, runs = RUNS) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  return stats(times);
}

/**
 * One figure: `value` and `baseline` are medians measured in this run; `ratio` = value / baseline;
 * `target` says what passes (`lower` means lower ratio is better).
 */
export function figure({ name, unit, value, baseline, target, better, absolute }) {
  const ratio = value.median / baseline.median;
  const pass = absolute ? absolute(value.median) : better === 'lower' ? ratio <= target : ratio >= target;
  return {
    name,
    unit,
    value: value.median,
    baseline: baseline.median,
    ratio,
    target: absolute ? absolute.text : `${better === 'lower' ? '<=' : '>='} ${target}x baseline`,
    pass,
    runs: value,
    baselineRuns: baseline,
  };
}

/** Times two functions alternately (after a warm-up of each), so machine drift hits both alike. */
export async function timePair(subject, baseline, runs = RUNS) {
  await subject();
  await baseline();
  const a = [];
  const b = [];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    await subject();
    a.push(performance.now() - started);
    started = performance.now();
    await baseline();
    b.push(performance.now() - started);
  }
  return { value: stats(a), baseline: stats(b) };
}
