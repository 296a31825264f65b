import { printableLine } from '@sdwebui/internal/printable';
import { isJsonObject, SpecDocumentError, type Json } from '../document/index.js';

/**
 * Deepest nesting accepted. A webui document nests 11 levels (15 with the overlays); the
 * pipeline's walks recurse, so a document nested thousands deep is refused here, by an
 * iterative walk, with a clear error instead of a stack overflow later.
 */
export const MAX_DOCUMENT_DEPTH = 100;

/** References to another part of the same document: a JSON pointer after `#/`, nothing before the `#`. */
const IN_DOCUMENT = /^#\/[^#]*$/;

/**
 * A discriminator `mapping` value is a schema name (no `/`, no `#`) or a reference; redocly
 * resolves anything else (`./x.json`, `http://…`, `a/b`) as a file or URL.
 */
const MAPPING_NAME = /^[^#/]+$/;

/** Most offending references quoted in the error (the message stays short). */
const QUOTED = 3;

/**
 * Refuses a document that points outside itself. openapi-typescript bundles with
 * `@redocly/openapi-core`, which follows every `$ref` (and `externalValue`, and discriminator
 * `mapping` values) that is not a `#/…` pointer: it reads local files (`/etc/passwd`,
 * `/dev/zero`) into the generated client and fetches URLs on every `spec gen`. A webui's
 * `/openapi.json` only ever uses `#/components/schemas/…`, so anything else is refused here, at
 * pull, at normalize and again right before codegen. Also refuses nesting deeper than
 * `MAX_DOCUMENT_DEPTH`. Throws `SpecDocumentError`; `where` names the document in the message.
 */
export function assertSelfContained(document: Json, where: string): void {
  const quoted: string[] = [];
  let count = 0;
  // Pointers are built only for what is quoted: each entry links to its parent instead.
  type Entry = { value: Json; key: string; parent: Entry | undefined; depth: number; inDiscriminator: boolean };
  const pointer = (entry: Entry | undefined): string =>
    entry === undefined ? '#' : `${pointer(entry.parent)}/${entry.key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  const note = (entry: Entry, key: string, value: string) => {
    count++;
    if (quoted.length < QUOTED)
      quoted.push(printableLine(`${pointer(entry)}/${key} = ${JSON.stringify(value.slice(0, 80))}`).slice(0, 200));
  };
  const pending: Entry[] = [{ value: document, key: '', parent: undefined, depth: 0, inDiscriminator: false }];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const { value, depth } = entry;
    if (depth > MAX_DOCUMENT_DEPTH) {
      throw new SpecDocumentError(
        'too-deep',
        `${where} nests more than ${MAX_DOCUMENT_DEPTH} levels deep (a webui's document nests about 10): refused`,
      );
    }
    // The root entry stands for `#` itself.
    const self = entry.parent === undefined && entry.key === '' ? undefined : entry;
    const child = (item: Json, key: string, inDiscriminator: boolean): Entry => ({
      value: item,
      key,
      parent: self,
      depth: depth + 1,
      inDiscriminator,
    });
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        pending.push(child(item, String(index), false));
      });
      continue;
    }
    if (!isJsonObject(value)) continue;
    for (const key of ['$ref', '$dynamicRef'] as const) {
      const ref = value[key];
      if (typeof ref === 'string' && !IN_DOCUMENT.test(ref)) note(entry, key, ref);
    }
    if (typeof value.externalValue === 'string') note(entry, 'externalValue', value.externalValue);
    for (const [key, item] of Object.entries(value)) {
      if (entry.inDiscriminator && key === 'mapping' && isJsonObject(item)) {
        for (const [name, target] of Object.entries(item)) {
          if (typeof target === 'string' && !IN_DOCUMENT.test(target) && !MAPPING_NAME.test(target))
            note(child(item, 'mapping', false), name, target);
        }
      }
      pending.push(child(item, key, key === 'discriminator'));
    }
  }
  if (count > 0) {
    throw new SpecDocumentError(
      'external-ref',
      `${printableLine(where)} refers outside itself (${count} reference${count > 1 ? 's' : ''}, e.g. ${quoted.join('; ')}): ` +
        'only "#/…" references within the document are accepted, so nothing outside it is ever read or fetched',
    );
  }
}
