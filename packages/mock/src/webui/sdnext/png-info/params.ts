/**
 * `re_param.findall(text)` of SD.Next's `modules/infotext.py`, the pairs `Key words: value` of an
 * infotext, without the regular expression:
 *
 *     \s*([\w ]+):\s*("(?:\\"[^,]|\\"|\\|[^\"])+"|[^,]*)(?:,|$)
 *
 * Its spaces belong to both `\s` and `[\w ]` and its quoted value's alternatives overlap, so a
 * backtracking engine (Python's, JavaScript's) takes cubic time on a run of spaces and exponential time
 * on some runs of backslashes; an image's metadata is untrusted. This gives the same pairs in linear
 * time: a match at a position takes the last key start in the leading whitespace whose `[\w ]` run ends
 * at a colon (what the engine's backtracking finds first); the value is the quoted form when its
 * depth-first search (alternatives in order, failed positions remembered) ends at a comma or the end,
 * else the text up to the next comma, which always matches.
 */

const WORD = /[\p{L}\p{N}_ ]/u;
const SPACE = /\s/u;

export function findParams(text: string): Array<[string, string]> {
  const n = text.length;
  const isWord = (i: number) => i < n && WORD.test(text[i] as string);
  const isSpace = (i: number) => i < n && SPACE.test(text[i] as string);
  // wordEnd[i]: where the `[\w ]` run starting at i ends; spaceEnd[i]: the same for `\s`.
  const wordEnd = new Int32Array(n + 1);
  const spaceEnd = new Int32Array(n + 1);
  wordEnd[n] = n;
  spaceEnd[n] = n;
  for (let i = n - 1; i >= 0; i--) {
    wordEnd[i] = isWord(i) ? (wordEnd[i + 1] as number) : i;
    spaceEnd[i] = isSpace(i) ? (spaceEnd[i + 1] as number) : i;
  }
  // lastKey[x]: the largest i ≤ x whose `[\w ]+` run is followed by a colon, or -1.
  const lastKey = new Int32Array(n + 1);
  let last = -1;
  for (let i = 0; i <= n; i++) {
    if (isWord(i) && text[wordEnd[i] as number] === ':') last = i;
    lastKey[i] = last;
  }
  const quotedValues = new QuotedValues(text);
  const pairs: Array<[string, string]> = [];
  let start = 0;
  while (start < n) {
    const keyStart = lastKey[spaceEnd[start] as number] as number;
    if (keyStart < start) {
      start++;
      continue;
    }
    const colon = wordEnd[keyStart] as number;
    const valueStart = spaceEnd[colon + 1] as number;
    const quoted = quotedValues.end(valueStart);
    const valueEnd = quoted >= 0 ? quoted : nextComma(text, valueStart);
    pairs.push([text.slice(keyStart, colon), text.slice(valueStart, valueEnd)]);
    start = valueEnd < n && text[valueEnd] === ',' ? valueEnd + 1 : valueEnd;
    if (start === keyStart) start++;
  }
  return pairs;
}

function nextComma(text: string, from: number): number {
  const comma = text.indexOf(',', from);
  return comma < 0 ? text.length : comma;
}

/** `(?:,|$)` at `at`: a comma, the end, or a last newline before the end. */
function terminates(text: string, at: number): boolean {
  return at === text.length || text[at] === ',' || (at === text.length - 1 && text[at] === '\n');
}

/**
 * Where `"(?:\\"[^,]|\\"|\\|[^"])+"` starting at each position ends, as the backtracking engine finds it
 * when the terminator must follow, worked out for every position at once, right to left. A path of
 * tokens is forced except at a backslash before a quote (`\\"`): there the engine tries `\\"X` (X not a
 * comma), then `\\"`, then the backslash alone, which leaves the quote to close the value. Elsewhere
 * the path runs to the next quote (close there, or fail) or the next such branch.
 */
class QuotedValues {
  /** The first quote or branch at or after each position (`n`: none). */
  private readonly stop: Int32Array;
  /** For a branch position: the end of the first successful path from it, or -1. */
  private readonly fromBranch: Int32Array;

  constructor(private readonly text: string) {
    const n = text.length;
    this.stop = new Int32Array(n + 2).fill(n);
    this.fromBranch = new Int32Array(n + 1).fill(-1);
    for (let x = n - 1; x >= 0; x--) {
      const branch = text[x] === '\\' && text[x + 1] === '"';
      this.stop[x] = branch || text[x] === '"' ? x : (this.stop[x + 1] as number);
      if (!branch) continue;
      const longer = x + 2 < n && text[x + 2] !== ',' ? this.after(x + 3) : -1;
      const escaped = longer >= 0 ? longer : this.after(x + 2);
      this.fromBranch[x] = escaped >= 0 ? escaped : terminates(text, x + 2) ? x + 2 : -1;
    }
  }

  /** The end of the first successful path from `pos`, a position after at least one token, or -1. */
  private after(pos: number): number {
    const x = this.stop[pos] as number;
    if (x >= this.text.length) return -1;
    if (this.text[x] === '"') return terminates(this.text, x + 1) ? x + 1 : -1;
    return this.fromBranch[x] as number;
  }

  /** The end (after the closing quote) of the quoted value opening at `start`, or -1. */
  end(start: number): number {
    const first = start + 1;
    if (this.text[start] !== '"' || first >= this.text.length || this.text[first] === '"') return -1;
    return this.text[first] === '\\' && this.text[first + 1] === '"'
      ? (this.fromBranch[first] as number)
      : this.after(first + 1);
  }
}
