import { httpException, pythonException } from '../errors/index.js';
import type { PyJson } from '../python/index.js';
import type { WebuiContext } from './context.js';
import { pythonTypeName } from './image-input.js';

type Kind = 'txt2img' | 'img2img';

type RunnerScripts = ReadonlyArray<{ title: string; alwayson: boolean }>;

/** Per catalogue (its lists are frozen at start): every generation checks its scripts against them. */
const runnerScripts = new WeakMap<object, Record<Kind, RunnerScripts>>();

/** The script runner's scripts for `kind` (lower-cased titles), each selectable or always-on per `/script-info`. */
function scriptsOf(ctx: WebuiContext, kind: Kind): RunnerScripts {
  let known = runnerScripts.get(ctx.catalogue);
  if (known === undefined) {
    known = { txt2img: listScripts(ctx, 'txt2img'), img2img: listScripts(ctx, 'img2img') };
    runnerScripts.set(ctx.catalogue, known);
  }
  return known[kind];
}

function listScripts(ctx: WebuiContext, kind: Kind): RunnerScripts {
  const titles = ((ctx.catalogue.scripts as Record<string, string[]> | undefined)?.[kind] ?? []).map((title) =>
    title.toLowerCase(),
  );
  const info = ctx.catalogue.scriptInfo as Array<{
    name?: string | null;
    is_alwayson?: boolean | null;
    is_img2img?: boolean | null;
  }>;
  return titles.map((title) => {
    const entry = info.find((item) => item.name?.toLowerCase() === title && item.is_img2img === (kind === 'img2img'));
    return { title, alwayson: entry?.is_alwayson !== false };
  });
}

/** `script_name_to_index`: the 422 the webui raises for a title it does not find. */
const notFound = (name: string) => httpException(422, `Script '${name}' not found`);

/** `get_selectable_script`: `script_name` must name a selectable script (case-insensitive). */
export function checkSelectableScript(ctx: WebuiContext, kind: Kind, name: string | null): void {
  if (name === null || name === '') return;
  if (!scriptsOf(ctx, kind).some((script) => !script.alwayson && script.title === name.toLowerCase()))
    throw notFound(name);
}

/**
 * `init_script_args` over `alwayson_scripts`, raising where the webui raises: an unknown title
 * is 422 "Script not found"; an empty one makes `get_script` return `(None, None)`, whose
 * `.alwayson` is an AttributeError; a selectable script is refused; then `"args" in value` and
 * `len(value["args"])` fail with Python's TypeErrors for values that do not support them.
 */
export function checkAlwaysOnScripts(ctx: WebuiContext, kind: Kind, alwayson: PyJson | undefined): void {
  if (alwayson === null || alwayson === undefined || typeof alwayson !== 'object' || Array.isArray(alwayson)) return;
  const scripts = scriptsOf(ctx, kind);
  for (const [name, value] of Object.entries(alwayson)) {
    if (name === '') throw pythonException('AttributeError', "'tuple' object has no attribute 'alwayson'");
    const script = scripts.find((item) => item.title === name.toLowerCase());
    if (script === undefined) throw notFound(name);
    if (!script.alwayson) throw httpException(422, 'Cannot have a selectable script in the always on scripts params');
    const type = pythonTypeName(value);
    if (type !== 'dict' && type !== 'list' && type !== 'str')
      throw pythonException('TypeError', `argument of type '${type}' is not iterable`);
    if (type !== 'dict') continue;
    const args = (value as Record<string, PyJson>).args;
    if (args === undefined) continue;
    const argsType = pythonTypeName(args);
    if (argsType !== 'dict' && argsType !== 'list' && argsType !== 'str')
      throw pythonException('TypeError', `object of type '${argsType}' has no len()`);
  }
}
