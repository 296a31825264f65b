import { commentText, escapeUnprintable, generatedHeader } from '../codegen/index.js';
import type { ScriptArgInfo, ScriptInfo, ScriptsCapture } from '../scripts/index.js';
import { takesPosition } from '@sdwebui/internal/index-arguments';

type Runner = 'txt2img' | 'img2img';

interface ScriptEntry {
  name: string;
  alwaysOn: boolean | null;
  args: ScriptArgInfo[] | null;
}

/** A union of more choices than this is typed by its value's type instead (checkpoint lists). */
const MAX_UNION_CHOICES = 200;

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'as implements interface let package private protected public static yield any boolean number string symbol type'
  ).split(' '),
);

/** A tuple member name from a UI label: `X values` → `x_values`. */
function memberName(label: string | null, index: number, taken: Set<string>): string {
  let name = (label ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  if (name === '') name = `arg${index}`;
  if (/^[0-9]/.test(name) || RESERVED.has(name)) name = `_${name}`;
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
  taken.add(unique);
  return unique;
}

function valueType(value: unknown): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'string') return 'string';
  if (Array.isArray(value)) return 'unknown[]';
  return 'unknown';
}

function argType(arg: ScriptArgInfo, byPosition: boolean): string {
  if (arg.choices === null || arg.choices.length === 0 || arg.choices.length > MAX_UNION_CHOICES)
    return byPosition ? 'string | number' : valueType(arg.value);
  // A dropdown declared with type="index" (X/Y/Z plot's axis types) is handed the choice's position:
  // the SDK sends a label as its position, so both are typed; any other dropdown takes the choice.
  const labels = [...new Set(arg.choices.map((choice) => JSON.stringify(choice)))].join(' | ');
  const union = byPosition ? `${labels} | number` : labels;
  return Array.isArray(arg.value) ? `Array<${union}>` : union;
}

function argComment(arg: ScriptArgInfo, byPosition: boolean): string {
  const notes: string[] = [arg.label === null ? '(no label)' : commentText(arg.label)];
  if (byPosition) notes.push('a choice or its position (the script takes the position)');
  if (arg.minimum !== null) notes.push(`min ${arg.minimum}`);
  if (arg.maximum !== null) notes.push(`max ${arg.maximum}`);
  if (arg.step !== null) notes.push(`step ${arg.step}`);
  if (arg.choices !== null && arg.choices.length > MAX_UNION_CHOICES) notes.push(`${arg.choices.length} choices`);
  if (arg.value !== null) notes.push(`default ${commentText(JSON.stringify(arg.value) ?? '')}`);
  return notes.join('; ');
}

