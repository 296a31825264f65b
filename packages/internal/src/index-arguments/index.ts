/**
 * Script arguments the webui's scripts declare as gradio components with `type="index"`: the UI and
 * `/sdapi/v1/script-info` show labels (its `choices`), but the script's `run()` is handed the chosen
 * label's position, and the API passes `script_args` to `run()` as sent. A label there fails
 * (X/Y/Z plot and SD upscale index a list with it: HTTP 500 `TypeError: list indices must be
 * integers or slices, not str`) or is silently misread (Poor man's outpainting's fill mode).
 * script-info does not say which arguments these are, so they are listed here, by script (lower-cased,
 * as the webui lists it) and argument label, from the built-in scripts' sources (`scripts/*.py`,
 * A1111 1.0 – 1.10.1; Forge keeps them).
 */
const INDEX_ARGUMENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['x/y/z plot', ['X type', 'Y type', 'Z type']],
  ['x/y plot', ['X type', 'Y type']],
  ['sd upscale', ['Upscaler']],
  ["poor man's outpainting", ['Masked content']],
]);

/** Whether `script` (any case) takes the argument labelled `label` as a choice's position rather than the choice. */
export function takesPosition(script: string, label: string | null | undefined): boolean {
  if (typeof label !== 'string') return false;
  return INDEX_ARGUMENTS.get(script.toLowerCase())?.includes(label) ?? false;
}
