import { describe, expect, it } from 'vitest';
import { toDialect31 } from '../dialect/index.js';
import type { JsonObject, OpenApiDocument, SchemaObject } from '../document/index.js';
import { readNormalized } from '../testing/fixtures.js';
import { diffSpecs, formatSpecDiff } from './index.js';

function doc(schemas: Record<string, SchemaObject>, paths: OpenApiDocument['paths']): OpenApiDocument {
  return { openapi: '3.0.2', info: { title: 't', version: '1' }, paths, components: { schemas } };
}

const jsonBody = (ref: string) => ({
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const endpoint = (request: string, response: string) => ({
  '/x': { post: { requestBody: jsonBody(request), responses: { '200': jsonBody(response) } } },
});

describe('diffSpecs on the real captures, v1.7 → v1.10', async () => {
  const diff = diffSpecs(await readNormalized('a1111-1.7'), await readNormalized('a1111-1.10'));
  const messages = diff.changes.map(
    (change) => `${change.kind} ${change.operation} ${change.location}: ${change.message}`,
  );

  it.each(['scheduler', 'hr_scheduler', 'force_task_id', 'infotext', 'firstpass_image'])(
    'reports txt2img field %s added as a feature',
    (field) => {
      expect(messages).toContain(
        `feature POST /sdapi/v1/txt2img body.${field}: request field "${field}" added (string | null)`,
      );
    },
  );

  it('reports the new operations', () => {
    expect(messages).toContain('feature GET /sdapi/v1/schedulers : operation added');
    expect(messages).toContain('feature POST /sdapi/v1/refresh-embeddings : operation added');
  });

  it('reports removed options as breaking and suggests a major bump', () => {
    expect(messages).toContain(
      'breaking GET /sdapi/v1/options response.k_sched_type: response field "k_sched_type" removed',
    );
    expect(diff.bump).toBe('major');
    expect(diff.counts.breaking).toBe(diff.changes.filter((change) => change.kind === 'breaking').length);
  });

  it('does not report Windows vs Linux path separators as changes', () => {
    expect(messages.filter((message) => message.includes('outdir_'))).toEqual([]);
  });

  it('finds nothing between a document and itself', async () => {
    const same = await readNormalized('a1111-1.10');
    expect(diffSpecs(same, same)).toEqual({ changes: [], counts: { breaking: 0, feature: 0, fix: 0 }, bump: 'none' });
  });

  it('formats a readable report', () => {
    const text = formatSpecDiff(diff);
    expect(text.split('\n')[0]).toMatch(/^Suggested bump: major \(\d+ breaking, \d+ features, \d+ fixes\)$/);
    expect(text).toContain('  POST /sdapi/v1/txt2img body.scheduler: request field "scheduler" added (string | null)');
  });
});

describe('diffSpecs classification rules', () => {
  const base = {
    Req: {
      type: 'object',
      required: ['a'],
      properties: { a: { type: 'string' }, b: { type: 'integer', nullable: true, default: 1 } },
    },
    Res: {
      type: 'object',
      required: ['x'],
      properties: { x: { type: 'string' }, y: { type: 'string', enum: ['p', 'q'] } },
    },
  } satisfies Record<string, SchemaObject>;
  const change = (mutate: (schemas: typeof base) => void) => {
    const next = structuredClone(base);
    mutate(next);
    return diffSpecs(doc(base, endpoint('Req', 'Res')), doc(next, endpoint('Req', 'Res'))).changes.map(
      (c) => `${c.kind}: ${c.location}: ${c.message}`,
    );
  };

  it.each<[string, (schemas: typeof base) => void, string]>([
    [
      'optional request field added',
      (s) => Object.assign(s.Req.properties, { c: { type: 'string' } }),
      'feature: body.c: request field "c" added (string)',
    ],
    [
      'required request field added',
      (s) => {
        Object.assign(s.Req.properties, { c: { type: 'string' } });
        s.Req.required.push('c');
      },
      'breaking: body.c: request field "c" added (string, required)',
    ],
    [
      'request field removed',
      (s) => {
        delete (s.Req.properties as Record<string, unknown>).b;
      },
      'breaking: body.b: request field "b" removed',
    ],
    [
      'request field made required',
      (s) => s.Req.required.push('b'),
      'breaking: body.b: request field "b" is now required',
    ],
    [
      'response field added',
      (s) => Object.assign(s.Res.properties, { z: { type: 'number' } }),
      'feature: response.z: response field "z" added (number)',
    ],
    [
      'response field made optional',
      (s) => {
        s.Res.required = [];
      },
      'breaking: response.x: response field "x" is no longer required',
    ],
    [
      'type changed',
      (s) => {
        s.Res.properties.x = { type: 'integer' } as never;
      },
      'breaking: response.x: type changed from string to integer',
    ],
    [
      'response turned nullable',
      (s) => Object.assign(s.Res.properties.x, { nullable: true }),
      'breaking: response.x: now nullable',
    ],
    [
      'request no longer nullable',
      (s) => {
        delete (s.Req.properties.b as Record<string, unknown>).nullable;
      },
      'breaking: body.b: no longer nullable',
    ],
    [
      'response enum value added',
      (s) => s.Res.properties.y.enum.push('r'),
      'breaking: response.y: enum values added: "r"',
    ],
    [
      'default changed',
      (s) => {
        s.Req.properties.b.default = 2;
      },
      'fix: body.b: default changed from 1 to 2',
    ],
  ])('%s', (_name, mutate, expected) => {
    expect(change(mutate)).toEqual([expected]);
  });

  it('reports removed and added operations', () => {
    const before = doc(base, endpoint('Req', 'Res'));
    const after = doc(base, { '/y': before.paths['/x'] as never });
    expect(diffSpecs(before, after).changes.map((c) => `${c.kind} ${c.operation} ${c.message}`)).toEqual([
      'feature POST /y operation added',
      'breaking POST /x operation removed',
    ]);
  });
});

describe('diffSpecs across OpenAPI 3.0 and 3.1', async () => {
  const v30 = await readNormalized('a1111-1.10');
  /** The same document as pydantic v2 would write it: `nullable` → a `{"type": "null"}` branch. */
  const v31 = (): OpenApiDocument => ({ ...toDialect31(v30), openapi: '3.1.0' });

  it('finds no change in the representation alone', () => {
    const rewritten = v31();
    expect(JSON.stringify(rewritten)).not.toContain('"nullable"');
    expect(diffSpecs(v30, rewritten).changes).toEqual([]);
    expect(diffSpecs(rewritten, v30).changes).toEqual([]);
  });

  it('finds a real type change written in 3.1', () => {
    const rewritten = v31();
    const properties = rewritten.components.schemas?.StableDiffusionProcessingTxt2Img?.properties as JsonObject;
    properties.steps = { anyOf: [{ type: 'string' }, { type: 'null' }], default: '50' };
    properties.seed = { type: ['integer', 'null'], default: -1 };
    properties.prompt = { type: 'string', default: '' };
    const messages = diffSpecs(v30, rewritten).changes.map(
      (change) => `${change.kind} ${change.location}: ${change.message}`,
    );
    expect(messages).toEqual([
      'breaking body.prompt: no longer nullable',
      'breaking body.steps: type changed from integer to string',
    ]);
  });

  it('treats "anything" and "anything or null" as one type', () => {
    const schemas = (value: SchemaObject) => ({ Body: { type: 'object', properties: { value } } });
    const before = doc(schemas({}), endpoint('Body', 'Body'));
    const after = { ...doc(schemas({ anyOf: [{}, { type: 'null' }] }), endpoint('Body', 'Body')), openapi: '3.1.0' };
    expect(diffSpecs(before, after).changes).toEqual([]);
  });

  it('compares const as a one-value enum', () => {
    const schemas = (kind: SchemaObject) => ({ Body: { type: 'object', properties: { kind } } });
    const before = doc(schemas({ type: 'string', enum: ['a'] }), endpoint('Body', 'Body'));
    const same = { ...doc(schemas({ type: 'string', const: 'a' }), endpoint('Body', 'Body')), openapi: '3.1.0' };
    const other = { ...doc(schemas({ type: 'string', const: 'b' }), endpoint('Body', 'Body')), openapi: '3.1.0' };
    expect(diffSpecs(before, same).changes).toEqual([]);
    expect(diffSpecs(before, other).changes.map((change) => change.message)).toEqual([
      'enum values added: "b"',
      'enum values removed: "a"',
      'enum values added: "b"',
      'enum values removed: "a"',
    ]);
  });
});

describe('diffSpecs on hostile names', () => {
  it('reports paths and field names without control characters, one line each', () => {
    const before = doc({ Body: { type: 'object', properties: {} } }, endpoint('Body', 'Body'));
    const after = doc(
      { Body: { type: 'object', properties: { 'x\n---\n\u001b]52;c;Y3VybA==\u0007\u009b2J': { type: 'string' } } } },
      {
        ...endpoint('Body', 'Body'),
        '/sdapi/v1/\u001b]0;title\u0007run': { get: { responses: {} } },
      },
    );
    const text = formatSpecDiff(diffSpecs(before, after));
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('  GET /sdapi/v1/]0;titlerun: operation added\n');
    expect(text).toContain('request field "x --- ]52;c;Y3VybA==2J" added (string)');
  });
});
