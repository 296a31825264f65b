import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
};

/** Reads a file the person named; a problem is one line naming the argument (`IMAGE`, `--mask`…). */
export async function readInputFile(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`cannot read ${what} ${path}: ${REASONS[code] ?? code ?? (error as Error).message}`);
  }
}

/**
 * Reads an image file the person named and checks it is one, by the SDK's own check (its signature:
 * PNG, JPEG, WebP, GIF, BMP, TIFF, AVIF), so nothing that is not an image reaches the webui (which
 * answers 500, or for a ControlNet unit skips it and says in the infotext that it ran).
 */
export async function readImageFile(path: string, what: string): Promise<Uint8Array> {
  const bytes = await readInputFile(path, what);
  const { imageTypeOf } = await import('@sdwebui/client');
  if (imageTypeOf(bytes) === undefined)
    throw new UsageError(`${what} ${path} is not an image (PNG, JPEG, WebP, GIF, BMP, TIFF or AVIF)`);
  return bytes;
}
