import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTypes } from '../codegen/index.js';
import { SpecDocumentError, type Json, type JsonObject, type OpenApiDocument } from '../document/index.js';
import { normalizeSpec } from '../normalize/index.js';
import { readJson, repoPath } from '../testing/fixtures.js';
import { assertSelfContained, MAX_DOCUMENT_DEPTH } from './index.js';

/** A minimal webui document whose txt2img body property is `property`. */
function documentWith(property: JsonObject, extra: JsonObject = {}): OpenApiDocument {
  return {
    openapi: '3.0.2',
    info: { title: 'FastAPI', version: '0.1.0' },
    paths: {
      '/sdapi/v1/txt2img': {
        post: {
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } },
          responses: { '200': { description: 'ok' } },
        },
      },
    },
    components: { schemas: { Body: { type: 'object', properties: { prompt: property } } } },
    ...extra,
  };
}

function refusal(run: () => unknown): SpecDocumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SpecDocumentError);
    return error as SpecDocumentError;
  }
  throw new Error('accepted');
}

describe('assertSelfContained', () => {
  it.each(['a1111-2023-07', 'a1111-2024-04', 'a1111-2025-03', 'forge-dfdcbab', 'sdnext-058a7f0'])(
    'accepts the real %s document',
    async (name) => {
      const doc = await readJson<Json>(repoPath('spec', 'captures', `${name}.openapi.json`));
      expect(() => assertSelfContained(doc, name)).not.toThrow();
    },
  );

  it.each<[string, JsonObject]>([
    ['a local file', { $ref: '/etc/passwd' }],
    ['a relative file', { $ref: '../../package.json#/name' }],
    ['/dev/zero', { $ref: '/dev/zero' }],
    ['a URL', { $ref: 'http://127.0.0.1:1/schema.json' }],
    ['a file disguised as a fragment', { $ref: '#x/../../../etc/passwd' }],
    ['an anchor', { $ref: '#Body' }],
    ['a dynamic reference', { $dynamicRef: 'https://example.com/s.json' }],
    ['an example value file', { examples: { a: { externalValue: '/etc/hostname' } } }],
    ['a discriminator mapping file', { discriminator: { propertyName: 'k', mapping: { a: './a.json' } } }],
    ['a properties map that is itself a reference', { type: 'object', properties: { $ref: '/dev/zero' } }],
  ])('refuses a reference to %s', (_, property) => {
    const error = refusal(() => assertSelfContained(documentWith(property), 'the document'));
    expect(error.code).toBe('external-ref');
    expect(error.message).toMatch(
      /the document refers outside itself \(1 reference, e\.g\. #\/components\/schemas\/Body\/properties\/prompt/,
    );
    expect(error.message).toMatch(/only "#\/…" references within the document are accepted/);
  });

  it('accepts in-document references and schema-name mappings', () => {
    const property = {
      oneOf: [{ $ref: '#/components/schemas/Body' }],
      discriminator: { propertyName: 'k', mapping: { a: '#/components/schemas/Body', b: 'Body' } },
    };
    expect(() => assertSelfContained(documentWith(property), 'the document')).not.toThrow();
  });

  it('quotes a few references, not thousands, and no control characters', () => {
    const properties: JsonObject = {};
    for (let i = 0; i < 5000; i++) properties[`p\u009b2J\n${i}`] = { $ref: `/tmp/\u001b]52;c;x\u0007${i}` };
    const error = refusal(() => assertSelfContained(documentWith({ type: 'object', properties }), 'doc'));
    expect(error.message).toMatch(/\(5000 references, e\.g\./);
    expect(error.message.length).toBeLessThan(1000);
    expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it('refuses nesting deeper than any webui document, without overflowing the stack', () => {
    let deep: Json = { type: 'string' };
    for (let i = 0; i < 100_000; i++) deep = { items: deep };
    const error = refusal(() => assertSelfContained(documentWith(deep as JsonObject), 'doc'));
    expect(error.code).toBe('too-deep');
    expect(error.message).toContain(`more than ${MAX_DOCUMENT_DEPTH} levels`);
  });
});

describe('normalize and codegen never reach outside the document', () => {
  let work: string;
  let server: Server;
  let url: string;
  const requests: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sdwebui-refs-'));
    await writeFile(join(work, 'secret.json'), '{"type":"string","description":"SECRET-FILE-TEXT"}');
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end('{"type":"string","description":"FETCHED-URL-TEXT"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  it('codegen refuses a $ref to a local file and never copies its text', async () => {
    const doc = documentWith({ $ref: join(work, 'secret.json') });
    const generated = generateTypes(doc, 'spec/x/openapi.json');
    await expect(generated).rejects.toThrow(SpecDocumentError);
    await expect(generated).rejects.toThrow(/refers outside itself/);
  });

  it('codegen refuses a $ref to a URL and never fetches it', async () => {
    await expect(generateTypes(documentWith({ $ref: url }), 'spec/x/openapi.json')).rejects.toThrow(
      /refers outside itself/,
    );
    await expect(generateTypes(documentWith({ $ref: '/dev/zero' }), 'spec/x/openapi.json')).rejects.toThrow(
      /refers outside itself/,
    );
    expect(requests).toEqual([]);
  });

  it('normalize refuses it too, wherever it is (here in a route normalize would drop)', () => {
    const doc = documentWith({ type: 'string' });
    doc.paths['/login'] = { get: { responses: { '200': { $ref: url } } } };
    expect(refusal(() => normalizeSpec(doc)).code).toBe('external-ref');
    expect(requests).toEqual([]);
  });
});