/** Each runner's scripts by lower-cased name: titles from `/scripts`, arguments from `/script-info`. */
function entriesOf(capture: ScriptsCapture, runner: Runner): ScriptEntry[] {
  const byName = new Map<string, ScriptEntry>();
  const info: ScriptInfo[] = (capture.scriptInfo ?? []).filter(
    (script) => script.is_img2img === (runner === 'img2img'),
  );
  for (const script of info) {
    const name = script.name.toLowerCase();
    if (!byName.has(name)) byName.set(name, { name, alwaysOn: script.is_alwayson, args: script.args });
  }
  for (const title of capture.scripts?.[runner] ?? []) {
    const name = title.toLowerCase();
    if (!byName.has(name)) byName.set(name, { name, alwaysOn: null, args: null });
  }
  return [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function tupleType(entry: ScriptEntry): string[] {
  const kind =
    entry.alwaysOn === null
      ? 'not in script-info'
      : entry.alwaysOn
        ? 'always-on: `alwayson_scripts`'
        : 'selectable: `script_name`';
  const head = `  /** ${commentText(entry.name)} (${kind}) */`;
  if (entry.args === null) return [head, `  ${JSON.stringify(entry.name)}: unknown[];`];
  if (entry.args.length === 0) return [head, `  ${JSON.stringify(entry.name)}: [];`];
  const taken = new Set<string>();
  const members = entry.args.map((arg, i) => {
    const byPosition = takesPosition(entry.name, arg.label);
    return [
      `    /** ${argComment(arg, byPosition)} */`,
      `    ${memberName(arg.label, i, taken)}: ${argType(arg, byPosition)},`,
    ];
  });
  return [head, `  ${JSON.stringify(entry.name)}: [`, ...members.flat(), '  ];'];
}

function runtimeEntry(entry: ScriptEntry): string {
  const args =
    entry.args === null
      ? 'null'
      : `[${entry.args
          .map((arg) =>
            JSON.stringify({
              label: arg.label,
              choices: arg.choices,
              minimum: arg.minimum,
              maximum: arg.maximum,
              takesPosition: takesPosition(entry.name, arg.label),
            }),
          )
          .join(', ')}]`;
  // A computed key: a quoted "__proto__" key in an object literal would set the prototype instead.
  return `    [${JSON.stringify(entry.name)}]: { alwaysOn: ${JSON.stringify(entry.alwaysOn)}, args: ${args} },`;
}

const PRELUDE = `/** One argument of a script, as the server's \`/sdapi/v1/script-info\` describes it. */
export interface ScriptArgDescription {
  readonly label: string | null;
  /** Allowed values of a dropdown or radio. */
  readonly choices: ReadonlyArray<string | number> | null;
  readonly minimum: number | null;
  readonly maximum: number | null;
  /**
   * A \`type="index"\` dropdown (X/Y/Z plot's axis types): the script takes the position of its choice,
   * and \`@sdwebui/client\` sends a label of \`choices\` as its position.
   */
  readonly takesPosition: boolean;
}

export interface ScriptDescription {
  /** true: an \`alwayson_scripts\` key; false: a \`script_name\`; null: the server listed no details. */
  readonly alwaysOn: boolean | null;
  /** Its arguments in order (\`script_args\` / \`alwayson_scripts[name].args\`), or null when unknown. */
  readonly args: readonly ScriptArgDescription[] | null;
}

/**
 * Every script of each runner by lower-cased name (the webui matches names case-insensitively).
 * Names come from the server: look them up with \`Object.hasOwn\`, not \`in\`.
 */
export interface ScriptCatalogue {
  readonly txt2img: Readonly<Record<string, ScriptDescription>>;
  readonly img2img: Readonly<Record<string, ScriptDescription>>;
}
`;

/**
 * TypeScript for one target's `scripts.json`: per runner, a map from script name to its argument
 * tuple (UI labels as member names and comments, choices as unions, min/max/step noted), and
 * `scripts`, the same as runtime data so a client can check names, argument counts and choices
 * before it sends a request. Server text only ever appears JSON-quoted or comment-escaped.
 */
export function generateScriptTypes(capture: ScriptsCapture, source: string): string {
  const lines = [generatedHeader(source, 're-pull the target (`sdwebui spec pull`)').trimEnd(), '', PRELUDE];
  for (const runner of ['txt2img', 'img2img'] as const) {
    const entries = entriesOf(capture, runner);
    const title = `${runner[0]?.toUpperCase()}${runner.slice(1)}ScriptArgs`;
    lines.push(
      `/** Argument tuple of every ${runner} script the server listed${entries.length === 0 ? ' (it listed none)' : ''}. */`,
    );
    lines.push(`export interface ${title} {`, ...entries.flatMap(tupleType), '}', '');
  }
  lines.push('/** The same scripts as data, for checks at run time. */', 'export const scripts: ScriptCatalogue = {');
  for (const runner of ['txt2img', 'img2img'] as const) {
    lines.push(`  ${runner}: {`, ...entriesOf(capture, runner).map(runtimeEntry), '  },');
  }
  lines.push('};', '');
  // JSON.stringify leaves C1 characters and bidirectional overrides raw in the string literals.
  return escapeUnprintable(lines.join('\n'));
}
