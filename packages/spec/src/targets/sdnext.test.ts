import { createHash } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer } from '@sdwebui/mock';
import { createSpecValidator } from '@sdwebui/validate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isJsonObject, type Json, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { loadOverlays } from '../overlay/index.js';
import { pullSpec } from '../pull/index.js';
import { readJson, readNormalized, repoPath } from '../testing/fixtures.js';
import { readTargetDeclaration } from './declaration.js';
import { rawSpecPath, runPipeline } from './index.js';

// The sdnext target is SD.Next's own document (spec/captures/sdnext-058a7f0.openapi.json, OpenAPI 3.1
// from pydantic v2), pulled from the mock's sdnext profile, plus spec/sdnext/overlays/sdnext.json,
// which adds only what the document is known to lack. Checked against the committed outputs.
const sdnext = await readNormalized('sdnext');
const capturePath = repoPath('spec', 'captures', 'sdnext-058a7f0.openapi.json');
const capture = await readJson<OpenApiDocument>(capturePath);
const schema = (doc: OpenApiDocument, name: string): JsonObject => doc.components.schemas?.[name] as JsonObject;
const okSchema = (doc: OpenApiDocument, key: string): Json | undefined => {
  const [method, path] = key.split(' ') as [string, string];
  const operation = doc.paths[path]?.[method.toLowerCase()] as JsonObject | undefined;
  const ok = (operation?.responses as JsonObject | undefined)?.['200'] as JsonObject | undefined;
  return ((ok?.content as JsonObject | undefined)?.['application/json'] as JsonObject | undefined)?.schema;
};

/** Every schema in a document that says nothing of its value's type (`{}`, `Any`, annotations only), by JSON pointer. */
function untypedSchemas(value: Json, pointer = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => untypedSchemas(item, `${pointer}/${index}`));
  if (!isJsonObject(value)) return [];
  const found: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const at = `${pointer}/${key}`;
    const isSchema = ['schema', 'items', 'additionalProperties'].includes(key) || /\/properties$/.test(pointer);
    const says =
      isJsonObject(child) && Object.keys(child).some((k) => !['title', 'description', 'default'].includes(k));
    if (isSchema && isJsonObject(child) && !says) found.push(at);
    found.push(...untypedSchemas(child, at));
  }
  return found;
}

