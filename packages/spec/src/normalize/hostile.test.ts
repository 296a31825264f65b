import { describe, expect, it } from 'vitest';
import { generatedHeader, generateTypes } from '../codegen/index.js';
import { SpecDocumentError, stableStringify, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { normalizeSpec } from './index.js';

const ok = { responses: { '200': { description: 'ok' } } };
const refTo = (name: string) => ({
  responses: { '200': { content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } } },
});

function documentWith(paths: Record<string, JsonObject>, schemas: Record<string, JsonObject> = {}): OpenApiDocument {
  return {
    openapi: '3.0.2',
    info: { title: 'FastAPI', version: '0.1.0' },
    paths: { '/sdapi/v1/samplers': { get: ok }, ...paths },
    components: { schemas },
  };
}

describe('normalize on a hostile document', () => {
  it('keeps /constructor/run as the extension it is and leaves the global Object alone', () => {
    const { extensions, report } = normalizeSpec(
      documentWith({ '/constructor/run': { post: ok }, '/__proto__/x': { get: ok }, '/hasOwnProperty/y': { get: ok } }),
    );
    expect(Object.keys(extensions).sort()).toEqual(['--proto--', 'constructor', 'hasownproperty']);
    expect(Object.keys(new Map(Object.entries(extensions)).get('constructor')?.paths ?? {})).toEqual([
      '/constructor/run',
    ]);
    expect(report.extensionPaths).toEqual({ constructor: 1, '--proto--': 1, hasownproperty: 1 });
    expect(Object.hasOwn(Object, '/constructor/run')).toBe(false);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('/__proto__/x');
  });

  it('keeps schemas named like Object.prototype members and never mistakes a member for a schema', () => {
    // As a server's document parses: `__proto__` is an own key.
    const schemas = JSON.parse(
      '{"constructor":{"type":"object","properties":{"a":{"type":"string"}}},' +
        '"__proto__":{"type":"object","properties":{"b":{"type":"integer"}}}}',
    ) as Record<string, JsonObject>;
    const doc = documentWith(
      {
        '/sdapi/v1/a': { get: refTo('constructor') },
        '/sdapi/v1/b': { get: refTo('__proto__') },
        '/sdapi/v1/c': { get: refTo('toString') },
      },
      schemas,
    );
    const { core } = normalizeSpec(doc);
    const names = Object.keys(core.components.schemas ?? {});
    expect(names).toContain('constructor');
    expect(names).toContain('__proto__');
    expect(names).not.toContain('toString');
    expect(stableStringify(core)).toContain('"constructor": {');
  });

  it('reports every dropped path by prefix and refuses a document without /sdapi/v1', () => {
    const paths: Record<string, JsonObject> = { '/internal/quicksettings-hint': { get: ok }, '/login': { post: ok } };
    for (let i = 0; i < 128; i++) paths[`/sdapi/v2/jobs/${i}`] = { get: ok };
    const { report } = normalizeSpec(documentWith(paths));
    expect(report.droppedPaths).toEqual([
      { prefix: '/sdapi/v2', count: 128 },
      { prefix: '/internal', count: 1 },
      { prefix: '/login', count: 1 },
    ]);
    const v2Only = documentWith(paths);
    delete v2Only.paths['/sdapi/v1/samplers'];
    expect(() => normalizeSpec(v2Only)).toThrow(SpecDocumentError);
    expect(() => normalizeSpec(v2Only)).toThrow(
      /no \/sdapi\/v1 operation, so it is not a stable-diffusion webui API .*130 paths: \/sdapi\/v2 \(128\), \/internal \(1\), \/login \(1\)/,
    );
  });

  it('refuses, before copying, routes that would copy one large schema into thousands of documents', () => {
    const properties = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`field_${i}`, { type: 'string' }]));
    const paths: Record<string, JsonObject> = {};
    // 5000 one-route "extensions", each reaching the same 60 KB schema: 300 MB of copies.
    for (let i = 0; i < 5000; i++) paths[`/extension${i}/run`] = { get: refTo('Big') };
    const doc = documentWith(paths, { Big: { type: 'object', properties } });
    let error: unknown;
    try {
      normalizeSpec(doc);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecDocumentError);
    expect((error as SpecDocumentError).code).toBe('too-large');
    expect((error as Error).message).toMatch(/would copy more than \d+ bytes of schemas \(four times its own\)/);
    // The same schema reached by a few extensions, as in a real capture, is fine.
    const few = documentWith(Object.fromEntries(Object.entries(paths).slice(0, 3)), {
      Big: { type: 'object', properties },
    });
    expect(Object.keys(normalizeSpec(few).extensions)).toHaveLength(3);
  });

  it('quotes no control characters from path names when it refuses', () => {
    const error = (() => {
      try {
        normalizeSpec({ ...documentWith({}), paths: { '/\u001b]52;c;Y3VybA==\u0007/x': { get: ok } } });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('accepted');
    })();
    expect(error.message).toContain('/]52;c;Y3VybA (1)');
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('the generated header', () => {
  it('cannot be closed by the source it names', async () => {
    const header = generatedHeader('spec/evil*/export const pwned = 1;/*\u2028x/openapi.json');
    expect(header.match(/\*\//g)).toEqual(['*/']);
    expect(header).toContain('spec/evil*\\/export const pwned = 1;/* x/openapi.json');
    const text = await generateTypes(normalizeSpec(documentWith({})).core, 'spec/a*/openapi.json');
    expect(text.split('\n').slice(0, 4).join('\n')).toBe(
      [
        '/**',
        ' * Generated by `sdwebui spec gen` from spec/a*\\/openapi.json.',
        ' * Do not edit this file by hand: change the overlays or the normalizer and run `pnpm spec:gen`.',
        ' */',
      ].join('\n'),
    );
  });
});
