import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import {
  isJsonObject,
  operations,
  stableStringify,
  type Json,
  type JsonObject,
  type OpenApiDocument,
} from '../document/index.js';
import { readRaw, repoOverlays, TARGETS } from '../testing/fixtures.js';
import { isMachinePath, normalizeSpec } from './index.js';

/** `Schema.property` → string default, for every top-level property of every component schema. */
function stringDefaults(doc: OpenApiDocument): Map<string, string> {
  const found = new Map<string, string>();
  for (const [schemaName, schema] of Object.entries(doc.components.schemas ?? {})) {
    const properties = isJsonObject(schema.properties) ? schema.properties : {};
    for (const [name, property] of Object.entries(properties)) {
      if (isJsonObject(property) && typeof property.default === 'string')
        found.set(`${schemaName}.${name}`, property.default);
    }
  }
  return found;
}

type SpecData = Parameters<Validator['validate']>[0];

async function validate(doc: object): Promise<{ valid: boolean; errors?: unknown }> {
  return new Validator().validate(structuredClone(doc) as SpecData);
}

describe.each(TARGETS)('normalizeSpec on the %s capture', (target) => {
  it('keeps only the core API and splits extensions into their own documents', async () => {
    const { core, extensions, report } = normalizeSpec(await readRaw(target), { overlays: await repoOverlays() });
    const paths = Object.keys(core.paths);
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths)
      expect(path).toMatch(/^\/sdapi\/v1\/|^\/internal\/(progress|pending-tasks|ping|sysinfo)$/);
    expect(paths).toContain('/sdapi/v1/txt2img');
    expect(paths).toContain('/internal/progress');
    expect(Object.keys(extensions)).toContain('controlnet');
    expect(Object.keys(extensions.controlnet?.paths ?? {}).every((p) => p.startsWith('/controlnet/'))).toBe(true);
    expect(report.droppedInternalPaths).toContain('/login');
    expect(report.droppedInternalPaths).toContain('/internal/quicksettings-hint');
    // every schema a document references is present, and no others
    const text = JSON.stringify(core);
    for (const name of Object.keys(core.components.schemas ?? {})) {
      expect(text.includes(`"#/components/schemas/${name}"`), `${name} is referenced`).toBe(true);
    }
  });

  it('removes absolute machine paths from defaults and leaves every other string default untouched', async () => {
    const raw = await readRaw(target);
    const { core, extensions, report } = normalizeSpec(raw);
    const before = stringDefaults(raw);
    const after = new Map([
      ...stringDefaults(core),
      ...Object.values(extensions).flatMap((doc) => [...stringDefaults(doc)]),
    ]);
    expect(report.removedMachineDefaults).toContain('Flags.data_dir');
    let kept = 0;
    for (const [key, value] of before) {
      const schemaName = key.split('.')[0] as string;
      const stillPresent =
        core.components.schemas?.[schemaName] !== undefined ||
        Object.values(extensions).some((doc) => doc.components.schemas?.[schemaName]);
      if (!stillPresent) continue;
      if (isMachinePath(value)) {
        expect(after.has(key), `${key} = ${value} removed`).toBe(false);
      } else if (report.unifiedPathSeparators.includes(key)) {
        expect(after.get(key), `${key} uses / separators`).toBe(value.replaceAll('\\', '/'));
      } else {
        expect(after.get(key), `${key} kept`).toBe(value);
        kept++;
      }
    }
    expect(kept).toBeGreaterThan(50);
    if (after.has('Options.outdir_txt2img_samples'))
      expect(after.get('Options.outdir_txt2img_samples')).toBe('outputs/txt2img-images');
    expect(after.get('Options.keyedit_delimiters')).toMatch(/^\.,\\\/!\?%\^\*;:\{\}=`~\(\)/);
  });

  it('gives the two ProgressResponse schemas distinct names and types the options body', async () => {
    const { core } = normalizeSpec(await readRaw(target));
    const schemas = core.components.schemas ?? {};
    expect(Object.keys(schemas).filter((name) => name.includes('__'))).toEqual([]);
    expect(schemas.ProgressResponse?.required).toContain('eta_relative');
    expect(schemas.TaskProgressResponse?.required).toContain('active');
    const body = (core.paths['/sdapi/v1/options']?.post as JsonObject | undefined)?.requestBody as JsonObject;
    expect(JSON.stringify(body)).toContain('#/components/schemas/Options');
  });

  it('marks optional properties nullable, as pydantic v1 serves them, and leaves required ones alone', async () => {
    const { core } = normalizeSpec(await readRaw(target));
    const model = core.components.schemas?.SDModelItem?.properties as JsonObject;
    expect(model.config).toMatchObject({ type: 'string', nullable: true });
    expect(model.title).not.toHaveProperty('nullable');
  });

  it('declares the webui error envelope on every operation', async () => {
    const { core } = normalizeSpec(await readRaw(target));
    expect(core.components.schemas?.WebuiError?.required).toEqual(['error', 'detail', 'body', 'errors']);
    for (const { operation } of operations(core)) {
      expect(JSON.stringify((operation.responses as JsonObject).default)).toContain('WebuiError');
    }
  });

  it('is deterministic', async () => {
    const raw = await readRaw(target);
    const overlays = await repoOverlays();
    expect(stableStringify(normalizeSpec(raw, { overlays }).core)).toBe(
      stableStringify(normalizeSpec(raw, { overlays }).core),
    );
  });

  it('produces documents that pass an OpenAPI 3.0 validator', async () => {
    const { core, extensions } = normalizeSpec(await readRaw(target), { overlays: await repoOverlays() });
    for (const [name, doc] of Object.entries({ core, ...extensions })) {
      const result = await validate(doc);
      expect(result.errors ?? [], name).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });
});

describe('the raw captures need normalizing', () => {
  it('fail the OpenAPI 3.0 validator before normalization (1.4: type null, 1.10: numeric exclusiveMinimum)', async () => {
    for (const target of ['a1111-1.4', 'a1111-1.10']) {
      const result = await validate(await readRaw(target));
      expect(result.valid, target).toBe(false);
    }
  });

  it('repairs the invalid OAS 3.0 keywords', async () => {
    const { core } = normalizeSpec(await readRaw('a1111-1.10'));
    const resize = (core.components.schemas?.ExtrasSingleImageRequest?.properties as JsonObject | undefined)
      ?.upscaling_resize as JsonObject;
    expect(resize).toMatchObject({ minimum: 0, exclusiveMinimum: true });
    const text = JSON.stringify((await readRaw('a1111-1.4')).components);
    expect(text).toContain('"type":"null"');
    expect(JSON.stringify(normalizeSpec(await readRaw('a1111-1.4')).core)).not.toContain('"type":"null"');
  });
});

describe('isMachinePath', () => {
  it.each<[Json, boolean]>([
    ['O:\\AI\\sd-webui', true],
    ['C:/models/x.ckpt', true],
    ['\\\\server\\share\\models', true],
    ['/content/gdrive/MyDrive', true],
    [['O:\\AI\\styles.csv'], true],
    ['outputs\\txt2img-images', false],
    ['outputs/txt2img-images', false],
    ['.,\\/!?%^*;:{}=`~() ', false],
    ['/', false],
    ['Euler', false],
    [[], false],
  ])('%j → %s', (value, expected) => {
    expect(isMachinePath(value)).toBe(expected);
  });
});
