import type { ScriptArg } from '../catalogue.js';

/**
 * The script's arguments: `script_args` by position, the UI defaults (script-info values) where
 * the request sends fewer.
 */
export function scriptArgs(defaults: readonly ScriptArg[], given: readonly unknown[] | null | undefined): unknown[] {
  return defaults.map((item, index) => (given && index < given.length ? given[index] : item.value));
}

export const asBool = (value: unknown): boolean =>
  value === true || value === 'True' || value === 'true' || value === 1;
