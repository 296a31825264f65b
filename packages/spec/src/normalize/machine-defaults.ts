import { isJsonObject, type Json, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { objectSchemas, schemasOf } from './components.js';

/**
 * Absolute filesystem paths: a Windows drive (`O:\AI\sd-webui`), a UNC share (`\\host\share`)
 * or a POSIX path with at least two segments (`/content/gdrive/...`). Relative paths such as
 * `outputs\txt2img-images` are the webui's own defaults and stay, and so does every other
 * string: `keyedit_delimiters` is `.,\/!?%^*;:{}=`~()`, full of slashes, and is no path.
 */
const ABSOLUTE_PATH = /^(?:[A-Za-z]:[\\/]|\\\\[^\\]+\\|\/[^/\s]+\/)/;

/**
 * A relative path joined with Windows separators (`outputs\txt2img-images`): the webui builds
 * these defaults with `os.path.join`, so the capture's OS leaks into them. Only word-like
 * segments qualify, which keeps punctuation strings such as `keyedit_delimiters` out.
 */
const WINDOWS_RELATIVE_PATH = /^[\w.-]+(?:\\[\w .-]+)+$/;

/** Whether a default is an absolute path of the capturing machine (or a list of them), which normalize removes. */
export function isMachinePath(value: Json): boolean {
  if (typeof value === 'string') return ABSOLUTE_PATH.test(value);
  return Array.isArray(value) && value.length > 0 && value.every(isMachinePath);
}

/**
 * Rewrites Windows-separated relative path defaults to the `/` form the webui uses elsewhere,
 * so captures from Windows and Linux servers agree. Returns the rewritten `Schema.property`s.
 */
export function unifyPathSeparators(doc: OpenApiDocument): string[] {
  const rewritten: string[] = [];
  for (const [schemaName, schema] of Object.entries(schemasOf(doc))) {
    for (const objectSchema of objectSchemas(schema)) {
      for (const [name, property] of Object.entries(objectSchema.properties as JsonObject)) {
        if (
          isJsonObject(property) &&
          typeof property.default === 'string' &&
          WINDOWS_RELATIVE_PATH.test(property.default)
        ) {
          property.default = property.default.replaceAll('\\', '/');
          rewritten.push(`${schemaName}.${name}`);
        }
      }
    }
  }
  return rewritten;
}

/**
 * Removes `default`s that are absolute paths of the machine the spec was captured on: they
 * describe that install, not the API, and would make every capture differ. Returns the JSON
 * pointers of the removed defaults so the normalizer can report them.
 */
export function stripMachineDefaults(doc: OpenApiDocument): string[] {
  const removed: string[] = [];
  for (const [schemaName, schema] of Object.entries(schemasOf(doc))) {
    for (const objectSchema of objectSchemas(schema)) {
      for (const [name, property] of Object.entries(objectSchema.properties as JsonObject)) {
        if (isJsonObject(property) && 'default' in property && isMachinePath(property.default as Json)) {
          delete property.default;
          removed.push(`${schemaName}.${name}`);
        }
      }
    }
  }
  return removed;
}
