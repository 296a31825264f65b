import { ImageInputError } from '../core/errors.js';
import { decodeBase64, encodeBase64, isBase64 } from './base64.js';
import { imageTypeOf } from './magic.js';

/**
 * An image to send: bytes (`Uint8Array`, `ArrayBuffer`, `Blob`/`File`), a `data:` URL, a bare
 * base64 string, or (in Node) a path to an image file. Bytes are sent as they are, never
 * re-encoded, so the PNG `parameters` chunk and any other metadata reach the server intact.
 */
export type ImageInput = Uint8Array | ArrayBuffer | Blob | string;

/** A string is base64 image data when it decodes to bytes with an image signature; anything else is a path. */
function isBase64Image(text: string): boolean {
  if (!isBase64(text)) return false;
  return imageTypeOf(decodeBase64(text.slice(0, 64))) !== undefined;
}

async function readImageFile(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    const { readFile, stat } = await import('node:fs/promises');
    // A device or a FIFO (`/dev/zero`, `/dev/stdin`) would be read without end: regular files only.
    if (!(await stat(path)).isFile())
      throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'files can only be read in Node';
    throw new ImageInputError(`image "${path}" is neither base64 image data nor a readable file (${why})`, {
      cause: error,
    });
  }
  if (imageTypeOf(bytes) === undefined)
    throw new ImageInputError(`image file "${path}" is not an image (unknown signature)`);
  return bytes;
}

/** The string the webui expects in an image field: base64, or a data URL (both accepted). */
export async function toImageField(image: ImageInput): Promise<string> {
  if (typeof image === 'string') {
    if (image.startsWith('data:') || isBase64Image(image)) return image;
    return encodeBase64(await readImageFile(image));
  }
  return encodeBase64(await toImageBytes(image));
}

/** Raw bytes of an image input (for reading its metadata locally). */
export async function toImageBytes(image: ImageInput): Promise<Uint8Array> {
  if (image instanceof Uint8Array) return image;
  if (image instanceof ArrayBuffer) return new Uint8Array(image);
  if (typeof image !== 'string') return new Uint8Array(await image.arrayBuffer());
  if (image.startsWith('data:')) return decodeBase64(image.slice(image.indexOf(',') + 1));
  return isBase64Image(image) ? decodeBase64(image) : readImageFile(image);
}
