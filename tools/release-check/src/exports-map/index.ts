/**
 * The condition sets Node uses for `import` and for `require()`, and the ones TypeScript uses for
 * the types of each. A map with only `import` has no answer for `require()`: Node throws
 * ERR_PACKAGE_PATH_NOT_EXPORTED, which attw does not see when a `types` condition answers both.
 */
const CONDITION_SETS = {
  import: ['node', 'import', 'default'],
  require: ['node', 'require', 'default'],
  'import types': ['types', 'node', 'import', 'default'],
  'require types': ['types', 'node', 'require', 'default'],
} as const;

type ExportsValue = string | null | ExportsValue[] | { [key: string]: ExportsValue };

/** Resolves one subpath's target the way Node does: the first matching condition, in object order. */
function resolveTarget(value: ExportsValue | undefined, conditions: readonly string[]): string | undefined {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = resolveTarget(item, conditions);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  for (const [key, nested] of Object.entries(value)) {
    if (conditions.includes(key)) return resolveTarget(nested, conditions);
  }
  return undefined;
}

/** `{".": …}` for a map with subpaths, the whole value for a sugar map (`"exports": "./x.js"`). */
function subpaths(exportsField: ExportsValue): Array<[string, ExportsValue]> {
  const isSubpathMap =
    typeof exportsField === 'object' &&
    exportsField !== null &&
    !Array.isArray(exportsField) &&
    Object.keys(exportsField).some((key) => key.startsWith('.'));
  return isSubpathMap ? Object.entries(exportsField as Record<string, ExportsValue>) : [['.', exportsField]];
}

/**
 * Checks that every non-pattern subpath of `manifest.exports` resolves for `import`, `require()`
 * and the types of each, to a file the package contains. Returns one line per problem.
 */
export function checkExportsMap(manifest: { name?: string; exports?: unknown }, files: ReadonlySet<string>): string[] {
  if (manifest.exports === undefined) return [`${manifest.name}: no "exports" field`];
  const problems: string[] = [];
  for (const [subpath, value] of subpaths(manifest.exports as ExportsValue)) {
    if (subpath.includes('*')) continue;
    for (const [mode, conditions] of Object.entries(CONDITION_SETS)) {
      const target = resolveTarget(value, conditions);
      if (target === undefined)
        problems.push(`${manifest.name} "${subpath}": nothing for ${mode} (conditions ${conditions.join(', ')})`);
      else if (!files.has(target.replace(/^\.\//, '')))
        problems.push(`${manifest.name} "${subpath}" (${mode}) → ${target}: not in the package`);
    }
  }
  return problems;
}
