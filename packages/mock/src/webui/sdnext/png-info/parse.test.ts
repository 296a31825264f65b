import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fastapiJson } from '../../../fastapi/python-json/index.js';
import { parsePythonJson } from '../../../fastapi/python-json/parse.js';
import type { PyJson } from '../../python/index.js';
import { MAX_PARSED_INFOTEXT, parseSdnextInfotext } from './parse.js';

const { cases } = parsePythonJson(
  readFileSync(new URL('../../../testing/sdnext-corpus/fixtures/infotext-parse.json', import.meta.url), 'utf8'),
) as unknown as { cases: Array<[string, PyJson]> };

describe("SD.Next's infotext parser (/png-info `parameters`)", () => {
  it.each(cases.map(([text, parsed]) => [JSON.stringify(text).slice(0, 60), text, parsed] as const))(
    'parses %s as SD.Next 058a7f0 does',
    (_name, text, parsed) => {
      expect(fastapiJson(parseSdnextInfotext(text))).toBe(fastapiJson(parsed));
    },
  );
});

describe('an infotext past the parse limit', () => {
  it('parses one of exactly MAX_PARSED_INFOTEXT characters and leaves a longer one unparsed', () => {
    const tail = 'Steps: 20, Seed: 1';
    const prompt = (length: number) => 'x'.repeat(length - tail.length - 1);
    const atLimit = `${prompt(MAX_PARSED_INFOTEXT)}\n${tail}`;
    expect(atLimit).toHaveLength(MAX_PARSED_INFOTEXT);
    expect(parseSdnextInfotext(atLimit)).toMatchObject({ Steps: 20, Seed: 1 });
    expect(parseSdnextInfotext(`${prompt(MAX_PARSED_INFOTEXT + 1)}\n${tail}`)).toEqual({});
  });
});
