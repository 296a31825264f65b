import { describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../document/index.js';
import { typeCheck } from '../testing/type-check.js';
import { generateTypes } from './index.js';

/** Raw C0 (but newline and tab), C1, line separators, bidirectional overrides and isolates. */
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

// Made by hand for this test: a hostile server's text in every place openapi-typescript copies
// into the generated file (JSDoc summary, description, Format, @default, @example; enum literals).
const EVIL = '\u001b]0;title\u0007\u001b[2J\u009b2J\u202etxt.exe\u2028end';
const DOC = {
  openapi: '3.0.2',
  info: { title: EVIL, version: '1' },
  paths: {
    '/sdapi/v1/x': {
      get: {
        summary: EVIL,
        description: EVIL,
        operationId: 'x',
        responses: {
          '200': {
            description: EVIL,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/S' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      S: {
        type: 'object',
        description: EVIL,
        properties: {
          p: { type: 'string', description: EVIL, default: EVIL, example: EVIL, format: EVIL, enum: [EVIL, 'a'] },
        },
      },
    },
  },
} as unknown as OpenApiDocument;

describe('generateTypes', () => {
  // Before, openapi-typescript's JSDoc and enum literals held the server's bytes: an ESC clearing
  // the screen of whoever printed the generated client, an override reordering a reviewed line.
  it('writes no raw control character or bidirectional override, and still type-checks', async () => {
    const text = await generateTypes(DOC, 'spec/evil/openapi.json');
    expect(text).not.toMatch(UNPRINTABLE);
    expect(text).toContain('\\u001b[2J');
    expect(text).toContain('\\u202etxt.exe');
    expect(typeCheck(text)).toEqual([]);
  });
});
