/**
 * Characters of the query and of each name that are compared: names are what a person types (a
 * checkpoint title with its folder and hash is under 100), and a query or a server's name of a
 * megabyte must not cost a megabyte per comparison (1 MB against 10 names of 1,000: 150 s).
 */
const COMPARED_LENGTH = 128;

/**
 * Edit-distance cells computed per call, at most: the list is a server's (a hostile one listed
 * 1,000,000 names, 43 s in the SDK's check). A query of 20 characters against names of 60 reaches
 * it after about 8,000 names; names past it are not suggested (a name is still found by whoever
 * checks the list itself).
 */
const CELL_BUDGET = 10_000_000;

/** Edit distance (insert, delete, substitute) of two lower-cased strings, in two reused rows. */
function distance(x: string, y: string, rows: [Uint32Array, Uint32Array]): number {
  let [previous, current] = rows;
  for (let j = 0; j <= y.length; j++) previous[j] = j;
  for (let i = 1; i <= x.length; i++) {
    const code = x.charCodeAt(i - 1);
    let left = i;
    let diagonal = i - 1;
    current[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const up = previous[j] as number;
      let cell = diagonal + (code === y.charCodeAt(j - 1) ? 0 : 1);
      if (up + 1 < cell) cell = up + 1;
      if (left + 1 < cell) cell = left + 1;
      current[j] = cell;
      left = cell;
      diagonal = up;
    }
    [previous, current] = [current, previous];
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
 * contains) first, then by edit distance, ties in alphabetical order. Bounded whatever the list: the
 * first 128 characters of the query and of each name are compared, and names are compared in the
 * list's order until 10 M edit-distance cells are spent, each name counting at least 128 (the rest
 * are not suggested).
 */
export function closestNames(query: string, names: readonly string[], options: ClosestNamesOptions = {}): string[] {
  const { limit = 3, plausibleOnly = false } = options;
  const lower = query.slice(0, COMPARED_LENGTH).toLowerCase();
  const rows: [Uint32Array, Uint32Array] = [new Uint32Array(COMPARED_LENGTH + 1), new Uint32Array(COMPARED_LENGTH + 1)];
  const seen = new Set<string>();
  // The best `limit` so far, in order: a list of a million names is never sorted whole.
  const best: Scored[] = [];
  let spent = 0;
  for (const name of names) {
    const other = name.slice(0, COMPARED_LENGTH).toLowerCase();
    spent += Math.max(COMPARED_LENGTH, (lower.length + 1) * (other.length + 1));
    if (spent > CELL_BUDGET) break;
    const spelling = name.length > COMPARED_LENGTH ? name.toLowerCase() : other;
    if (seen.has(spelling)) continue;
    seen.add(spelling);
    const contains = lower.length >= 2 && (other.includes(lower) || lower.includes(other));
    const score = contains ? 0 : distance(lower, other, rows);
    if (plausibleOnly && score > Math.max(2, Math.ceil(Math.max(lower.length, other.length) / 3))) continue;
    const worst = best[limit - 1];
    if (worst !== undefined && score > worst.score) continue;
    const at = best.findIndex((kept) => before({ name, score }, kept));
    if (at >= 0) best.splice(at, 0, { name, score });
    else best.push({ name, score });
    if (best.length > limit) best.pop();
  }
  return best.map(({ name }) => name);
}

interface Scored {
  name: string;
  score: number;
}

/** `localeCompare`'s order, at a fraction of its cost per call. */
const alphabetical = new Intl.Collator().compare;

/** Nearer first, ties in alphabetical order. */
const before = (a: Scored, b: Scored) => a.score < b.score || (a.score === b.score && alphabetical(a.name, b.name) < 0);
