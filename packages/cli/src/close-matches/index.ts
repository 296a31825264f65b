import { closestNames } from '@sdwebui/internal/closest-names';
import { quoted } from '../terminal-text/index.js';

/** `; did you mean "a" or "b"?` or nothing; a server's long name is cut (`quoted`). */
export function didYouMean(query: string, names: readonly string[]): string {
  const matches = closestNames(query, names, { plausibleOnly: true }).map((name) => `"${quoted(name)}"`);
  if (matches.length === 0) return '';
  const listed = matches.length === 1 ? matches[0] : `${matches.slice(0, -1).join(', ')} or ${matches.at(-1)}`;
  return `; did you mean ${listed}?`;
}
