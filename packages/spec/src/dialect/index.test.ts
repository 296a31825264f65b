import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../document/index.js';
import { dialectOf, nonNullBranch, nullableParts, toDialect31 } from './index.js';

describe('dialectOf', () => {
  it.each([
    ['3.0.2', '3.0'],
    ['3.0.3', '3.0'],
    ['3.1.0', '3.1'],
    ['3.1', '3.1'],
    ['3.10.0', '3.0'],
  ])('%s is %s', (openapi, dialect) => {
    expect(dialectOf({ openapi })).toBe(dialect);
  });
});

describe('nullableParts: one meaning, four spellings', () => {
  const integer = { type: 'integer', default: 5, title: 'Steps' };
  it.each<[string, JsonObject]>([
    ['3.0 nullable', { ...integer, nullable: true }],
    ['anyOf with a null branch', { anyOf: [{ type: 'integer' }, { type: 'null' }], default: 5, title: 'Steps' }],
    ['oneOf with a null branch', { oneOf: [{ type: 'null' }, { type: 'integer' }], default: 5, title: 'Steps' }],
    ['a type array', { type: ['integer', 'null'], default: 5, title: 'Steps' }],
  ])('%s is a nullable integer', (_, schema) => {
    const parts = nullableParts(schema);
    expect(parts.nullable).toBe(true);
    expect(parts.schema).toMatchObject(integer);
  });

  it('keeps a union of several non-null branches a union', () => {
    const parts = nullableParts({ anyOf: [{ type: 'integer' }, { type: 'string' }, { type: 'null' }] });
    expect(parts).toEqual({ schema: { anyOf: [{ type: 'integer' }, { type: 'string' }] }, nullable: true });
  });

  it('leaves a schema without null alone', () => {
    const schema = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
    expect(nullableParts(schema)).toEqual({ schema, nullable: false });
  });

  it('finds the branch to complete in place', () => {
    const branch = {};
    const schema = { anyOf: [branch, { type: 'null' }], default: [] };
    expect(nonNullBranch(schema)).toBe(branch);
    expect(nonNullBranch({ anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] })).toBeUndefined();
    expect(nonNullBranch({ type: 'string' })).toBeUndefined();
  });
});

describe('toDialect31 (hand-written 3.0 overlays on a 3.1 document)', () => {
  it('writes nullable as pydantic v2 does, annotations outside the union', () => {
    expect(toDialect31({ type: 'number', nullable: true, default: 3.5, description: 'd', minimum: 0 })).toEqual({
      anyOf: [{ type: 'number', minimum: 0 }, { type: 'null' }],
      default: 3.5,
      description: 'd',
    });
  });

  it('unwraps the 3.0 nullable reference', () => {
    expect(toDialect31({ allOf: [{ $ref: '#/components/schemas/X' }], nullable: true, title: 'X' })).toEqual({
      anyOf: [{ $ref: '#/components/schemas/X' }, { type: 'null' }],
      title: 'X',
    });
  });

  it('leaves "anything" as it is and drops nullable: false', () => {
    expect(toDialect31({ nullable: true, description: 'any' })).toEqual({ description: 'any' });
    expect(toDialect31({ type: 'string', nullable: false })).toEqual({ type: 'string' });
  });

  it('converts nested schemas and the boolean exclusive bounds', () => {
    const converted = toDialect31({
      type: 'object',
      properties: {
        nullable: { type: 'string' },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, nullable: true },
        items: { type: 'array', items: { type: 'string', nullable: true } },
      },
    });
    expect(converted).toEqual({
      type: 'object',
      properties: {
        nullable: { type: 'string' },
        ratio: { anyOf: [{ type: 'number', exclusiveMinimum: 0 }, { type: 'null' }] },
        items: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
      },
    });
  });
});
