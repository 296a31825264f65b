import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { createSpecValidator } from '@sdwebui/validate';
import type { JsonObject } from '../document/index.js';
import { readJson, readNormalized, readRaw, repoPath, TARGETS } from '../testing/fixtures.js';
import type { Overlay } from './index.js';

const overlay = await readJson<Overlay>(repoPath('spec', 'overlays', 'options-types.json'));
const fills = overlay.fillProperties ?? {};
const recorded = await readJson<{ body: JsonObject }>(repoPath('spec', 'recordings', 'sdapi-v1-options-1.json'));

/** Fields whose setting has no default (None): typed from the 1.4 capture and the recorded value, not a default. */
const NO_DEFAULT: Record<string, string> = {
  sd_model_checkpoint: 'the 1.4 capture types it string; recorded "deliberate_v2.safetensors"',
  upscaler_for_img2img: 'an upscaler name; recorded null',
};

/** The `Options` members of a generated type file whose type mentions `unknown`. */
async function unknownOptionsFields(target: string): Promise<string[]> {
  const source = await readFile(repoPath('packages', 'client', 'src', 'generated', `${target}.ts`), 'utf8');
  const start = source.indexOf('\n        Options: {\n');
  const end = source.indexOf('\n        };\n', start);
  expect(start, 'the generated file declares Options').toBeGreaterThan(0);
  const members = [...source.slice(start, end).matchAll(/^ {12}(\w+)\?: (.+);$/gm)];
  expect(members.length).toBeGreaterThan(150);
  return members.filter((member) => /\bunknown\b/.test(member[2] as string)).map((member) => member[1] as string);
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  return value === null ? 'null' : typeof value;
}

describe('Options fields are typed in every target', () => {
  it.each(TARGETS)('%s: no generated Options field is unknown', async (target) => {
    expect(await unknownOptionsFields(target)).toEqual([]);
  });

  it.each(TARGETS)('%s: every normalized Options property has a type, arrays a typed item', async (target) => {
    const properties = (await readNormalized(target)).components.schemas?.Options?.properties as Record<
      string,
      JsonObject
    >;
    const untyped = Object.entries(properties)
      .filter(([, schema]) => typeof schema.type !== 'string' && schema.$ref === undefined)
      .map(([name]) => name);
    const untypedItems = Object.entries(properties)
      .filter(([, schema]) => schema.type === 'array' && Object.keys((schema.items ?? {}) as JsonObject).length === 0)
      .map(([name]) => name);
    expect({ untyped, untypedItems }).toEqual({ untyped: [], untypedItems: [] });
  });
});

describe('each overlay type is the type of the setting', () => {
  const captures = Promise.all(
    TARGETS.map(
      async (target) => (await readRaw(target)).components.schemas?.Options?.properties as Record<string, JsonObject>,
    ),
  );

  it.each(Object.entries(fills))('%s', async (key, fill) => {
    const field = key.replace(/^Options\./, '');
    const defaults = (await captures).flatMap((properties) => {
      const schema = properties[field];
      return schema !== undefined && 'default' in schema ? [schema.default] : [];
    });
    expect(fill.nullable, 'nullable like every optional Options field').toBe(true);
    if (defaults.length === 0) {
      expect(NO_DEFAULT[field], 'a field without a default says where its type comes from').toBeDefined();
      expect(fill).toEqual({ type: 'string', nullable: true });
      return;
    }
    for (const value of defaults) {
      const type = jsonType(value);
      expect(fill.type, `default ${JSON.stringify(value)}`).toBe(type);
      if (Array.isArray(value)) expect(value.every((item) => typeof item === 'string')).toBe(true);
    }
    if (fill.type === 'array') expect(fill.items).toEqual({ type: 'string' });
    const recordedValue = recorded.body[field];
    if (recordedValue !== undefined && recordedValue !== null) expect(jsonType(recordedValue)).toBe(fill.type);
  });
});

describe('the recorded options body and the typed fields', () => {
  const validators = Promise.all(TARGETS.map(async (target) => createSpecValidator(await readNormalized(target))));

  it.each(TARGETS.map((target, index) => [target, index] as const))(
    '%s accepts the recorded GET /options body',
    async (_, index) => {
      const validator = (await validators)[index];
      expect(validator?.validateResponse('GET', '/sdapi/v1/options', 200, recorded.body).errors).toEqual([]);
    },
  );

  it.each([
    ['a1111-1.10', { samples_filename_pattern: 5 }],
    ['a1111-1.10', { face_restoration: 'yes' }],
    ['a1111-1.10', { hide_samplers: 'Euler' }],
    ['a1111-1.7', { quicksettings_list: [1] }],
    ['a1111-1.4', { hidden_tabs: [true] }],
    ['a1111-1.4', { disable_all_extensions: false }],
  ] as const)('%s rejects %j in GET and POST /options', async (target, body) => {
    const validator = (await validators)[TARGETS.indexOf(target)];
    expect(validator?.validateResponse('GET', '/sdapi/v1/options', 200, body).valid).toBe(false);
    expect(validator?.validateRequestBody('POST', '/sdapi/v1/options', body).valid).toBe(false);
  });

  it('accepts null for a filled field, as the recording shows', async () => {
    const validator = (await validators)[TARGETS.indexOf('a1111-1.10')];
    expect(validator?.validateRequestBody('POST', '/sdapi/v1/options', { upscaler_for_img2img: null }).errors).toEqual(
      [],
    );
  });

  it('keeps what a capture states: 1.4 types eta_ddim integer itself', async () => {
    const properties = (await readNormalized('a1111-1.4')).components.schemas?.Options?.properties as Record<
      string,
      JsonObject
    >;
    expect(properties.eta_ddim?.type).toBe('integer');
    expect(fills['Options.eta_ddim']?.type).toBe('number');
  });
});
