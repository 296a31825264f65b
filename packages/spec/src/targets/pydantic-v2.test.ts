import { describe, expect, it } from 'vitest';
import { generateTypes } from '../codegen/index.js';
import { isJsonObject, type Json, type OpenApiDocument } from '../document/index.js';
import { normalizeSpec } from '../normalize/index.js';
import { readJson, repoOverlays, repoPath } from '../testing/fixtures.js';
import { typeCheck } from '../testing/type-check.js';

/** Properties written as pydantic v2's `Optional[X]`: `anyOf` with a `{"type": "null"}` branch. */
function nullBranchProperties(doc: OpenApiDocument): number {
  let count = 0;
  const visit = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isJsonObject(value)) {
      if (isJsonObject(value.properties))
        for (const property of Object.values(value.properties))
          if (
            isJsonObject(property) &&
            Array.isArray(property.anyOf) &&
            property.anyOf.some((b) => isJsonObject(b) && b.type === 'null')
          )
            count++;
      Object.values(value).forEach(visit);
    }
  };
  visit(doc.components);
  return count;
}

// The two pydantic-v2 servers' own documents (spec/captures, provenance in spec/README.md).
describe.each([
  ['Forge', 'forge-dfdcbab.openapi.json', 39],
  ['SD.Next', 'sdnext-058a7f0.openapi.json', 94],
])('spec gen on the %s document (OpenAPI 3.1, pydantic v2)', (_, file, corePaths) => {
  it('types every optional field T | null (no "X | unknown"), and the result type-checks', async () => {
    const raw = await readJson<OpenApiDocument>(repoPath('spec', 'captures', file));
    expect(raw.openapi).toBe('3.1.0');
    const { core, report } = normalizeSpec(raw, { overlays: await repoOverlays() });
    expect(report.corePaths).toBe(corePaths);
    expect(nullBranchProperties(core)).toBeGreaterThan(400);
    const text = await generateTypes(core, `spec/captures/${file}`);
    expect(text.match(/\| unknown\b/g) ?? []).toEqual([]);
    expect(typeCheck(text)).toEqual([]);
  });
});

it('the type check reports a type error (so the checks above can fail)', () => {
  expect(typeCheck('export const steps: number = "20";')).toEqual([
    "Type 'string' is not assignable to type 'number'.",
  ]);
});
