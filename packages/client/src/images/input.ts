import { decodeBase64, encodeBase64 } from './base64.js';

/**
 * An image to send: bytes (`Uint8Array`, `ArrayBuffer`, `Blob`/`File`), a `data:` URL, a bare
 * base64 string, or (in Node) a path to an image file. Bytes are sent as they are, never
 * re-encoded, so the PNG `parameters` chunk and any other metadata reach the server intact.
 */
export type ImageInput = Uint8Array | ArrayBuffer | Blob | string;

const FILE_PATH = /\.(png|jpe?g|webp|gif|bmp)$/i;

/** The string the webui expects in an image field: base64, or a data URL (both accepted). */
export async function toImageField(image: ImageInput): Promise<string> {
  if (typeof image === 'string') {
    if (image.startsWith('data:') || !FILE_PATH.test(image)) return image;
    const { readFile } = await import('node:fs/promises');
    return encodeBase64(new Uint8Array(await readFile(image)));
  }
  if (image instanceof Uint8Array) return encodeBase64(image);
  if (image instanceof ArrayBuffer) return encodeBase64(new Uint8Array(image));
  return encodeBase64(new Uint8Array(await image.arrayBuffer()));
}

/** Raw bytes of an image input (for reading its metadata locally). */
export async function toImageBytes(image: ImageInput): Promise<Uint8Array> {
  if (image instanceof Uint8Array) return image;
  if (image instanceof ArrayBuffer) return new Uint8Array(image);
  if (typeof image !== 'string') return new Uint8Array(await image.arrayBuffer());
  if (image.startsWith('data:') || !FILE_PATH.test(image)) {
    return decodeBase64(image.startsWith('data:') ? image.slice(image.indexOf(',') + 1) : image);
  }
  const { readFile } = await import('node:fs/promises');
  return new Uint8Array(await readFile(image));
}
