import { describe, expect, it } from 'vitest';
import { RequestValidationError, StarletteHttpException } from '../errors/index.js';
import { testMock } from '../../testing/test-mock.js';
import { pydanticV1Dialect } from '../pydantic/dialect.js';
import { WebuiException } from '../../webui/errors/index.js';
import { MAX_BODY_VALUES, parseJsonBody } from './index.js';

const bytes = (text: string) => new TextEncoder().encode(text);
/** Broken JSON worded as FastAPI 0.94 + pydantic 1 does (A1111). */
const parse = (body: Uint8Array, contentType: string | undefined) =>
  parseJsonBody(body, contentType, pydanticV1Dialect({}, {}).invalidJson);
const PARSE_ERROR = '{"detail":"There was an error parsing the body"}';

describe('parseJsonBody', () => {
  it("gives FastAPI's jsondecode issue for broken JSON", async () => {
    try {
      await parse(bytes('{x'), 'application/json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues).toEqual([
        {
          loc: ['body', 1],
          msg: 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)',
          type: 'value_error.jsondecode',
          ctx: { msg: 'Expecting property name enclosed in double quotes', doc: '{x', pos: 1, lineno: 1, colno: 2 },
        },
      ]);
    }
  });

  it('refuses a body of more JSON values than MAX_BODY_VALUES (413) before validating it, whatever its bytes', async () => {
    const list = (count: number) => bytes(`[${Array(count).fill('0').join(',')}]`);
    // The list is a value too.
    expect(await parse(list(MAX_BODY_VALUES - 1), 'application/json')).toMatchObject({ kind: 'json' });
    const refused = await parse(list(MAX_BODY_VALUES), 'application/json').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WebuiException);
    expect(refused).toMatchObject({ status: 413, errorClass: 'HTTPException', detail: 'Payload Too Large' });
    // One 40 MB string is one value.
    expect(await parse(bytes(`{"prompt":"${'x'.repeat(40_000_000)}"}`), undefined)).toMatchObject({ kind: 'json' });
  });

  it('treats an empty body as absent and a non-JSON content type as raw bytes', async () => {
    expect(await parse(new Uint8Array(), 'application/json')).toEqual({ kind: 'absent' });
    expect(await parse(bytes('{"a":1}'), 'text/plain')).toEqual({ kind: 'bytes', value: bytes('{"a":1}') });
    expect(await parse(bytes('{"a":1}'), undefined)).toEqual({ kind: 'json', value: { a: 1 } });
    expect(await parse(bytes('{"a":1}'), 'application/vnd.x+json; charset=utf-8')).toEqual({
      kind: 'json',
      value: { a: 1 },
    });
  });

  it('decodes as json.loads(bytes) does: BOMs and UTF-16/32 are read, invalid UTF-8 is a 400', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"a":"ü"}', 'utf16le')]);
    expect(await parse(new Uint8Array(utf16), 'application/json')).toEqual({ kind: 'json', value: { a: 'ü' } });
    const utf32 = new Uint8Array(Buffer.from([...'{"a":1}'].flatMap((char) => [char.charCodeAt(0), 0, 0, 0])));
    expect(await parse(utf32, 'application/json')).toEqual({ kind: 'json', value: { a: 1 } });
    expect(await parse(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('{"a":1}')]), 'application/json')).toEqual({
      kind: 'json',
      value: { a: 1 },
    });
    await expect(parse(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x7d]), 'application/json')).rejects.toThrow(
      StarletteHttpException,
    );
  });

  it('reads a body whole after one its codec rejected', async () => {
    for (const [bad, good] of [
      [
        [0x7b, 0xe2, 0x82],
        [0x7b, 0x7d],
      ],
      [
        [0xff, 0xfe, 0x00, 0xd8, 0x7b],
        [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00],
      ],
    ]) {
      await expect(parse(new Uint8Array(bad as number[]), undefined)).rejects.toThrow(StarletteHttpException);
      await expect(parse(new Uint8Array(good as number[]), undefined)).resolves.toEqual({
        kind: 'json',
        value: {},
      });
    }
  });
});

