import { isJsonObject, type Json } from '../document/index.js';

/** One argument of a script, as `/sdapi/v1/script-info` describes its UI component. */
export interface ScriptArgInfo {
  label: string | null;
  value: Json;
  minimum: number | null;
  maximum: number | null;
  step: number | null;
  choices: Array<string | number> | null;
}

export interface ScriptInfo {
  /** Lower-cased title, as `script_name` and `alwayson_scripts` keys match it. */
  name: string;
  is_alwayson: boolean;
  is_img2img: boolean;
  args: ScriptArgInfo[];
}

/**
 * `spec/<target>/scripts.json`: what a server said about its installed scripts. Either part is
 * null when the server did not answer it usefully; `unavailable` says why.
 */
export interface ScriptsCapture {
  sourceUrl: string;
  /** `GET /sdapi/v1/scripts`: titles per runner. */
  scripts: { txt2img: string[]; img2img: string[] } | null;
  /** `GET /sdapi/v1/script-info`: every script of both runners with its arguments. */
  scriptInfo: ScriptInfo[] | null;
  unavailable: string[];
}

/** A server's answer that does not have the documented shape. */
export class ScriptsShapeError extends Error {
  override name = 'ScriptsShapeError';
}

// Bounds for untrusted answers: a real webui with many extensions lists a few hundred scripts.
export const SCRIPT_LIMITS = { scripts: 5_000, args: 2_000, choices: 20_000, text: 1_000 } as const;

function text(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ScriptsShapeError(`${where} is not a string`);
  if (value.length > SCRIPT_LIMITS.text)
    throw new ScriptsShapeError(`${where} is longer than ${SCRIPT_LIMITS.text} characters`);
  return value;
}

/**
 * Deepest nesting of an argument's default value kept: Gradio values are scalars, lists or small
 * dicts. The capture is written with `JSON.stringify`, which recurses: a value nested 20,000 deep
 * (40 kB) overflowed the stack and failed the whole pull.
 */
const MAX_VALUE_DEPTH = 32;

/** Whether `value` nests deeper than `max` levels, found without recursion. */
function nestsDeeper(value: unknown, max: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 0]];
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const [node, depth] = item;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

function list(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new ScriptsShapeError(`${where} is not a list`);
  if (value.length > max) throw new ScriptsShapeError(`${where} has more than ${max} entries`);
  return value;
}

const finiteOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

/** Checks `GET /sdapi/v1/scripts`; throws `ScriptsShapeError` on anything else. */
export function parseScriptsList(body: unknown): { txt2img: string[]; img2img: string[] } {
  if (!isJsonObject(body)) throw new ScriptsShapeError('the script list is not a JSON object');
  const names = (runner: 'txt2img' | 'img2img') =>
    list(body[runner] ?? [], runner, SCRIPT_LIMITS.scripts).map((name, i) => text(name, `${runner}[${i}]`));
  return { txt2img: names('txt2img'), img2img: names('img2img') };
}

function parseArg(arg: unknown, where: string): ScriptArgInfo {
  if (!isJsonObject(arg)) throw new ScriptsShapeError(`${where} is not an object`);
  const choices =
    arg.choices === null || arg.choices === undefined
      ? null
      : list(arg.choices, `${where}.choices`, SCRIPT_LIMITS.choices);
  if (nestsDeeper(arg.value, MAX_VALUE_DEPTH))
    throw new ScriptsShapeError(`${where}.value nests more than ${MAX_VALUE_DEPTH} levels deep`);
  return {
    label: arg.label === null || arg.label === undefined ? null : text(arg.label, `${where}.label`),
    value: arg.value === undefined ? null : (arg.value as Json),
    minimum: finiteOrNull(arg.minimum),
    maximum: finiteOrNull(arg.maximum),
    step: finiteOrNull(arg.step),
    // Gradio 3 also allows (label, value) pairs; the webui's model says strings. Keep what is scalar.
    choices:
      choices === null
        ? null
        : choices.map((choice, i) => {
            if (typeof choice === 'number' && Number.isFinite(choice)) return choice;
            return text(choice, `${where}.choices[${i}]`);
          }),
  };
}

/** Checks `GET /sdapi/v1/script-info`; throws `ScriptsShapeError` on anything else. */
export function parseScriptInfo(body: unknown): ScriptInfo[] {
  return list(body, 'the script info', SCRIPT_LIMITS.scripts * 2).map((entry, i) => {
    if (!isJsonObject(entry)) throw new ScriptsShapeError(`script-info[${i}] is not an object`);
    const name = text(entry.name, `script-info[${i}].name`);
    return {
      name,
      is_alwayson: entry.is_alwayson === true,
      is_img2img: entry.is_img2img === true,
      args: list(entry.args ?? [], `script "${name}" args`, SCRIPT_LIMITS.args).map((arg, j) =>
        parseArg(arg, `script "${name}" arg ${j}`),
      ),
    };
  });
}

/** Checks a committed `scripts.json` (the same rules as a pull). */
export function parseScriptsCapture(body: unknown): ScriptsCapture {
  if (!isJsonObject(body)) throw new ScriptsShapeError('scripts.json is not a JSON object');
  return {
    sourceUrl: text(body.sourceUrl, 'sourceUrl'),
    scripts: body.scripts === null ? null : parseScriptsList(body.scripts),
    scriptInfo: body.scriptInfo === null ? null : parseScriptInfo(body.scriptInfo),
    unavailable: list(body.unavailable ?? [], 'unavailable', 10).map((reason, i) => text(reason, `unavailable[${i}]`)),
  };
}
