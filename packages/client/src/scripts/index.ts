import type { SdkCallContext } from '../operations/index.js';
/**
 * Checks the scripts a generation names against the server before it is sent. The webui answers
 * an unknown `script_name` or `alwayson_scripts` key with a 422, but silently drops arguments past
 * a script's slots and passes any value to a dropdown; the check fails first, listing what exists.
 * It also sends a `type="index"` dropdown's label as its position (the webui 500s on the label).
 * Names are compared lower-cased, as the webui does. Lists are cached and read again once on a miss.
 */
import { call } from '../core/call.js';
import { ApiError, AuthError, ScriptError } from '../core/errors.js';
import type { components } from '../generated/a1111-1.10.js';
import { quoted } from '@sdwebui/internal/printable';
import { closestNames } from '@sdwebui/internal/closest-names';
import { takesPosition } from '@sdwebui/internal/index-arguments';

type ScriptInfo = components['schemas']['ScriptInfo'];
export type Runner = 'txt2img' | 'img2img';

/** What a generation request says about scripts. */
export interface ScriptUse {
  script_name?: string | null;
  script_args?: unknown[] | null;
  alwayson_scripts?: Record<string, unknown> | null;
}

interface ServerScripts {
  /** Lower-cased names per runner (`/sdapi/v1/scripts`). */
  names: Record<Runner, string[]>;
  /** Argument descriptions by runner and lower-cased name; empty when the server gives none. */
  info: Record<Runner, Map<string, ScriptInfo>>;
}

export interface ScriptChecks {
  readonly enabled: boolean;
  /**
   * Throws `ScriptError` when the request names a script the server lacks or misuses its arguments;
   * else returns the request with each `type="index"` dropdown's label as its position.
   */
  check<T extends ScriptUse>(runner: Runner, use: T): Promise<T>;
}

/** A route an old or trimmed server lacks leaves its part empty: nothing is checked against it. */
async function optional<T>(read: () => Promise<T>, empty: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ApiError && !(error instanceof AuthError)) return empty;
    throw error;
  }
}

async function load(ctx: SdkCallContext): Promise<ServerScripts | undefined> {
  const [list, info] = await Promise.all([
    optional(() => call(ctx, 'GET /sdapi/v1/scripts', {}), undefined),
    optional(() => call(ctx, 'GET /sdapi/v1/script-info', {}), []),
  ]);
  if (list === undefined) return undefined;
  const lower = (names: unknown) =>
    Array.isArray(names) ? names.filter((name) => typeof name === 'string').map((name) => name.toLowerCase()) : [];
  const byName: ServerScripts['info'] = { txt2img: new Map(), img2img: new Map() };
  for (const script of info) {
    if (typeof script?.name !== 'string' || !Array.isArray(script.args)) continue;
    byName[script.is_img2img ? 'img2img' : 'txt2img'].set(script.name.toLowerCase(), script);
  }
  return { names: { txt2img: lower(list.txt2img), img2img: lower(list.img2img) }, info: byName };
}

/** At most 40 items of a server's list, each cut, and how many more there are. */
function shownList(items: readonly string[], quote = false): string {
  const shown = items
    .slice(0, 40)
    .map((item) => (quote ? `"${quoted(item)}"` : quoted(item)))
    .join(', ');
  return `${shown}${items.length > 40 ? `, and ${items.length - 40} more` : ''}`;
}

const listed = (names: readonly string[]) => (names.length === 0 ? 'it lists none' : `it lists: ${shownList(names)}`);

const argumentName = (runner: Runner, name: string, index: number, label: unknown) =>
  `${runner} script "${quoted(name)}", argument ${index + 1}${typeof label === 'string' && label ? ` (${quoted(label)})` : ''}`;

/**
 * The arguments as the webui must get them, after the checks script-info allows: too many are
 * dropped by the webui without a word, a string outside a dropdown's choices is passed on, and a
 * `type="index"` dropdown (X/Y/Z plot's axis types) is handed to the script as the position of
 * its choice, so a label is sent as its position and anything else but a position is refused.
 */
