import { describe, expect, it } from 'vitest';
import { createSpecValidator, type OpenApiLike } from './index.js';

const json = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const doc: OpenApiLike = {
  paths: {
    '/sdapi/v1/sd-models': {
      get: {
        responses: {
          '200': json({ type: 'array', items: { $ref: '#/components/schemas/Model' } }),
          default: json({ $ref: '#/components/schemas/WebuiError' }),
        },
      },
    },
    '/items/{id}': {
      post: {
        requestBody: json({
          type: 'object',
          required: ['n'],
          properties: { n: { type: 'integer', minimum: 1, exclusiveMinimum: true } },
        }),
        responses: {},
      },
    },
  },
  components: {
    schemas: {
      Model: {
        type: 'object',
        required: ['title'],
        properties: { title: { type: 'string' }, config: { type: 'string', nullable: true } },
      },
      WebuiError: { type: 'object', required: ['error'], properties: { error: { type: 'string' } } },
    },
  },
};

describe('createSpecValidator', () => {
  const validator = createSpecValidator(doc);

  it('accepts nulls where the document says nullable', () => {
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-models', 200, [{ title: 'a', config: null }])).toEqual({
      valid: true,
      errors: [],
    });
  });

  it('reports where and why a body is invalid', () => {
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-models', 200, [{ config: 3 }])).toEqual({
      valid: false,
      errors: ["/0 must have required property 'title'", '/0/config must be string,null'],
    });
  });

  it('uses the default response for undeclared statuses', () => {
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-models', 500, { error: 'KeyError' }).valid).toBe(true);
    expect(validator.validateResponse('GET', '/sdapi/v1/sd-models', 404, { detail: 'Not Found' }).valid).toBe(false);
  });

  it('matches templated paths and validates request bodies with OAS 3.0 bounds', () => {
    expect(validator.matchPath('/items/42')).toBe('/items/{id}');
    expect(validator.validateRequestBody('POST', '/items/42', { n: 2 }).valid).toBe(true);
    expect(validator.validateRequestBody('POST', '/items/42', { n: 1 }).errors).toEqual(['/n must be > 1']);
  });

  it('says when an operation or body is not in the document', () => {
    expect(validator.validateResponse('GET', '/nope', 200, {}).errors).toEqual([
      'no operation GET /nope in the document',
    ]);
    expect(validator.validateRequestBody('GET', '/sdapi/v1/sd-models', {}).errors).toEqual([
      'GET /sdapi/v1/sd-models takes no JSON body',
    ]);
  });
});
