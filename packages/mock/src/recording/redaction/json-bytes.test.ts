import { describe, expect, it } from 'vitest';
import { PyFloat, type PyJson, pyFloat } from '../../webui/python/index.js';
import { fastapiJson, prettyPythonJson } from '../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../fastapi/python-json/parse.js';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { walkJsonBytes } from './json-bytes.js';
import { isSensitiveName, REDACTED } from './names.js';

const walk = (text: string, mask = true) => walkJsonBytes(Buffer.from(text), { mask });
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString();

/** The rule on a parsed value: every non-empty string under a sensitive member becomes `REDACTED`. */
function maskedValue(value: PyJson, under = false): PyJson {
  if (typeof value === 'string') return under && value !== '' ? REDACTED : value;
  if (Array.isArray(value)) return value.map((item) => maskedValue(item, under));
  if (value === null || typeof value !== 'object' || value instanceof PyFloat) return value;
  const out: Record<string, PyJson> = {};
  for (const [key, item] of Object.entries(value))
    out[key] = maskedValue(item as PyJson, under || isSensitiveName(key));
  return out;
}

/** A random JSON value (deterministic for a seed) with sensitive names, escapes and Python floats sprinkled in. */
function randomValue(seed: number): PyJson {
  let state = seed;
  const next = (n: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % n;
  };
  const names = ['api_auth', 'prompt', 'hf_token', 'sd_vae', 'api\\u005fkey', 'gradio_auth', 'steps', 'x "y"', 'ünï'];
  const strings = ['', 'secret', 'a "quoted" \\ value', 'line\nbreak', 'ünïcödé 🎨', '\u0000'];
  const make = (depth: number): PyJson => {
    const kind = next(depth > 3 ? 4 : 6);
    if (kind === 0) return strings[next(strings.length)] as string;
    if (kind === 1) return next(1000) - 500;
    if (kind === 2) return pyFloat(next(100) / 8);
    if (kind === 3) return [null, true, false][next(3)] as PyJson;
    if (kind === 4) return Array.from({ length: next(4) }, () => make(depth + 1));
    const object: Record<string, PyJson> = {};
    for (let i = next(4); i > 0; i--) object[JSON.parse(`"${names[next(names.length)]}"`) as string] = make(depth + 1);
    return object;
  };
  return make(0);
}

describe('walkJsonBytes', () => {
  it('masks what the rule masks and leaves every other byte as it was, whitespace included', async () => {
    const body =
      '{ "api_auth" : "alice:pw" ,\n "nested": [{"secret": ["s1", "", 3]}], "sd_vae": "Automatic", "token_merging_ratio": 0.5 }';
    const result = await walk(body);
    expect(text(result.bytes)).toBe(
      '{ "api_auth" : "<redacted>" ,\n "nested": [{"secret": ["<redacted>", "", 3]}], "sd_vae": "Automatic", "token_merging_ratio": 0.5 }',
    );
    expect([result.json, result.redacted, result.values]).toEqual([true, 2, 10]);
  });

  it('reads escaped member names as Python does, and quotes inside strings as text', async () => {
    const result = await walk('{"api\\u005fauth": "a\\"b", "x\\\\": "keep \\\\", "pass\\u0077ord": ["p"]}');
    expect(parsePythonJson(text(result.bytes))).toEqual({ api_auth: REDACTED, 'x\\': 'keep \\', password: [REDACTED] });
  });

  it('agrees with the rule applied to the parsed value, on random values in both layouts', async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const value = randomValue(seed);
      for (const layout of [fastapiJson(value), prettyPythonJson(value)]) {
        const result = await walk(layout);
        expect(result.json, layout).toBe(true);
        expect(parsePythonJson(text(result.bytes)), layout).toEqual(maskedValue(value));
      }
    }
  });

  it('gives bytes that are not one JSON value back untouched', async () => {
    for (const body of [
      '',
      '<html>"api_auth": "x"</html>',
      '{"api_auth": "x"',
      '{"api_auth": "x"} {}',
      '{"a" "b"}',
      '[1,]x',
    ]) {
      const result = await walk(body);
      expect([body, result.json, result.redacted, text(result.bytes)]).toEqual([body, false, 0, body]);
    }
  });

  it('stops counting past maxValues', async () => {
    const result = await walkJsonBytes(Buffer.from(`[${'1,'.repeat(100_000)}1]`), { mask: false, maxValues: 10 });
    expect([result.json, result.values]).toEqual([true, 11]);
  });

  it('lets the event loop turn while it walks tens of megabytes, whatever they hold', async () => {
    const bodies = [
      `[${'{"i":1,"api_auth":"x"},'.repeat(1_000_000)}0]`, // millions of small tokens
      `["${'\\"'.repeat(8_000_000)}"]`, // one string of escaped quotes
      `[${'1'.repeat(16_000_000)}]`, // one run of digits
      `[${' '.repeat(16_000_000)}]`, // one run of whitespace
    ];
    for (const body of bodies) {
      const bytes = Buffer.from(body);
      const { turns, result } = await turnsWhile(() => walkJsonBytes(bytes, { mask: true }));
      expect(result.json).toBe(true);
      expect(turns).toBeGreaterThan(2);
    }
  });
});
