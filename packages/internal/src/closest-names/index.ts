/** Edit distance (insert, delete, substitute), case-insensitive: names are short and lists hold tens of entries. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, index) => index);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length] as number;
}

export interface ClosestNamesOptions {
  /** How many names at most (default 3). */
  limit?: number;
  /**
   * Keep only plausible typos: names within about a third of their length of what was typed (a person at a
   * prompt wants "did you mean", not the whole list). Off by default: an error that lists what exists shows
   * the nearest names however far they are.
   */
  plausibleOnly?: boolean;
}

/**
 * The names nearest to `query`, case-insensitive, each spelling once: names that contain it (or that it
 * contains) first, then by edit distance, ties in alphabetical order.
 */
export function closestNames(query: string, names: readonly string[], options: ClosestNamesOptions = {}): string[] {
  const { limit = 3, plausibleOnly = false } = options;
  const lower = query.toLowerCase();
  const firstSpellings = new Map<string, string>();
  for (const name of names) if (!firstSpellings.has(name.toLowerCase())) firstSpellings.set(name.toLowerCase(), name);
  return [...firstSpellings.values()]
    .map((name) => {
      const other = name.toLowerCase();
      const contains = lower.length >= 2 && (other.includes(lower) || lower.includes(other));
      return { name, score: contains ? 0 : distance(lower, other) };
    })
    .filter(
      ({ name, score }) => !plausibleOnly || score <= Math.max(2, Math.ceil(Math.max(query.length, name.length) / 3)),
    )
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name);
}