describe('class 4: body parsing like Starlette/FastAPI', () => {
  it('NaN and Infinity parse, then each field rejects them with its own message and loc', async () => {
    const { call } = testMock();
    const reply = await call(
      'POST',
      '/sdapi/v1/txt2img',
      '{"steps": NaN, "width": Infinity, "prompt": NaN, "restore_faces": -Infinity}',
    );
    expect(reply.status).toBe(422);
    expect(reply.json.detail).toEqual([
      { loc: ['body', 'steps'], msg: 'value is not a valid integer', type: 'type_error.integer' },
      { loc: ['body', 'width'], msg: 'value is not a valid integer', type: 'type_error.integer' },
      { loc: ['body', 'restore_faces'], msg: 'value could not be parsed to a boolean', type: 'type_error.bool' },
    ]);
    // A str field takes it as Python's str(float('nan')).
    const echoed = await call('POST', '/sdapi/v1/txt2img', '{"prompt": NaN, "steps": 1, "width": 8, "height": 8}');
    expect(echoed.json.parameters.prompt).toBe('nan');
    // Bounds fail for NaN (`not nan >= 0`) before anything else.
    const extras = await call('POST', '/sdapi/v1/extra-single-image', '{"gfpgan_visibility": NaN}');
    expect(extras.json.detail).toEqual([
      {
        loc: ['body', 'gfpgan_visibility'],
        msg: 'ensure this value is greater than or equal to 0',
        type: 'value_error.number.not_ge',
        ctx: { limit_value: 0 },
      },
    ]);
  });

  it("a float field keeps NaN, and the response cannot be serialized: the webui's 500 ValueError", async () => {
    const reply = await testMock().call(
      'POST',
      '/sdapi/v1/txt2img',
      '{"cfg_scale": NaN, "steps": 1, "width": 8, "height": 8}',
    );
    expect(reply).toMatchObject({
      status: 500,
      json: { error: 'ValueError', detail: '', body: '', errors: 'Out of range float values are not JSON compliant' },
    });
  });

  it('a body that is not valid UTF-8, or nested past the recursion limit, is the 400 parsing error', async () => {
    const { call } = testMock();
    expect(
      await call('POST', '/sdapi/v1/txt2img', new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])),
    ).toMatchObject({ status: 400, text: PARSE_ERROR });
    expect(await call('POST', '/sdapi/v1/options', `{"a": ${'['.repeat(5000)}${']'.repeat(5000)}}`)).toMatchObject({
      status: 400,
      text: PARSE_ERROR,
    });
  });

  it('a JSON null body is "field required", not a type error', async () => {
    const { call } = testMock();
    const missing = '{"detail":[{"loc":["body"],"msg":"field required","type":"value_error.missing"}]}';
    expect((await call('POST', '/sdapi/v1/txt2img', 'null')).text).toBe(missing);
    expect((await call('POST', '/sdapi/v1/options', 'null')).text).toBe(missing);
  });

  it('POST /options: [] is an empty dict (200); a list of pairs is a dict, failing on its unknown key', async () => {
    const { call, webui } = testMock();
    expect(await call('POST', '/sdapi/v1/options', '[]')).toMatchObject({ status: 200, text: 'null' });
    const pairs = await call('POST', '/sdapi/v1/options', [
      ['samples_format', 'jpg'],
      ['nope', 1],
    ]);
    expect(pairs).toMatchObject({ status: 500, json: { error: 'KeyError', errors: "'nope'" } });
    expect(webui.options.get('samples_format')).toBe('jpg');
    expect((await call('POST', '/sdapi/v1/options', [['a', 1, 2]])).json.detail).toEqual([
      { loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' },
    ]);
  });

  it("POST /options: an unknown key with null is a no-op (200); with a value, the webui's KeyError", async () => {
    const { call } = testMock();
    expect(await call('POST', '/sdapi/v1/options', { no_such_option: null })).toMatchObject({
      status: 200,
      text: 'null',
    });
    expect(await call('POST', '/sdapi/v1/options', { no_such_option: 0 })).toMatchObject({
      status: 500,
      json: { error: 'KeyError', errors: "'no_such_option'" },
    });
  });
});
