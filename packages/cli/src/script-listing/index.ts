import type { ScriptArgument, ScriptListing } from '@sdwebui/client';
import { printable } from '../terminal-text/index.js';

/** `label`, its choices or range, and default: what a person needs to fill `script_args`. */
function argumentLine(arg: ScriptArgument, index: number): string {
  const parts = [`${index + 1}. ${arg.label ?? '(no label)'}`];
  if (Array.isArray(arg.choices) && arg.choices.length) {
    parts.push(`one of ${arg.choices.join(' | ')}`);
    // The script gets the choice's position; the SDK sends a label as it (the webui 500s on the label).
    if (arg.takesPosition) parts.push(`or its position 0–${arg.choices.length - 1} (a label is sent as its position)`);
  }
  if (typeof arg.minimum === 'number' || typeof arg.maximum === 'number')
    parts.push(`${arg.minimum ?? '…'}–${arg.maximum ?? '…'}`);
  if (arg.value !== undefined && arg.value !== null) parts.push(`default ${JSON.stringify(arg.value)}`);
  return `    ${printable(parts.join(', '))}`;
}

function scriptLines(script: ScriptListing): string[] {
  const kind = script.alwaysOn === true ? 'alwayson_scripts' : script.alwaysOn === false ? 'script_name' : '';
  const head = `  ${printable(script.name)}${kind ? ` (${kind})` : ''}`;
  if (script.args === null) return [head];
  if (script.args.length === 0) return [`${head}: no arguments`];
  return [head, ...script.args.map(argumentLine)];
}

/** The scripts of both kinds of generation, one per line, arguments indented under each. */
export function describeScripts(scripts: { txt2img: ScriptListing[]; img2img: ScriptListing[] }): string {
  const section = (title: string, list: ScriptListing[]) => [
    `${title}:`,
    ...(list.length ? list.flatMap(scriptLines) : ['  (none)']),
  ];
  return [...section('txt2img', scripts.txt2img), ...section('img2img', scripts.img2img)].join('\n');
}
