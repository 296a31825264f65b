import { describe, expect, it } from 'vitest';
import { jsonDumps } from '../../webui/python/json-dumps.js';
import { parsePythonJson } from '../python-json/parse.js';
import { PydanticV2Model } from './index.js';

/**
 * Expectations are pydantic 2.10.6 / pydantic-core 2.27.2's answers (TypeAdapter probes run in the
 * Debian 13 chroot of the Forge corpus, see src/testing/forge-v2-corpus/README.md).
 */
const schemas = parsePythonJson(`{
  "Model": {"title": "Model", "type": "object", "required": ["name"], "properties": {
    "steps": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": 50},
    "cfg": {"anyOf": [{"type": "number"}, {"type": "null"}], "default": 7.0},
    "strength": {"anyOf": [{"type": "number"}, {"type": "null"}], "default": 0},
    "flag": {"anyOf": [{"type": "boolean"}, {"type": "null"}]},
    "text": {"type": "string", "default": ""},
    "styles": {"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "null"}]},
    "overrides": {"anyOf": [{"type": "object"}, {"type": "null"}]},
    "name": {"type": ["string", "null"]},
    "mode": {"type": "integer", "enum": [0, 1], "default": 0},
    "kind": {"const": "a"},
    "weight": {"type": "number", "minimum": 0.0, "maximum": 1.0, "default": 0},
    "width": {"type": "integer", "minimum": 1.0, "default": 512},
    "scale": {"type": "number", "exclusiveMinimum": 0.0, "default": 2},
    "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "string"}]},
    "item": {"$ref": "#/$defs/Item"},
    "any": {}
  }},
  "Item": {"title": "Item", "type": "object", "required": ["data"], "properties": {"data": {"type": "string"}}}
}`) as Record<string, Record<string, unknown>>;

const model = new PydanticV2Model(schemas, { Model: new Set(['weight']) });
const ref = { $ref: '#/components/schemas/Model' };
/** Python's json.dumps (compact, NaN allowed) of the validated value and of the error items. */
const dumps = (value: unknown) => jsonDumps(value as never, { items: ',', pairs: ':', ascii: false, allowNan: true });
const check = (body: string) => {
  const { value, issues } = model.coerce(ref, parsePythonJson(body), ['body']);
  return { value: dumps(value), issues: dumps(issues), raw: issues };
};

describe('pydantic v2 validation from a 3.1 document', () => {
  it.each([
    ['"3.0"', 3],
    ['"3.000"', 3],
    ['" 7 "', 7],
    ['"1_000"', 1000],
    ['"-0"', 0],
    ['3.0', 3],
    ['true', 1],
    ['4294967296', 4294967296],
  ])('int accepts %s', (raw, steps) => {
    expect(JSON.parse(check(`{"name": null, "steps": ${raw}}`).value).steps).toBe(steps);
  });

  it.each([
    ['"x"', 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
    ['3.9', 'int_from_float', 'Input should be a valid integer, got a number with a fractional part'],
    ['"3."', 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
    ['"1e3"', 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
    ['"\u0663"', 'int_parsing', 'Input should be a valid integer, unable to parse string as an integer'],
    ['9.3e18', 'int_parsing_size', 'Unable to parse input string as an integer, exceeded maximum size'],
    ['NaN', 'finite_number', 'Input should be a finite number'],
    ['[]', 'int_type', 'Input should be a valid integer'],
    [`"${'9'.repeat(4301)}"`, 'int_parsing_size', 'Unable to parse input string as an integer, exceeded maximum size'],
  ])('int refuses %s as %s', (raw, type, msg) => {
    const [issue] = check(`{"name": null, "steps": ${raw}}`).raw;
    expect(issue).toMatchObject({ type, loc: ['body', 'steps'], msg });
  });

  it('keeps floats and bools as pydantic 2 does, and defaults as declared', () => {
    const { value } = check('{"name": null, "cfg": "1e3", "flag": "oN"}');
    expect(value).toContain('"cfg":1000.0,"strength":0,"flag":true,"text":""');
    expect(check('{"name": null, "cfg": 7}').value).toContain('"cfg":7.0');
    expect(check('{"name": null, "cfg": "nan"}').value).toContain('"cfg":NaN');
  });

  it.each([
    ['"flag": 2', 'bool_parsing'],
    ['"flag": 0.5', 'bool_type'],
    ['"flag": " true"', 'bool_parsing'],
    ['"text": 123', 'string_type'],
    ['"text": null', 'string_type'],
    ['"styles": "a"', 'list_type'],
    ['"styles": [1]', 'string_type'],
    ['"overrides": []', 'dict_type'],
    ['"cfg": "1,5"', 'float_parsing'],
    ['"cfg": []', 'float_type'],
  ])('%s is %s', (field, type) => {
    expect(JSON.parse(check(`{"name": null, ${field}}`).issues)[0].type).toBe(type);
  });

  it('words literal, bound and finite errors with their ctx, in field order', () => {
    const issues = JSON.parse(
      check('{"name": null, "mode": "0", "kind": "b", "weight": 2, "width": 0, "scale": 0}').issues,
    );
    expect(issues).toEqual([
      {
        type: 'literal_error',
        loc: ['body', 'mode'],
        msg: 'Input should be 0 or 1',
        input: '0',
        ctx: { expected: '0 or 1' },
      },
      {
        type: 'literal_error',
        loc: ['body', 'kind'],
        msg: "Input should be 'a'",
        input: 'b',
        ctx: { expected: "'a'" },
      },
      {
        type: 'less_than_equal',
        loc: ['body', 'weight'],
        msg: 'Input should be less than or equal to 1',
        input: 2,
        ctx: { le: 1 },
      },
      {
        type: 'greater_than_equal',
        loc: ['body', 'width'],
        msg: 'Input should be greater than or equal to 1',
        input: 0,
        ctx: { ge: 1 },
      },
      { type: 'greater_than', loc: ['body', 'scale'], msg: 'Input should be greater than 0', input: 0, ctx: { gt: 0 } },
    ]);
    // A float field's limit is a float in ctx; an int field's an int.
    expect(check('{"name": null, "weight": 2}').issues).toContain('"ctx":{"le":1.0}');
    expect(check('{"name": null, "width": 0}').issues).toContain('"ctx":{"ge":1}');
    expect(JSON.parse(check('{"name": null, "mode": 1.0, "weight": "nan"}').issues)[0].type).toBe('finite_number');
  });

  it('reports a missing field with the whole input, and follows $defs, type arrays and prefixItems', () => {
    expect(JSON.parse(check('{"steps": 2}').issues)).toEqual([
      { type: 'missing', loc: ['body', 'name'], msg: 'Field required', input: { steps: 2 } },
    ]);
    const nested = JSON.parse(check('{"name": "n", "item": {"x": 1}, "pair": ["1", 2]}').issues);
    expect(nested.map((issue: { type: string; loc: unknown[] }) => [issue.type, issue.loc])).toEqual([
      ['string_type', ['body', 'pair', 1]],
      ['missing', ['body', 'item', 'data']],
    ]);
    expect(JSON.parse(check('{"name": "n", "item": "x"}').issues)[0]).toMatchObject({
      type: 'model_attributes_type',
      msg: 'Input should be a valid dictionary or object to extract fields from',
    });
    expect(JSON.parse(check('{"name": null, "any": null, "unknown": 1}').value)).not.toHaveProperty('unknown');
  });
});
