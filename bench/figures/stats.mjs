// Shared helpers: run things in interleaved rounds, summarize, and shape a figure for results/latest.json.
/** Load runs per figure (autocannon, seconds each): `BENCH_RUNS`. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** Rounds of an in-process comparison, at least (`BENCH_ROUNDS`) and at most (4×). */
export const MIN_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const MAX_ROUNDS = 4 * MIN_ROUNDS;
/** Rounds stop once the 95% interval of each ratio's median is within ±3% of it. */
const PRECISION = 0.03;

/** min, median, max of a list, and the list itself in the order it was measured (round by round). */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    min: sorted[0],
    median: sorted[Math.floor(sorted.length / 2)],
    max: sorted.at(-1),
    n: sorted.length,
    values: [...values],
  };
}

/** The same measurements through `fn` (per-item time, requests per second): `stats` of the mapped values. */
export function mapStats(measured, fn) {
  return stats(measured.values.map(fn));
}

/**
 * The 95% confidence interval of the median of `values`, from their order statistics (no
 * assumption about the distribution): ranks n/2 ∓ 0.98·√n, clamped to the sample. Five values
 * give their min and max.
 */
export function medianInterval(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const half = 0.98 * Math.sqrt(n);
  const low = Math.max(0, Math.floor(n / 2 - half));
  const high = Math.min(n - 1, Math.ceil(n / 2 + half));
  return { low: sorted[low], high: sorted[high] };
}

/** Subject ÷ baseline, round by round: two measurements taken back to back meet the same machine. */
function pairedRatios(value, baseline) {
  return value.values.map((v, i) => v / baseline.values[i]);
}

/**
 * Times `subjects` (name → async function) in rounds after a warm-up of each: every round runs each
 * subject once, starting one further along each round, so that none always runs first (after
 * the previous round's garbage) or last. Rounds go on from `minRounds` until the median of every
 * subject's ratio to `baseline` (its time over the baseline's in the same round) is known to ±3%
 * (95% interval), or `maxRounds`. Returns the `stats` of each subject's times.
 */
export async function timeRounds(subjects, { baseline, minRounds = MIN_ROUNDS, maxRounds = MAX_ROUNDS } = {}) {
  const names = Object.keys(subjects);
  for (const name of names) await subjects[name]();
  const times = Object.fromEntries(names.map((name) => [name, []]));
  const settled = () =>
    names
      .filter((name) => name !== baseline)
      .every((name) => {
        const ratios = times[name].map((t, i) => t / times[baseline][i]);
        const { low, high } = medianInterval(ratios);
        const median = stats(ratios).median;
        return (high - low) / 2 <= PRECISION * median;
      });
  for (let round = 0; round < maxRounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length];
      const started = performance.now();
      await subjects[name]();
      times[name].push(performance.now() - started);
    }
    if (round + 1 >= minRounds && (baseline === undefined || settled())) break;
  }
  return Object.fromEntries(names.map((name) => [name, stats(times[name])]));
}

/** Times two functions in interleaved rounds (see `timeRounds`). */
export async function timePair(subject, baseline, options = {}) {
  const { subject: value, baseline: base } = await timeRounds(
    { subject, baseline },
    { ...options, baseline: 'baseline' },
  );
  return { value, baseline: base };
}

/**
 * One figure: `value` and `baseline` are `stats` measured in this run. When both were measured
 * in the same rounds, `ratio` is the median of the per-round ratios and `ratioInterval` its 95%
 * interval (printed beside it); otherwise the ratio of the medians. `target` says what passes
 * (`lower` means a lower ratio is better).
 */
export function figure({ name, unit, value, baseline, target, better, absolute }) {
  const paired = value.values?.length > 1 && value.values.length === baseline.values?.length;
  const ratios = paired ? pairedRatios(value, baseline) : undefined;
  const ratio = ratios ? stats(ratios).median : value.median / baseline.median;
  const pass = absolute ? absolute(value.median) : better === 'lower' ? ratio <= target : ratio >= target;
  return {
    name,
    unit,
    value: value.median,
    baseline: baseline.median,
    ratio,
    ...(ratios && !absolute ? { ratioInterval: medianInterval(ratios), rounds: ratios.length } : {}),
    target: absolute ? absolute.text : `${better === 'lower' ? '<=' : '>='} ${target}x baseline`,
    pass,
    runs: value,
    baselineRuns: baseline,
  };
}
