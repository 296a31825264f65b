/** Edit distance, case-insensitive (names are short and lists hold tens of entries). */
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

/** The `count` names nearest to `query`: those containing it first, then by edit distance. */
export function closestNames(query: string, names: readonly string[], count = 3): string[] {
  const lower = query.toLowerCase();
  const score = (name: string) =>
    name.toLowerCase().includes(lower) || lower.includes(name.toLowerCase()) ? -1 : distance(query, name);
  const unique = [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
  return unique
    .map((name) => ({ name, score: score(name) }))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, count)
    .map((entry) => entry.name);
}
