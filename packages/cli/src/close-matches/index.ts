import { closestNames } from '@sdwebui/internal/closest-names';

/** `; did you mean "a" or "b"?` or nothing. */
export function didYouMean(query: string, names: readonly string[]): string {
  const matches = closestNames(query, names, { plausibleOnly: true }).map((name) => `"${name}"`);
  if (matches.length === 0) return '';
  const listed = matches.length === 1 ? matches[0] : `${matches.slice(0, -1).join(', ')} or ${matches.at(-1)}`;
  return `; did you mean ${listed}?`;
}
