import { describe, expect, it } from 'vitest';
import { fastapiJson } from '../../fastapi/python-json/index.js';
import { turnsWhile } from '../../testing/event-loop-turns.js';
import { walkJsonBytes } from '../redaction/index.js';
import { recordedBody, requestMatcher } from './recorded-body.js';

const bytesOf = (value: unknown) => Buffer.from(fastapiJson(value as never));

describe('recordedBody', () => {
  it('keeps a JSON answer as a value when FastAPI would write the same bytes, else exactly', async () => {
    const walked = async (bytes: Buffer) => recordedBody(await walkJsonBytes(bytes, { mask: true }));
    expect(await walked(bytesOf({ a: [1, 'x'] }))).toEqual({ body: { a: [1, 'x'] } });
    expect(await walked(Buffer.from('{"a": 1}'))).toEqual({ bodyText: '{"a": 1}' });
    expect(await walked(Buffer.from('[NaN]'))).toEqual({ bodyText: '[NaN]' });
    const notUtf8 = Buffer.from([0x7b, 0xff, 0x7d]);
    expect(await walked(notUtf8)).toEqual({ bodyBytes: notUtf8 });
    // Past 10,000 values, or with a long member name: never parsed, kept exactly (over 64 KiB as bytes).
    const many = bytesOf(Array.from({ length: 10_001 }, () => 0));
    expect(await walked(many)).toEqual({ bodyText: many.toString() });
    const manyLarge = bytesOf(Array.from({ length: 10_001 }, () => 'abcdefgh'));
    expect(await walked(manyLarge)).toEqual({ bodyBytes: manyLarge });
    const longName = Buffer.from(`{"${'k'.repeat(300)}": 1}`);
    expect(await walked(longName)).toEqual({ bodyText: longName.toString() });
  });

  it('works on a 40 MB string a slice at a time: decoding, scanning and rendering let the event loop turn', async () => {
    const bytes = bytesOf({ images: ['é'.repeat(20 * 1024 * 1024)], info: '{}' });
    const walk = await walkJsonBytes(bytes, { mask: true });
    const { turns, result } = await turnsWhile(() => recordedBody(walk));
    expect(Object.keys(result)).toEqual(['body']);
    expect(turns).toBeGreaterThan(40);
  });
});

describe('requestMatcher', () => {
  it('makes a matcher of a small JSON body, none of a large or non-JSON one', async () => {
    expect(await requestMatcher(bytesOf({ prompt: 'cat', seed: -1, api_key: 'k' }))).toEqual({ prompt: 'cat' });
    expect(await requestMatcher(Buffer.from('prompt=cat'))).toBeUndefined();
    expect(await requestMatcher(bytesOf({ items: Array.from({ length: 20_000 }, (_, i) => i) }))).toBeUndefined();
  });
});
