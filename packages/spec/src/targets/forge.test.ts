import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSpecValidator } from '@sdwebui/validate';
import { isJsonObject, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { diffSpecs, formatSpecDiff } from '../diff/index.js';
import { normalizeSpec } from '../normalize/index.js';
import { loadOverlays } from '../overlay/index.js';
import { readJson, readNormalized, readRaw, repoOverlays, repoPath } from '../testing/fixtures.js';
import { listTargets, rawSpecPath } from './index.js';

// Every Forge difference the hand-written patch (spec/forge-2/overlays/forge.json) applies,
// checked on the committed forge-2 document against the 1.10 one it derives from.
const a1111 = await readNormalized('a1111-1.10');
const forge = await readJson<OpenApiDocument>(repoPath('spec', 'forge-2', 'openapi.json'));
const schema = (doc: OpenApiDocument, name: string): JsonObject => doc.components.schemas?.[name] as JsonObject;
const property = (doc: OpenApiDocument, name: string, field: string): JsonObject | undefined =>
  (schema(doc, name).properties as Record<string, JsonObject>)[field];

describe('the forge-2 target', () => {
  it('derives from the 1.10 capture through target.json', async () => {
    expect(await listTargets(repoPath('spec'))).toContain('forge-2');
    expect(await rawSpecPath(repoPath('spec'), 'forge-2')).toBe(repoPath('spec', 'a1111-1.10', 'openapi.raw.json'));
  });

  it.each([
    ['StableDiffusionProcessingTxt2Img', 'distilled_cfg_scale', 3.5],
    ['StableDiffusionProcessingImg2Img', 'distilled_cfg_scale', 3.5],
    ['StableDiffusionProcessingTxt2Img', 'hr_cfg', 1],
    ['StableDiffusionProcessingTxt2Img', 'hr_distilled_cfg', 3.5],
  ])('adds %s.%s (number, default %s)', (name, field, value) => {
    expect(property(a1111, name, field)).toBeUndefined();
    expect(property(forge, name, field)).toMatchObject({ type: 'number', default: value });
  });

  it('adds hr_additional_modules as a list of module names and says it must be sent with hires fix', () => {
    expect(property(a1111, 'StableDiffusionProcessingTxt2Img', 'hr_additional_modules')).toBeUndefined();
    const field = property(forge, 'StableDiffusionProcessingTxt2Img', 'hr_additional_modules');
    expect(field).toMatchObject({ type: 'array', items: { type: 'string' }, nullable: true });
    expect(field?.description).toMatch(/Use same choices.*TypeError/s);
  });

  it('defaults txt2img denoising_strength to 0.75', () => {
    expect(property(a1111, 'StableDiffusionProcessingTxt2Img', 'denoising_strength')?.default).toBeUndefined();
    expect(property(forge, 'StableDiffusionProcessingTxt2Img', 'denoising_strength')?.default).toBe(0.75);
  });

  it('serves /sdapi/v1/sd-modules instead of /sdapi/v1/sd-vae', () => {
    expect(a1111.paths['/sdapi/v1/sd-vae']).toBeDefined();
    expect(forge.paths['/sdapi/v1/sd-vae']).toBeUndefined();
    expect(a1111.paths['/sdapi/v1/sd-modules']).toBeUndefined();
    const ok = (
      (forge.paths['/sdapi/v1/sd-modules']?.get as JsonObject | undefined)?.responses as JsonObject | undefined
    )?.['200'];
    expect(JSON.stringify(ok)).toContain('#/components/schemas/SDModuleItem');
    expect(schema(forge, 'SDModuleItem').required).toEqual(['model_name', 'filename']);
  });

  it.each(['/sdapi/v1/train/embedding', '/sdapi/v1/train/hypernetwork'])('removes the training route %s', (path) => {
    expect(a1111.paths[path]).toBeDefined();
    expect(forge.paths[path]).toBeUndefined();
    // Only the training routes go: the embedding/hypernetwork creation routes stay.
    expect(forge.paths[path.replace('train', 'create')]).toBeDefined();
  });

  it('adds the forge_* options with their values', () => {
    const forgeKeys = Object.keys(schema(forge, 'Options').properties as JsonObject).filter((key) =>
      key.startsWith('forge_'),
    );
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
    expect(Object.keys(schema(a1111, 'Options').properties as JsonObject).some((key) => key.startsWith('forge_'))).toBe(
      false,
    );
    expect(property(forge, 'Options', 'forge_preset')?.enum).toEqual(['sd', 'xl', 'flux', 'all']);
    expect(property(forge, 'Options', 'forge_unet_storage_dtype')?.enum).toContain('bnb-nf4 (fp16 LoRA)');
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
    expect(property(forge, 'ValidationError', 'input')).toBeDefined();
  });

  it("accepts Forge's real bodies: the recorded progress and both documented error shapes", async () => {
    const validator = createSpecValidator(forge);
    const progress = await readJson<{ body: unknown }>(repoPath('spec', 'recordings', 'sdapi-v1-progress-1.json'));
    expect(validator.validateResponse('GET', '/sdapi/v1/progress', 200, progress.body).errors).toEqual([]);
    const exception = { error: 'RuntimeError', detail: '', body: '', message: "model 'foo' not found" };
    expect(validator.validateResponse('POST', '/sdapi/v1/options', 500, exception).errors).toEqual([]);
    expect(
      validator.validateResponse('GET', '/sdapi/v1/samplers', 400, { detail: 'Sampler not found' }).errors,
    ).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/samplers', 400, { error: 'HTTPException' }).valid).toBe(false);
    const modules = [{ model_name: 'ae.safetensors', filename: '/models/VAE/ae.safetensors' }];
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-modules', 200, modules).errors).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-modules', 200, [{ model_name: 'ae' }]).valid).toBe(false);
  });

  it('is the 1.10 document plus the patch: without the patch the same pipeline gives the 1.10 document', async () => {
    const { core } = normalizeSpec(await readRaw('a1111-1.10'), { overlays: await repoOverlays() });
    expect(core).toEqual(a1111);
  });

  it('changes nothing the patch does not name', () => {
    const patched = [
      /^(GET|POST) \/sdapi\/v1\/(sd-vae|sd-modules|train\/embedding|train\/hypernetwork)$/,
      /^POST \/sdapi\/v1\/(txt2img|img2img) body\.(distilled_cfg_scale|hr_cfg|hr_distilled_cfg|hr_additional_modules|denoising_strength)$/,
      /^(GET|POST) \/sdapi\/v1\/options (response|body)\.forge_[a-z_]+$/,
      /^every operation error\.(body|error|errors|message)$/,
    ];
    const unexplained = diffSpecs(a1111, forge)
      .changes.map((change) => `${change.operation}${change.location ? ` ${change.location}` : ''}`)
      .filter((where) => !patched.some((pattern) => pattern.test(where)));
    expect(unexplained).toEqual([]);
  });

  it('`spec diff` from 1.10 lists every difference of the patch', () => {
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
      'POST /sdapi/v1/txt2img body.denoising_strength: default changed from null to 0.75',
      'GET /sdapi/v1/options response.forge_unet_storage_dtype: response field "forge_unet_storage_dtype" added (string | null)',
      'every operation error.errors: response field "errors" removed',
      'every operation error.message: response field "message" added (string)',
    ]) {
      expect(text).toContain(`  ${line}\n`);
    }
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
