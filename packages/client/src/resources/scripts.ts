import { call, type CallOptions } from '../core/call.js';
import type { ClientContext } from './context.js';
import { ApiError, AuthError } from '../core/errors.js';
import type { components } from '../generated/a1111-1.10.js';
import { takesPosition } from '@sdwebui/internal/index-arguments';

/**
 * One argument of a script, as the server's script-info describes it, and whether the script takes
 * the position of its choice (`type="index"`, e.g. X/Y/Z plot's axis types): generations send a
 * label of `choices` there as its position (the webui answers the label with a 500).
 */
export type ScriptArgument = components['schemas']['ScriptArg'] & { takesPosition: boolean };

type ScriptInfo = components['schemas']['ScriptInfo'];

/** A script the server lists, with its arguments when it describes them. */
export interface ScriptListing {
  /** Lower-cased, as the webui lists and matches it. */
  name: string;
  /** true: goes in `alwayson_scripts`; false: `script_name`; null: the server does not say. */
  alwaysOn: boolean | null;
  /** Its arguments in order; null when the server has no script-info for it. */
  args: ScriptArgument[] | null;
}

/** The server's scripts per kind of generation (`/sdapi/v1/scripts` + `/sdapi/v1/script-info`). */
export async function listScripts(
  ctx: ClientContext,
  options?: CallOptions,
): Promise<{ txt2img: ScriptListing[]; img2img: ScriptListing[] }> {
  const [list, info] = await Promise.all([
    call(ctx, 'GET /sdapi/v1/scripts', {}, options),
    call(ctx, 'GET /sdapi/v1/script-info', {}, options).catch((error: unknown) => {
      // Servers before script-info (1.1) still list names.
      if (error instanceof ApiError && !(error instanceof AuthError)) return [];
      throw error;
    }),
  ]);
  // Indexed once, the first entry of each name and kind kept: looking each listed name up in the
  // whole of script-info made 20,000 scripts (two answers of about 1 MB) cost 400 M comparisons, 6 s.
  const described = new Map<string, ScriptInfo>();
  for (const script of info) {
    if (typeof script?.name !== 'string') continue;
    const key = `${script.is_img2img === true}:${script.name.toLowerCase()}`;
    if (!described.has(key)) described.set(key, script);
  }
  const describe = (names: unknown, img2img: boolean): ScriptListing[] =>
    (Array.isArray(names) ? names : [])
      .filter((name): name is string => typeof name === 'string')
      .map((name) => {
        const found = described.get(`${img2img}:${name.toLowerCase()}`);
        return {
          name,
          alwaysOn: typeof found?.is_alwayson === 'boolean' ? found.is_alwayson : null,
          args: Array.isArray(found?.args)
            ? found.args.map((arg) => ({ ...arg, takesPosition: takesPosition(name, arg?.label) }))
            : null,
        };
      });
  return { txt2img: describe(list.txt2img, false), img2img: describe(list.img2img, true) };
}
