import { describe, expect, it } from 'vitest';
import { toJsonSchema } from './index.js';

describe('toJsonSchema', () => {
  it.each([
    ['nullable with a type', { type: 'string', nullable: true }, { type: ['string', 'null'] }],
    ['nullable enum', { type: 'string', enum: ['a'], nullable: true }, { type: ['string', 'null'], enum: ['a', null] }],
    [
      'nullable without a type',
      { allOf: [{ $ref: '#/x' }], nullable: true },
      { anyOf: [{ type: 'null' }, { allOf: [{ $ref: '#/x' }] }] },
    ],
    ['nullable false', { type: 'integer', nullable: false }, { type: 'integer' }],
    [
      'boolean exclusiveMinimum',
      { type: 'number', minimum: 0, exclusiveMinimum: true },
      { type: 'number', exclusiveMinimum: 0 },
    ],
    ['exclusiveMaximum false', { type: 'number', maximum: 8, exclusiveMaximum: false }, { type: 'number', maximum: 8 }],
    [
      'a property named like a keyword',
      { type: 'object', properties: { nullable: { type: 'boolean', nullable: true } } },
      { type: 'object', properties: { nullable: { type: ['boolean', 'null'] } } },
    ],
  ])('%s', (_name, input, expected) => {
    expect(toJsonSchema(input)).toEqual(expected);
  });
});
