import { generatedHeader } from '../codegen/index.js';

/** What one target has generated besides its core types. */
export interface GeneratedTarget {
  target: string;
  /** Extension namespaces with a `<target>.<namespace>.ts`. */
  extensions: readonly string[];
  /** Whether `<target>.scripts.ts` exists. */
  scripts: boolean;
}

/** `a1111-1.10` → `A1111_1_10`: an identifier for imports. */
const identifier = (target: string): string =>
  target.replace(/[^A-Za-z0-9]+/g, '_').replace(/^[a-z]/, (first) => first.toUpperCase());

const EXTENSION_NAMES: Readonly<Record<string, string>> = { controlnet: 'ControlNet', adetailer: 'ADetailer' };

/** Every `<target>.scripts.ts` declares the same `ScriptCatalogue`; import it from the first. */
function scriptTypeImport(targets: readonly GeneratedTarget[]): string[] {
  const first = targets.find((target) => target.scripts);
  if (first === undefined) return [];
  return [
    `import type { ScriptCatalogue } from './${first.target}.scripts.js';`,
    `export type { ScriptArgDescription, ScriptCatalogue, ScriptDescription } from './${first.target}.scripts.js';`,
  ];
}

/**
 * `generated/index.ts`: one place that says, per target, which extension types and script
 * catalogue exist, so the client can pick them by target name.
 */
export function generateIndex(targets: readonly GeneratedTarget[], namespaces: readonly string[]): string {
  const sorted = [...targets].sort((a, b) => (a.target < b.target ? -1 : 1));
  const imports: string[] = [];
  const paths: string[] = [];
  const schemas: string[] = [];
  const catalogues: string[] = [];
  const argTypes: string[] = [];
  for (const { target, extensions, scripts } of sorted) {
    const id = identifier(target);
    const pathEntries: string[] = [];
    const schemaEntries: string[] = [];
    for (const namespace of namespaces) {
      const alias = `${id}_${EXTENSION_NAMES[namespace] ?? identifier(namespace)}`;
      if (extensions.includes(namespace)) {
        imports.push(
          `import type { components as ${alias}Components, paths as ${alias}Paths } from './${target}.${namespace}.js';`,
        );
        pathEntries.push(`${namespace}: ${alias}Paths`);
        schemaEntries.push(`${namespace}: ${alias}Components['schemas']`);
      } else {
        pathEntries.push(`${namespace}: never`);
        schemaEntries.push(`${namespace}: never`);
      }
    }
    paths.push(`  ${JSON.stringify(target)}: { ${pathEntries.join('; ')} };`);
    schemas.push(`  ${JSON.stringify(target)}: { ${schemaEntries.join('; ')} };`);
    if (scripts) {
      imports.push(
        `import { scripts as ${id}Scripts, type Img2imgScriptArgs as ${id}Img2img, type Txt2imgScriptArgs as ${id}Txt2img } from './${target}.scripts.js';`,
      );
      catalogues.push(`  ${JSON.stringify(target)}: ${id}Scripts,`);
      argTypes.push(`  ${JSON.stringify(target)}: { txt2img: ${id}Txt2img; img2img: ${id}Img2img };`);
    }
  }
  return [
    generatedHeader('the targets of spec/', 'change the targets').trimEnd(),
    '',
    ...imports,
    ...scriptTypeImport(sorted),
    '',
    "/** Extension route types per target; `never` where the target's capture lacks the extension. */",
    'export interface ExtensionPaths {',
    ...paths,
    '}',
    '',
    '/** Extension schemas (`ControlNetUnit`, `ADetailerArgs`, …) per target; `never` where it lacks the extension. */',
    'export interface ExtensionSchemas {',
    ...schemas,
    '}',
    '',
    ...(catalogues.length > 0
      ? [
          "/** The scripts each target's server listed (targets with a `scripts.json`), for run-time checks. */",
          'export const scriptCatalogues = {',
          ...catalogues,
          '} satisfies Record<string, ScriptCatalogue>;',
          '',
          '/**',
          ' * The argument tuple of each script per target and runner, by lower-cased name, for `script_args`',
          " * (`ScriptArgTypes['a1111-1.10']['txt2img']['x/y/z plot']`) or `alwayson_scripts[name].args`.",
          ' */',
          'export interface ScriptArgTypes {',
          ...argTypes,
          '}',
          '',
        ]
      : []),
  ].join('\n');
}
