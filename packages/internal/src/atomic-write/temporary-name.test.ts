import { basename, dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { isAtomicWriteTemp, temporarySibling } from './temporary-name.js';

it('stages beside the target, under a hidden name the cleanup recognises', () => {
  const target = join('/data', 'cassettes', '1-0001-get-x.json');
  const first = temporarySibling(target);
  expect(dirname(first)).toBe(dirname(target));
  expect(basename(first)).toMatch(/^\.1-0001-get-x\.json\.[0-9a-f]{12}\.tmp$/);
  expect(isAtomicWriteTemp(basename(first))).toBe(true);
  expect(temporarySibling(target)).not.toBe(first);
});

it('recognises only its own temporaries', () => {
  expect(isAtomicWriteTemp('abc.png.ba9876543210.tmp')).toBe(true);
  for (const name of ['notes.tmp', 'keep.json', 'a.0123456789ab.tmp.json', 'a.0123456789AB.tmp', 'a.0123456789a.tmp']) {
    expect(isAtomicWriteTemp(name)).toBe(false);
  }
});
