import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpecValidator } from '@sdwebui/validate';
import { nullableParts } from '../dialect/index.js';
import { isJsonObject, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { diffSpecs, formatSpecDiff } from '../diff/index.js';
import { loadOverlays } from '../overlay/index.js';
import { readJson, readNormalized, repoPath } from '../testing/fixtures.js';
import { rawSpecPath } from './index.js';

// The forge-2 target is Forge's own document (spec/captures/forge-dfdcbab.openapi.json, OpenAPI
// 3.1 from pydantic v2) plus spec/forge-2/overlays/forge.json, which adds only what the document
// is known to lack. Checked here against the committed outputs and the capture.
const a1111 = await readNormalized('a1111-1.10');
const forge = await readJson<OpenApiDocument>(repoPath('spec', 'forge-2', 'openapi.json'));
const capturePath = repoPath('spec', 'captures', 'forge-dfdcbab.openapi.json');
const capture = await readJson<OpenApiDocument>(capturePath);
const schema = (doc: OpenApiDocument, name: string): JsonObject => doc.components.schemas?.[name] as JsonObject;
const property = (doc: OpenApiDocument, name: string, field: string): JsonObject | undefined =>
  (schema(doc, name).properties as Record<string, JsonObject>)[field];

/** Forge's `Optional[X] = Field(...)` response fields: required, and null when the server has no value. */
const REQUIRED_NULLABLE = [
  'EmbeddingItem.sd_checkpoint',
  'EmbeddingItem.sd_checkpoint_name',
  'EmbeddingItem.step',
  'FaceRestorerItem.cmd_dir',
  'HypernetworkItem.path',
  'PromptStyleItem.negative_prompt',
  'PromptStyleItem.prompt',
  'RealesrganItem.path',
  'RealesrganItem.scale',
  'SDModelItem.hash',
  'SDModelItem.sha256',
  'SchedulerItem.aliases',
  'SchedulerItem.default_rho',
  'SchedulerItem.need_inner_model',
  'UpscalerItem.model_name',
  'UpscalerItem.model_path',
  'UpscalerItem.model_url',
  'UpscalerItem.scale',
];

describe('the forge-2 target', () => {
  it("is built on Forge's own document, kept byte for byte, and stays OpenAPI 3.1", async () => {
    expect(await rawSpecPath(repoPath('spec'), 'forge-2')).toBe(capturePath);
    const bytes = await readFile(capturePath);
    // The sha256 spec/README.md gives for the capture: the file is the generated document, untouched.
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '050ac6e7b275e973930d0228ab909a66750a72044b269175e453db332521f679',
    );
    expect([capture.openapi, forge.openapi]).toEqual(['3.1.0', '3.1.0']);
    expect(JSON.stringify(forge)).not.toContain('"nullable"');
  });

  it.each([
    ['StableDiffusionProcessingTxt2Img', 'distilled_cfg_scale', 3.5],
    ['StableDiffusionProcessingImg2Img', 'distilled_cfg_scale', 3.5],
    ['StableDiffusionProcessingTxt2Img', 'hr_cfg', 1],
    ['StableDiffusionProcessingTxt2Img', 'hr_distilled_cfg', 3.5],
  ])('types %s.%s as number | null, default %s, from the document', (name, field, value) => {
    expect(property(a1111, name, field)).toBeUndefined();
    const parts = nullableParts(property(forge, name, field) as JsonObject);
    expect(parts).toMatchObject({ nullable: true, schema: { type: 'number', default: value } });
  });

  it('types hr_additional_modules as module names (the document says a bare list)', () => {
    expect(property(capture, 'StableDiffusionProcessingTxt2Img', 'hr_additional_modules')).toMatchObject({
      anyOf: [{ items: {}, type: 'array' }, { type: 'null' }],
    });
    expect(property(forge, 'StableDiffusionProcessingTxt2Img', 'hr_additional_modules')).toMatchObject({
      anyOf: [{ items: { type: 'string' }, type: 'array' }, { type: 'null' }],
    });
  });

  it('serves /sdapi/v1/sd-modules instead of /sdapi/v1/sd-vae, and no training routes', () => {
    expect(a1111.paths['/sdapi/v1/sd-vae']).toBeDefined();
    expect(forge.paths['/sdapi/v1/sd-vae']).toBeUndefined();
    expect(a1111.paths['/sdapi/v1/sd-modules']).toBeUndefined();
    const ok = (
      (forge.paths['/sdapi/v1/sd-modules']?.get as JsonObject | undefined)?.responses as JsonObject | undefined
    )?.['200'];
    expect(JSON.stringify(ok)).toContain('#/components/schemas/SDModuleItem');
    expect(schema(forge, 'SDModuleItem').required).toEqual(['model_name', 'filename']);
    for (const path of ['/sdapi/v1/train/embedding', '/sdapi/v1/train/hypernetwork']) {
      expect(a1111.paths[path]).toBeDefined();
      expect(forge.paths[path]).toBeUndefined();
    }
    expect(forge.paths['/sdapi/v1/create/embedding']).toBeDefined();
  });

  it("types ExtensionItem.commit_date as Forge's integer (A1111: string)", () => {
    expect(property(a1111, 'ExtensionItem', 'commit_date')?.type).toBe('string');
    expect(property(forge, 'ExtensionItem', 'commit_date')?.type).toBe('integer');
  });

  it('keeps the 18 required-and-nullable response fields required and nullable', () => {
    const found: string[] = [];
    for (const [name, model] of Object.entries(forge.components.schemas ?? {})) {
      const required = new Set(Array.isArray(model.required) ? model.required : []);
      for (const [field, value] of Object.entries((model.properties ?? {}) as Record<string, JsonObject>)) {
        if (required.has(field) && nullableParts(value).nullable) found.push(`${name}.${field}`);
      }
    }
    expect(found.sort()).toEqual(REQUIRED_NULLABLE);
  });

  it('adds the forge_* options from the document, every one typed', () => {
    const options = schema(forge, 'Options').properties as Record<string, JsonObject>;
    const forgeKeys = Object.keys(options).filter((key) => key.startsWith('forge_'));
    expect(forgeKeys.sort()).toEqual([
      'forge_additional_modules',
      'forge_async_loading',
      'forge_canvas_plain',
      'forge_canvas_toolbar_always',
      'forge_inference_memory',
      'forge_pin_shared_memory',
      'forge_preset',
      'forge_try_reproduce',
      'forge_unet_storage_dtype',
    ]);
    const untyped = Object.entries(options).filter(([, value]) => nullableParts(value).schema.type === undefined);
    expect(untyped.map(([key]) => key)).toEqual([]);
  });

  it('leaves no field "X | unknown"; unknown only where Forge says "anything" (script argument values)', async () => {
    const types = await readFile(repoPath('packages', 'client', 'src', 'generated', 'forge-2.ts'), 'utf8');
    expect(types.match(/\| unknown\b/g) ?? []).toEqual([]);
    const anything = types.split('\n').filter((line) => /: unknown \| null;$/.test(line));
    expect(anything.map((line) => line.trim())).toEqual([
      'maximum?: unknown | null;',
      'minimum?: unknown | null;',
      'step?: unknown | null;',
      'value?: unknown | null;',
    ]);
  });

  it("declares Forge's error bodies on every operation, core and extensions, and drops A1111's", async () => {
    expect(schema(forge, 'WebuiError')).toBeUndefined();
    expect(schema(forge, 'ForgeError').required).toEqual(['detail']);
    const controlnet = await readJson<OpenApiDocument>(repoPath('spec', 'forge-2', 'extensions', 'controlnet.json'));
    for (const doc of [forge, controlnet]) {
      for (const item of Object.values(doc.paths)) {
        for (const operation of Object.values(item).filter(isJsonObject)) {
          const responses = operation.responses as JsonObject;
          expect(JSON.stringify(responses.default)).toContain('#/components/schemas/ForgeError');
          if (responses['422'] !== undefined) expect(JSON.stringify(responses['422'])).toContain('ForgeError');
        }
      }
    }
  });

  it("accepts Forge's real bodies: pydantic 2 validation items, the plain detail, the exception body", async () => {
    const validator = createSpecValidator(forge);
    const progress = await readJson<{ body: unknown }>(repoPath('spec', 'recordings', 'sdapi-v1-progress-1.json'));
    expect(validator.validateResponse('GET', '/sdapi/v1/progress', 200, progress.body).errors).toEqual([]);
    // What Forge's framework answers (Forge @ dfdcbab under fastapi 0.115 / pydantic 2.10).
    const invalidJson = {
      detail: [
        {
          type: 'json_invalid',
          loc: ['body', 1],
          msg: 'JSON decode error',
          input: {},
          ctx: { error: 'Expecting property name enclosed in double quotes' },
        },
      ],
    };
    expect(validator.validateResponse('POST', '/sdapi/v1/txt2img', 422, invalidJson).errors).toEqual([]);
    const exception = { error: 'RuntimeError', detail: '', body: '', message: "model 'foo' not found" };
    expect(validator.validateResponse('POST', '/sdapi/v1/options', 500, exception).errors).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/samplers', 404, { detail: 'Not Found' }).errors).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/samplers', 400, { error: 'HTTPException' }).valid).toBe(false);
    const modules = [{ model_name: 'ae.safetensors', filename: '/models/VAE/ae.safetensors' }];
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-modules', 200, modules).errors).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-modules', 200, [{ model_name: 'ae' }]).valid).toBe(false);
    const models = [{ title: 'a', model_name: 'a', hash: null, sha256: null, filename: '/m/a.safetensors' }];
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-models', 200, models).errors).toEqual([]);
    expect(
      validator.validateResponse('GET', '/sdapi/v1/sd-models', 200, [{ ...models[0], hash: undefined }]).valid,
    ).toBe(false);
  });

  it('overlays only what the document lacks', async () => {
    const [patch] = await loadOverlays(repoPath('spec', 'forge-2', 'overlays'));
    const overlay = patch?.overlay ?? {};
    expect(Object.keys(overlay).sort()).toEqual([
      '$comment',
      'errorEnvelope',
      'extensionSchemas',
      'fillProperties',
      'operations',
      'properties',
      'schemas',
    ]);
    // Routes: the built-in ControlNet's, which the document (made without extensions) lacks.
    for (const key of Object.keys(overlay.operations ?? {})) {
      expect(key).toMatch(/^(GET|POST) \/controlnet\//);
      expect(capture.paths[key.split(' ')[1] as string]).toBeUndefined();
      expect(String(overlay.operations?.[key]?.description)).toContain('the capture was generated from');
    }
    // Properties: only what pydantic 2 sends and the capture's fastapi does not declare.
    for (const key of Object.keys(overlay.properties ?? {})) {
      const [name, field] = key.split('.') as [string, string];
      expect(property(capture, name, field)).toBeUndefined();
    }
    // Fills: only fields the document leaves as "anything" (`Any`, a bare list).
    for (const key of Object.keys(overlay.fillProperties ?? {})) {
      const [name, field] = key.split('.') as [string, string];
      const { schema: value } = nullableParts(property(capture, name, field) as JsonObject);
      expect(value.type === undefined || JSON.stringify(value.items) === '{}', key).toBe(true);
    }
    expect(Object.keys(overlay.schemas ?? {})).toEqual(['ForgeError']);
  });

  it('`spec diff` from 1.10 lists the real differences', () => {
    const text = formatSpecDiff(diffSpecs(a1111, forge));
    for (const line of [
      'GET /sdapi/v1/sd-vae: operation removed',
      'POST /sdapi/v1/train/embedding: operation removed',
      'POST /sdapi/v1/train/hypernetwork: operation removed',
      'GET /sdapi/v1/sd-modules: operation added',
      'POST /sdapi/v1/txt2img body.distilled_cfg_scale: request field "distilled_cfg_scale" added (number | null)',
      'POST /sdapi/v1/img2img body.distilled_cfg_scale: request field "distilled_cfg_scale" added (number | null)',
      'POST /sdapi/v1/txt2img body.hr_cfg: request field "hr_cfg" added (number | null)',
      'POST /sdapi/v1/txt2img body.hr_distilled_cfg: request field "hr_distilled_cfg" added (number | null)',
      'POST /sdapi/v1/txt2img body.hr_additional_modules: request field "hr_additional_modules" added (string[] | null)',
      'GET /sdapi/v1/extensions response[].commit_date: type changed from string to integer',
      'GET /sdapi/v1/sd-models response[].hash: response field "hash" is now required',
      'GET /sdapi/v1/embeddings response.loaded{}.step: response field "step" is now required',
      // pydantic 2 rejects null for a field that is not Optional (pydantic 1 took it).
      'POST /sdapi/v1/txt2img body.send_images: no longer nullable',
      'GET /sdapi/v1/options response.forge_unet_storage_dtype: response field "forge_unet_storage_dtype" added (string | null)',
      'every operation error.errors: response field "errors" removed',
      'every operation error.message: response field "message" added (string)',
    ]) {
      expect(text).toContain(`  ${line}\n`);
    }
    // The representation (nullable vs a null branch) is no change: steps is number | null in both.
    expect(text).not.toMatch(/body\.steps:/);
  });
});

