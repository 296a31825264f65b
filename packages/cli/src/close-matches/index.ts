/** Edit distance (insert, delete, substitute), case-insensitive. */
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

/**
 * The few names closest to what was typed: ones containing it (or contained in it) first, then
 * by edit distance, keeping only those within about a third of the name's length.
 */
export function closeMatches(query: string, names: readonly string[], limit = 3): string[] {
  const lower = query.toLowerCase();
  const unique = new Map<string, string>();
  for (const name of names) if (!unique.has(name.toLowerCase())) unique.set(name.toLowerCase(), name);
  const scored = [...unique.values()].map((name) => {
    const other = name.toLowerCase();
    const contains = lower.length >= 2 && (other.includes(lower) || lower.includes(other));
    return { name, score: contains ? 0 : distance(lower, other) };
  });
  return scored
    .filter(({ name, score }) => score <= Math.max(2, Math.ceil(Math.max(query.length, name.length) / 3)))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ name }) => name);
}

/** `; did you mean "a" or "b"?` or nothing. */
export function didYouMean(query: string, names: readonly string[]): string {
  const matches = closeMatches(query, names).map((name) => `"${name}"`);
  if (matches.length === 0) return '';
  const listed = matches.length === 1 ? matches[0] : `${matches.slice(0, -1).join(', ')} or ${matches.at(-1)}`;
  return `; did you mean ${listed}?`;
}
