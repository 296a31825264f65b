import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageInputError, SdwebuiError } from '../core/errors.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { toImageBytes, toImageField } from './input.js';

const PNG = decodeBase64(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
);
/** The 8-byte little-endian TIFF header and an empty directory: enough for the signature. */
const TIFF = new Uint8Array([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdwebui-input-'));
  await writeFile(join(dir, 'photo.tiff'), TIFF);
  await writeFile(join(dir, 'no-extension'), PNG);
  await writeFile(join(dir, 'notes.png'), 'not an image');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('image inputs are recognised by content, not by file extension', () => {
  it('reads files of any name (photo.tiff, no extension) and sends their bytes as base64', async () => {
    expect(await toImageField(join(dir, 'photo.tiff'))).toBe(encodeBase64(TIFF));
    expect(await toImageField(join(dir, 'no-extension'))).toBe(encodeBase64(PNG));
    expect(await toImageBytes(join(dir, 'no-extension'))).toEqual(PNG);
  });

  it('passes base64 image data and data URLs through as they are', async () => {
    const base64 = encodeBase64(PNG);
    expect(await toImageField(base64)).toBe(base64);
    expect(await toImageField(`data:image/png;base64,${base64}`)).toBe(`data:image/png;base64,${base64}`);
    expect(await toImageBytes(base64)).toEqual(PNG);
  });

  it('a missing file or a file that is no image is an SdwebuiError, not a raw ENOENT', async () => {
    const missing = await toImageField(join(dir, 'missing.png')).catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(ImageInputError);
    expect(missing).toBeInstanceOf(SdwebuiError);
    expect(missing).toMatchObject({ kind: 'input' });
    expect((missing as Error).message).toMatch(
      /missing\.png" is neither base64 image data nor a readable file \(no such file\)/,
    );
    await expect(toImageField(join(dir, 'notes.png'))).rejects.toThrow(/is not an image/);
  });

  // Before, a path was read whatever it named: /dev/zero grew the process past 1.5 GB in 8 s, a
  // FIFO blocked for ever. Only regular files are read.
  it.skipIf(process.platform === 'win32')('a device, a FIFO or a folder is refused without reading it', async () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    for (const path of ['/dev/zero', join(dir, 'fifo'), dir]) {
      const error = await toImageBytes(path).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ImageInputError);
      expect((error as Error).message).toMatch(/neither base64 image data nor a readable file \(not a regular file\)/);
    }
  });
});
