import { describe, expect, it } from 'vitest';
import { generateTypes } from '../codegen/index.js';
import type { JsonObject, OpenApiDocument } from '../document/index.js';
import { normalizeSpec } from './index.js';

/** The shapes pydantic v2 (FastAPI >= 0.100) writes, each once. */
function pydanticV2Document(): OpenApiDocument {
  const body = (name: string) => ({
    content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
  });
  return {
    openapi: '3.1.0',
    info: { title: 'FastAPI', version: '0.1.0' },
    paths: {
      '/sdapi/v1/thing': { post: { requestBody: body('ThingRequest'), responses: { '200': body('ThingItem') } } },
      '/sdapi/v1/options': { get: { responses: { '200': body('Options') } } },
    },
    components: {
      schemas: {
        ThingRequest: {
          type: 'object',
          title: 'ThingRequest',
          properties: {
            steps: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: 20, title: 'Steps' },
            anything: { anyOf: [{}, { type: 'null' }], title: 'Anything' },
            kind: { type: 'string', const: 'txt2img', title: 'Kind' },
            label: { type: ['string', 'null'], title: 'Label' },
            chart: { type: 'array', prefixItems: [{ type: 'number' }, { type: 'string' }], minItems: 2, maxItems: 2 },
            extra: { type: 'object', additionalProperties: true },
            inner: { $ref: '#/components/schemas/ThingRequest/$defs/Inner' },
            sampler: { type: 'string', examples: ['Euler', 'DPM++ 2M */ export const x = 1; /*'] },
            ratio: { type: 'number', exclusiveMinimum: 0 },
          },
          $defs: { Inner: { type: 'object', properties: { depth: { type: 'integer' } }, required: ['depth'] } },
        },
        ThingItem: {
          type: 'object',
          title: 'ThingItem',
          properties: {
            title: { type: 'string' },
            hash: { anyOf: [{ type: 'string' }, { type: 'null' }], title: 'Short hash' },
          },
          required: ['title', 'hash'],
        },
        Options: {
          type: 'object',
          properties: { font: { anyOf: [{}, { type: 'null' }], default: '' }, samples_save: { type: 'boolean' } },
        },
      },
    },
  };
}

/** One generated interface without comments, on one line: `{ a?: number | null; b: string; }`. */
function declaration(text: string, name: string): string {
  const start = text.indexOf(`        ${name}: {`);
  const end = text.indexOf('\n        };', start);
  return `${text
    .slice(start + name.length + 11, end)
    .replace(/\/\*\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .trim()}`;
}

describe('normalizeSpec on an OpenAPI 3.1 (pydantic v2) document', () => {
  const fill = {
    name: 'options-types.json',
    overlay: { fillProperties: { 'Options.font': { type: 'string', nullable: true } } },
  };

  it('keeps the document in 3.1 and leaves its nulls where pydantic put them', () => {
    const { core, report } = normalizeSpec(pydanticV2Document(), { overlays: [fill] });
    expect(core.openapi).toBe('3.1.0');
    expect(report).toMatchObject({ openapi: '3.1.0', repairedKeywords: 0, nullablePatched: 0 });
    const request = core.components.schemas?.ThingRequest as JsonObject;
    expect((request.properties as JsonObject).steps).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'null' }],
      default: 20,
      title: 'Steps',
    });
    expect(JSON.stringify(core)).not.toContain('"nullable"');
    // 3.1's numeric exclusiveMinimum is valid as it is.
    expect((request.properties as JsonObject).ratio).toEqual({ type: 'number', exclusiveMinimum: 0 });
  });

  it('types every field: T | null from the null branch, unknown only for "anything"', async () => {
    const { core } = normalizeSpec(pydanticV2Document(), { overlays: [fill] });
    const text = await generateTypes(core, 'spec/v2/openapi.json');
    expect(text).not.toMatch(/\| unknown\b/);
    expect(declaration(text, 'ThingRequest')).toBe(
      [
        'anything?: unknown | null;',
        'chart?: [ number, string ];',
        'extra?: { [key: string]: unknown; };',
        'inner?: components["schemas"]["Inner"];',
        'kind?: "txt2img";',
        'label?: string | null;',
        'ratio?: number;',
        'sampler?: string;',
        'steps?: number | null;',
      ].join(' '),
    );
    // `$defs` are hoisted into components (openapi-typescript would make them a required member).
    expect(declaration(text, 'Inner')).toBe('depth: number;');
    // Required and nullable: present in every answer, possibly null.
    expect(declaration(text, 'ThingItem')).toBe('hash: string | null; title: string;');
    // The Options overlay (written for 3.0) fills the non-null branch.
    expect(declaration(text, 'Options')).toBe('font?: string | null; samples_save?: boolean;');
    // Server text in examples cannot close the comment it is written into.
    expect(text).toContain('@example DPM++ 2M *\\/ export const x = 1; /*');
  });
});