describe('the sdnext target', () => {
  it("is SD.Next's own document pulled byte for byte, and stays OpenAPI 3.1", async () => {
    const raw = await rawSpecPath(repoPath('spec'), 'sdnext');
    expect(raw).toBe(repoPath('spec', 'sdnext', 'openapi.raw.json'));
    const bytes = await readFile(raw);
    expect(bytes.equals(await readFile(capturePath))).toBe(true);
    // The sha256 spec/README.md gives for the capture.
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      '3b5056832fee63d5cd67bf1dc3ae5ddf8506526033ca42086285328dda6ad51d',
    );
    expect(sdnext.openapi).toBe('3.1.0');
    const meta = await readJson<{ webuiVersion: string; framework: string }>(repoPath('spec', 'sdnext', 'meta.json'));
    expect(meta).toMatchObject({ webuiVersion: 'sd.next 2026-07-23 058a7f0cf', framework: 'pydantic-v2' });
  });

  it('keeps every /sdapi/v1 route of the document and drops its UI file route', () => {
    const routes = (doc: OpenApiDocument) =>
      Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(routes(sdnext).sort()).toEqual(
      routes(capture)
        .filter((route) => !route.endsWith(' /js'))
        .sort(),
    );
    // 101 operations under /sdapi/v1, and /internal/progress.
    expect(routes(sdnext).filter((route) => route.includes(' /sdapi/v1/'))).toHaveLength(101);
    expect(sdnext.paths['/sdapi/v1/interrogate']).toBeUndefined();
    expect(sdnext.paths['/sdapi/v1/caption']).toBeDefined();
  });

  it("takes none of the shared (A1111) overlays: SD.Next's answers keep its own shapes", () => {
    for (const name of ['LoraItem', 'EmptyObject', 'NullResponse', 'WebuiError'])
      expect(schema(sdnext, name)).toBeUndefined();
    expect(okSchema(sdnext, 'POST /sdapi/v1/interrupt')).toEqual(okSchema(capture, 'POST /sdapi/v1/interrupt'));
  });

  it('types the control units from modules/control/unit.py, and every other placeholder, as null or []', () => {
    expect(JSON.stringify(capture).match(/WORKAROUND: schema not generatable/g)).toHaveLength(3);
    expect(JSON.stringify(sdnext)).not.toContain('WORKAROUND');
    const fields = (schema(sdnext, 'StableDiffusionProcessingControl').properties as JsonObject) ?? {};
    expect((fields.units as JsonObject).anyOf).toEqual([
      { type: 'array', maxItems: 0, items: { $ref: '#/components/schemas/SdnextControlUnit' } },
      { type: 'null' },
    ]);
    for (const field of ['inputs', 'inits'])
      expect((fields[field] as JsonObject).anyOf).toMatchObject([
        { type: 'array', maxItems: 0, items: { type: 'string' } },
        { type: 'null' },
      ]);
    expect(Object.keys(schema(sdnext, 'SdnextControlUnit').properties as JsonObject)).toEqual(
      expect.arrayContaining(['index', 'enabled', 'type', 'strength', 'start', 'end']),
    );
  });

  it('overlays only what the document lacks', async () => {
    const [patch] = await loadOverlays(repoPath('spec', 'sdnext', 'overlays'));
    const overlay = patch?.overlay ?? {};
    expect(patch?.overlay.$comment).toMatch(/058a7f0/);
    // Answers: only routes whose handler returns a plain dict (the document says `{}`).
    for (const key of Object.keys(overlay.responses ?? {})) expect(okSchema(capture, key), key).toEqual({});
    // Fills: only lists the document leaves as lists of anything.
    for (const key of Object.keys(overlay.fillProperties ?? {})) {
      const [name, field] = key.split('.') as [string, string];
      expect(((schema(capture, name).properties as JsonObject)[field] as JsonObject).items, key).toEqual({});
    }
    expect(Object.keys(overlay.properties ?? {}).sort()).toEqual(
      ['inits', 'inputs', 'units'].map((field) => `StableDiffusionProcessingControl.${field}`),
    );
  });

  it('leaves a value unknown only where SD.Next declares none (Any, a bare dict or list, a route without a model)', () => {
    // SdnextError's detail and body are whatever the exception carries (a string, a list, an answer).
    const untyped = untypedSchemas(sdnext as unknown as Json).filter((at) => !at.includes('/SdnextError/'));
    // Every such place is untyped in SD.Next's own document too, at the same pointer once $defs are moved.
    const inCapture = new Set(untypedSchemas(capture as unknown as Json));
    expect(untyped.filter((pointer) => !inCapture.has(pointer))).toEqual([]);
    expect(untyped.length).toBeLessThan(inCapture.size);
  });

  it("accepts SD.Next's error bodies: the envelope, a TypeError's string, Starlette's detail, FastAPI's 422", () => {
    const validator = createSpecValidator(sdnext);
    const limited = {
      error: 'HTTPException',
      code: 429,
      detail: 'testclient:/sdapi/v1/txt2img: rate limit exceeded',
      body: '',
      errors: '429: testclient:/sdapi/v1/txt2img: rate limit exceeded',
    };
    expect(validator.validateResponse('POST', '/sdapi/v1/txt2img', 429, limited).errors).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/samplers', 500, "'NoneType' object").errors).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/samplers', 404, { detail: 'Not Found' }).errors).toEqual([]);
    const issue = { type: 'int_parsing', loc: ['body', 'steps'], msg: 'Input should be a valid integer', input: 'x' };
    expect(validator.validateResponse('POST', '/sdapi/v1/txt2img', 422, { detail: [issue] }).errors).toEqual([]);
    expect(validator.validateResponse('GET', '/sdapi/v1/samplers', 500, { error: 'X' }).valid).toBe(false);
  });
});

describe('spec pull from the mock (sdwebui mock --profile sdnext)', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sdwebui-sdnext-pull-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('refuses a target.json whose sharedOverlays is not a boolean', async () => {
    await mkdir(join(work, 'odd'), { recursive: true });
    await writeFile(join(work, 'odd', 'target.json'), JSON.stringify({ sharedOverlays: 'no' }));
    await expect(readTargetDeclaration(join(work, 'odd'))).rejects.toThrow(/"sharedOverlays" must be true or false/);
  });

  it('reproduces the committed target', async () => {
    const mock = await createMockServer({ profile: 'sdnext' });
    const specDir = join(work, 'spec');
    try {
      await cp(repoPath('spec', 'sdnext', 'target.json'), join(specDir, 'sdnext', 'target.json'));
      await cp(repoPath('spec', 'sdnext', 'overlays'), join(specDir, 'sdnext', 'overlays'), { recursive: true });
      const { meta } = await pullSpec({ url: mock.url, outDir: join(specDir, 'sdnext'), scripts: false });
      expect(meta.webuiVersion).toBe('sd.next 2026-07-23 058a7f0cf');
    } finally {
      await mock.close();
    }
    const { files } = await runPipeline({ specDir, outDir: join(work, 'generated'), overlaysDir: join(work, 'none') });
    expect(files.get(join(specDir, 'sdnext', 'openapi.json'))).toBe(
      await readFile(repoPath('spec', 'sdnext', 'openapi.json'), 'utf8'),
    );
    expect(files.get(join(work, 'generated', 'sdnext.ts'))).toBe(
      await readFile(repoPath('packages', 'client', 'src', 'generated', 'sdnext.ts'), 'utf8'),
    );
  });
});
