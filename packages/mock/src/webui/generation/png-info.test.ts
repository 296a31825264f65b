import { writePngText } from '@sdwebui/infotext';
import { describe, expect, it } from 'vitest';
import { testMock } from '../../testing/test-mock.js';
import { renderPng } from '../png/index.js';

// These keys once made parseInfotext throw (a 500 for the route) or were dropped from `parameters`.
const keys = ['__proto__', 'hasOwnProperty', 'valueOf', 'constructor', 'toString'];
const infotext = `a cat\nSteps: 5, Seed: 1, ${keys.map((key, index) => `${key}: v${index}`).join(', ')}, Size: 64x32`;
const image = Buffer.from(writePngText(await renderPng(8, 8, 'png-info'), { parameters: infotext })).toString('base64');

describe('png-info: the keys of an infotext are data (issue #23)', () => {
  it('answers with every pair, each under its own key', async () => {
    const { call } = testMock();
    const reply = await call('POST', '/sdapi/v1/png-info', { image });
    expect(reply.status).toBe(200);
    expect(reply.json.info).toBe(infotext);
    const parameters = reply.json.parameters as Record<string, unknown>;
    for (const [index, key] of keys.entries()) {
      expect(Object.hasOwn(parameters, key), key).toBe(true);
      expect(parameters[key]).toBe(`v${index}`);
    }
    expect(parameters).toMatchObject({ Prompt: 'a cat', Steps: '5', 'Size-1': '64', 'Size-2': '32', RNG: 'GPU' });
  });

  it('keeps such keys among the other text chunks too (1.4 shape)', async () => {
    const { call } = testMock({ profile: 'a1111-1.4' });
    const tagged = Buffer.from(
      writePngText(Buffer.from(image, 'base64'), { ['__proto__']: 'chunk', constructor: 'other' }),
    ).toString('base64');
    const reply = await call('POST', '/sdapi/v1/png-info', { image: tagged });
    expect(reply.status).toBe(200);
    expect(Object.hasOwn(reply.json.items, '__proto__')).toBe(true);
    expect(reply.json.items.constructor).toBe('other');
    expect(reply.json.items.parameters).toBe(infotext);
  });
});
