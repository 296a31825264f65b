import { describe, expect, it } from 'vitest';
import { parseScriptInfo, parseScriptsCapture, parseScriptsList, SCRIPT_LIMITS, ScriptsShapeError } from './index.js';

describe('parseScriptsList', () => {
  it('reads the titles per runner, and an absent runner as empty', () => {
    expect(parseScriptsList({ txt2img: ['x/y/z plot'], img2img: ['loopback'] })).toEqual({
      txt2img: ['x/y/z plot'],
      img2img: ['loopback'],
    });
    expect(parseScriptsList({ txt2img: [] })).toEqual({ txt2img: [], img2img: [] });
  });

  it.each([
    [[], /not a JSON object/],
    [{ txt2img: 'x/y/z plot' }, /txt2img is not a list/],
    [{ txt2img: [42] }, /txt2img\[0\] is not a string/],
    [{ txt2img: ['x'.repeat(SCRIPT_LIMITS.text + 1)] }, /longer than/],
    [{ img2img: Array.from({ length: SCRIPT_LIMITS.scripts + 1 }, () => 'a') }, /more than 5000 entries/],
  ])('rejects %j', (body, message) => {
    expect(() => parseScriptsList(body)).toThrow(ScriptsShapeError);
    expect(() => parseScriptsList(body)).toThrow(message);
  });
});

describe('parseScriptInfo', () => {
  it('keeps the documented fields and drops the rest', () => {
    const [script] = parseScriptInfo([
      {
        name: 'prompt matrix',
        is_alwayson: false,
        is_img2img: false,
        extra: 'ignored',
        args: [
          {
            label: 'Put variable parts at start of prompt',
            value: false,
            minimum: null,
            maximum: null,
            step: null,
            choices: null,
            x: 1,
          },
        ],
      },
    ]);
    expect(script).toEqual({
      name: 'prompt matrix',
      is_alwayson: false,
      is_img2img: false,
      args: [
        {
          label: 'Put variable parts at start of prompt',
          value: false,
          minimum: null,
          maximum: null,
          step: null,
          choices: null,
        },
      ],
    });
  });

  it('turns non-finite bounds into null and keeps numeric choices', () => {
    const [script] = parseScriptInfo([
      { name: 's', args: [{ label: null, minimum: 'NaN', maximum: Infinity, step: 1, choices: [1, 'two'] }] },
    ]);
    expect(script?.args[0]).toEqual({
      label: null,
      value: null,
      minimum: null,
      maximum: null,
      step: 1,
      choices: [1, 'two'],
    });
  });

  it.each([
    [{}, /not a list/],
    [[null], /script-info\[0\] is not an object/],
    [[{ name: 7 }], /name is not a string/],
    [[{ name: 's', args: [{ choices: [['label', 'value']] }] }], /choices\[0\] is not a string/],
    [[{ name: 's', args: Array.from({ length: SCRIPT_LIMITS.args + 1 }, () => ({})) }], /more than 2000 entries/],
    [[{ name: 's', args: [{ value: JSON.parse(`${'['.repeat(33)}${']'.repeat(33)}`) }] }], /nests more than 32 levels/],
  ])('rejects %j', (body, message) => {
    expect(() => parseScriptInfo(body)).toThrow(message);
  });
});

describe('parseScriptsCapture', () => {
  it('reads a scripts.json with missing parts', () => {
    const capture = { sourceUrl: 'http://127.0.0.1:7860', scripts: null, scriptInfo: [], unavailable: ['HTTP 404'] };
    expect(parseScriptsCapture(capture)).toEqual(capture);
  });

  it('rejects a file without its source', () => {
    expect(() => parseScriptsCapture({ scripts: null, scriptInfo: null })).toThrow(/sourceUrl is not a string/);
  });
});