describe('derived targets', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sdwebui-derived-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it.each([['../a1111-1.10'], ['/etc'], ['fork'], [42]])('rejects target.json with base %j', async (base) => {
    await mkdir(join(work, 'fork'), { recursive: true });
    await writeFile(join(work, 'fork', 'target.json'), JSON.stringify({ base }));
    await expect(rawSpecPath(work, 'fork')).rejects.toThrow(/"base" must name another target folder/);
  });

  it.each([['../forge.openapi.json'], ['/etc/passwd'], ['forge.json'], [42]])(
    'rejects target.json with capture %j',
    async (capture) => {
      await mkdir(join(work, 'fork'), { recursive: true });
      await writeFile(join(work, 'fork', 'target.json'), JSON.stringify({ capture }));
      await expect(rawSpecPath(work, 'fork')).rejects.toThrow(/"capture" must name a file of spec\/captures\//);
    },
  );

  it('prefers a pulled openapi.raw.json over the base', async () => {
    await mkdir(join(work, 'pulled'), { recursive: true });
    await writeFile(join(work, 'pulled', 'target.json'), JSON.stringify({ base: 'a1111-1.10' }));
    await writeFile(join(work, 'pulled', 'openapi.raw.json'), '{}');
    expect(await rawSpecPath(work, 'pulled')).toBe(join(work, 'pulled', 'openapi.raw.json'));
  });

  it('the patch is a loadable overlay', async () => {
    const [patch] = await loadOverlays(repoPath('spec', 'forge-2', 'overlays'));
    expect(patch?.name).toBe('forge.json');
    expect(patch?.overlay.$comment).toMatch(/dfdcbab/);
  });
});
