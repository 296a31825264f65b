import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { PyFloat } from '../../webui/python/index.js';
import { pythonBool, pythonDict, pythonFloat, pythonInt } from './coercion.js';

describe('Python conversions pydantic v1 leans on', () => {
  it('int(): Unicode decimal digits, underscores, whitespace; no decimals', () => {
    expect(pythonInt('２０')).toBe(20);
    expect(pythonInt(' ٤٢ ')).toBe(42);
    expect(pythonInt('1_000')).toBe(1000);
    expect(pythonInt('+7')).toBe(7);
    expect(pythonInt('1.5')).toBeUndefined();
    expect(pythonInt('1__0')).toBeUndefined();
    expect(pythonInt(new PyFloat(20.7))).toBe(20);
    expect(pythonInt(new PyFloat(Number.NaN))).toBeUndefined();
    expect(pythonInt('9'.repeat(4301))).toBeUndefined();
  });

  it('float(): nan/inf words, underscores, Unicode digits', () => {
    expect(pythonFloat('１.５')).toBe(1.5);
    expect(pythonFloat('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(pythonFloat('nan')).toBeNaN();
    expect(pythonFloat('1_0.5')).toBe(10.5);
    expect(pythonFloat('1.')).toBe(1);
    expect(pythonFloat('1e')).toBeUndefined();
  });

  it('bool: 1.0 is True, words after lower(), no stripping', () => {
    expect(pythonBool(new PyFloat(1))).toBe(true);
    expect(pythonBool('YES')).toBe(true);
    expect(pythonBool(' yes')).toBeUndefined();
    expect(pythonBool(2)).toBeUndefined();
  });

  it('dict(): [] and "" are {}, pairs from lists, 2-character strings and 2-key dicts, 1 and 1.0 one key', () => {
    expect(pythonDict([])).toEqual([]);
    expect(pythonDict('')).toEqual([]);
    expect(pythonDict('ab')).toBeUndefined();
    expect(pythonDict([['a', 1], 'bc', { x: 0, y: 0 }])).toEqual([
      ['a', 1],
      ['b', 'c'],
      ['x', 'y'],
    ]);
    expect(
      pythonDict([
        [1, 'a'],
        [new PyFloat(1), 'b'],
      ]),
    ).toEqual([[1, 'b']]);
    expect(pythonDict([[[1], 'a']])).toBeUndefined();
    expect(pythonDict(5)).toBeUndefined();
  });
});

/** Issue #12 class 3: pydantic v1 coercion as Python does it. */
describe('class 3: pydantic v1 coercion as Python does it', () => {
  it('int() reads Unicode decimal digits: full-width "２０" steps is 20', async () => {
    const reply = await testMock().call('POST', '/sdapi/v1/txt2img', { steps: '２', width: '８', height: 8 });
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('"steps":2,');
    expect(reply.text).toContain('"width":8,');
  });

  it("a str field given a float echoes Python's str(float): 1e+20, 1e-05, 2.0; an int stays an int", async () => {
    const reply = await testMock().call(
      'POST',
      '/sdapi/v1/txt2img',
      '{"prompt": 1e20, "negative_prompt": 0.00001, "sampler_name": 2.0, "scheduler": 3, ' +
        '"steps": 1, "width": 8, "height": 8}',
    );
    expect(reply.json.parameters).toMatchObject({
      prompt: '1e+20',
      negative_prompt: '1e-05',
      sampler_name: '2.0',
      scheduler: '3',
    });
  });

  it('an untyped list (script_args) takes any items, null included, echoed as sent', async () => {
    const reply = await testMock().call(
      'POST',
      '/sdapi/v1/txt2img',
      '{"script_args": [null, 1.0, "x", {"a": [true]}], "steps": 1, "width": 8, "height": 8}',
    );
    expect(reply.text).toContain('"script_args":[null,1.0,"x",{"a":[true]}]');
  });

  it('Literal[0, 1] (extras resize_mode) rejects the string "0"; 0.0 and false are 0', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/extra-single-image', { resize_mode: '0' });
    expect(reply.json.detail).toEqual([
      {
        loc: ['body', 'resize_mode'],
        msg: 'unexpected value; permitted: 0, 1',
        type: 'value_error.const',
        ctx: { given: '0', permitted: [0, 1] },
      },
    ]);
    const tinyPng = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==';
    expect(
      (await call('POST', '/sdapi/v1/extra-single-image', `{"resize_mode": 0.0, "image": "${tinyPng}"}`)).status,
    ).toBe(200);
    expect((await call('POST', '/sdapi/v1/extra-single-image', { resize_mode: false, image: tinyPng })).status).toBe(
      200,
    );
  });

  it('a model body may be a list of pairs or "" (dict()), as pydantic v1 accepts it', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/txt2img', [
      ['prompt', 'pairs'],
      ['steps', 1],
      ['width', 8],
      ['height', 8],
    ]);
    expect(reply.json.parameters).toMatchObject({ prompt: 'pairs', steps: 1 });
  });
});