function argumentsToSend(runner: Runner, name: string, args: unknown[], info: ScriptInfo | undefined): unknown[] {
  if (info === undefined) return args;
  if (args.length > info.args.length) {
    throw new ScriptError(
      `${runner} script "${quoted(name)}" takes ${info.args.length} argument(s), the request gives ${args.length}: ` +
        'the webui would drop the rest without a word (GET /sdapi/v1/script-info describes them)',
      name,
      [],
      'script-args',
    );
  }
  return args.map((value, index) => {
    const spec = info.args[index];
    const choices = Array.isArray(spec?.choices) ? spec.choices.map(String) : [];
    const byPosition = takesPosition(name, spec?.label);
    if (choices.length === 0) return value;
    if (byPosition && Number.isInteger(value) && (value as number) >= 0 && (value as number) < choices.length)
      return value;
    if (typeof value !== 'string' && !byPosition) return value;
    const position = typeof value === 'string' ? choices.indexOf(value) : -1;
    if (position >= 0) return byPosition ? position : value;
    const shown = typeof value === 'string' ? `"${quoted(value)}"` : quoted(JSON.stringify(value) ?? String(value));
    throw new ScriptError(
      `${argumentName(runner, name, index, spec?.label)}: ${shown} is not one of ${shownList(choices, true)}` +
        (byPosition ? ` (nor a position 0–${choices.length - 1}: the script takes the position of its choice)` : ''),
      name,
      choices,
      'script-args',
    );
  });
}

export function createScriptChecks(ctx: SdkCallContext, enabled: boolean): ScriptChecks {
  let cached: Promise<ServerScripts | undefined> | undefined;
  const read = (fresh: boolean) => {
    if (fresh || cached === undefined) {
      const loading = load(ctx);
      cached = loading;
      loading.catch(() => {
        if (cached === loading) cached = undefined;
      });
    }
    return cached;
  };
  /** The server's scripts, read again once when `names` are not all in the cached copy. */
  const scriptsFor = async (runner: Runner, names: string[]) => {
    const wasCached = cached !== undefined;
    let scripts = await read(false);
    if (wasCached && scripts && names.some((name) => !scripts?.names[runner].includes(name))) {
      scripts = await read(true);
    }
    return scripts;
  };
  return {
    enabled,
    async check<T extends ScriptUse>(runner: Runner, use: T): Promise<T> {
      const alwaysOn = Object.entries(use.alwayson_scripts ?? {});
      const scriptName = typeof use.script_name === 'string' && use.script_name !== '' ? use.script_name : undefined;
      const named = [...(scriptName ? [scriptName] : []), ...alwaysOn.map(([title]) => title)];
      if (named.length === 0) return use;
      const scripts = await scriptsFor(
        runner,
        named.map((name) => name.toLowerCase()),
      );
      if (scripts === undefined) return use;
      const names = scripts.names[runner];
      for (const name of named) {
        if (names.includes(name.toLowerCase())) continue;
        const closest = closestNames(name.toLowerCase(), names);
        throw new ScriptError(
          `${runner} script "${quoted(name)}" is not on the server (${listed(names)})` +
            `${closest.length ? `; closest: ${closest.map((name) => quoted(name)).join(', ')}` : ''}. Install it, or fix the name ` +
            '(names are matched case-insensitively; checkNames: false sends them unchecked)',
          name,
          names,
          'unknown-script',
        );
      }
      const info = (name: string) => scripts.info[runner].get(name.toLowerCase());
      const sent: T = { ...use };
      if (scriptName) {
        if (info(scriptName)?.is_alwayson === true) {
          throw new ScriptError(
            `${runner} script "${quoted(scriptName)}" is always on: send it in alwayson_scripts, not script_name`,
            scriptName,
            names,
            'script-args',
          );
        }
        if (Array.isArray(use.script_args))
          sent.script_args = argumentsToSend(runner, scriptName, use.script_args, info(scriptName));
      }
      for (const [title, value] of alwaysOn) {
        if (info(title)?.is_alwayson === false) {
          throw new ScriptError(
            `${runner} script "${quoted(title)}" is selectable: send it as script_name with script_args, ` +
              'not in alwayson_scripts',
            title,
            names,
            'script-args',
          );
        }
        const args = (value as { args?: unknown } | null)?.args;
        if (Array.isArray(args)) {
          const translated = argumentsToSend(runner, title, args, info(title));
          sent.alwayson_scripts = { ...sent.alwayson_scripts, [title]: { ...(value as object), args: translated } };
        }
      }
      return sent;
    },
  };
}
