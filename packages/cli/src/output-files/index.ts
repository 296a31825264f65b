import { isAbsolute, join, relative, resolve } from 'node:path';
import { FileExistsError, firstExisting, writeFilesAtomically } from '@sdwebui/internal/atomic-write';
import { UsageError } from '../errors.js';

/** A file the CLI would overwrite without `--overwrite`, or a name that would leave its folder. */
export class OutputFileError extends Error {
  override name = 'OutputFileError';
}

/** Where generated images go: one file the person named (`-o`), or a folder (`--out-dir`). */
export type OutputTarget = { file: string } | { dir: string };

/** The largest seed the webui uses (`0xffffffff`); a server's seed outside 0..this is not trusted. */
const MAX_SEED = 4_294_967_295;

/**
 * A seed from the server, only if it is a whole number the webui could have used. Anything else
 * (text, `"/../x"`, floats, huge numbers) is untrusted and never reaches a file name.
 */
export function trustedSeed(seed: unknown): number | undefined {
  return typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0 && seed <= MAX_SEED ? seed : undefined;
}

/** The file extension of each image format the webuis answer with. */
const EXTENSIONS: Readonly<Record<string, string>> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** An image extension at the end of a name the person typed (`.png`, `.jpg`, `.jpeg`, `.webp`). */
const IMAGE_EXTENSION = /\.(png|jpe?g|webp)$/i;

/** `file` with the extension of `mimeType` when it names another image format (`cat.png` for a JPEG: `cat.jpg`). */
function withExtension(file: string, mimeType: string | undefined): string {
  const extension = mimeType === undefined ? undefined : EXTENSIONS[mimeType];
  const given = IMAGE_EXTENSION.exec(file)?.[1]?.toLowerCase().replace('jpeg', 'jpg');
  return extension === undefined || given === undefined || given === extension
    ? file
    : file.replace(IMAGE_EXTENSION, `.${extension}`);
}

/**
 * One path per image, built only from what the person typed, the image's index, a validated seed
 * and the image's format (`types[i]`, its MIME type: SD.Next answers JPEGs, so `.jpg`; PNG when
 * unknown). `seeds[i] === undefined` marks a grid (the webui puts it first, with no seed of its own).
 */
export function outputPaths(
  target: OutputTarget,
  seeds: readonly unknown[],
  types: ReadonlyArray<string | undefined> = [],
): string[] {
  if ('file' in target) {
    if (seeds.length === 1) return [resolve(withExtension(target.file, types[0]))];
    const stem = target.file.replace(IMAGE_EXTENSION, '');
    return seeds.map((_, index) => resolve(`${stem}-${index + 1}.${EXTENSIONS[types[index] ?? ''] ?? 'png'}`));
  }
  const dir = resolve(target.dir);
  return seeds.map((seed, index) => {
    const trusted = trustedSeed(seed);
    const suffix = trusted !== undefined ? `-${trusted}` : seed === undefined ? '-grid' : '';
    const path = join(dir, `${String(index).padStart(5, '0')}${suffix}.${EXTENSIONS[types[index] ?? ''] ?? 'png'}`);
    assertInside(dir, path);
    return path;
  });
}

/**
 * Every name `-o FILE` may be written under, since the extension follows the format the server
 * sends (`-o cat.png` is `cat.jpg` for SD.Next's JPEG): what is checked before anything is sent.
 */
export function possibleOutputPaths(file: string): string[] {
  return [...new Set([undefined, ...Object.keys(EXTENSIONS)].map((type) => resolve(withExtension(file, type))))];
}

/**
 * `-o FILE` must name an image file (`.png`, `.jpg`/`.jpeg`, `.webp`) or have no extension: the CLI
 * writes the webui's images byte for byte, never converting, so `-o a.gif` would be PNG bytes under a
 * GIF name. The extension then follows the format the server sends (SD.Next: JPEG). Checked before
 * anything is sent.
 */
export function checkOutputName(file: string, flag: string): void {
  const extension = /\.([^./\\]*)$/.exec(file)?.[1];
  if (extension !== undefined && !IMAGE_EXTENSION.test(file)) {
    throw new UsageError(
      `${flag} ${file}: sdwebui writes the webui's images as they are (no conversion), PNG or JPEG as the ` +
        'server sends them; name a .png (or .jpg, .webp) file',
    );
  }
}

/** Defence in depth: the final path must stay inside the folder the person chose. */
function assertInside(dir: string, path: string): void {
  const rel = relative(resolve(dir), resolve(path));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new OutputFileError(`refusing to write ${path}: it is outside ${dir}`);
  }
}

/** Fails, before any work, when a file would have to be replaced without `--overwrite`. */
export async function refuseExisting(paths: readonly string[], overwrite: boolean): Promise<void> {
  const existing = overwrite ? undefined : await firstExisting(paths);
  if (existing !== undefined) throw new OutputFileError(`${existing} exists; pass --overwrite to replace it`);
}

/**
 * Writes each file atomically (temporary file, then rename or link into place). Without
 * `overwrite`, nothing is written when any target exists, and a file that appears meanwhile is
 * still never replaced (link fails with EEXIST).
 */
export async function writeOutputFiles(
  files: ReadonlyArray<{ path: string; bytes: Uint8Array }>,
  overwrite: boolean,
): Promise<void> {
  await refuseExisting(
    files.map((file) => file.path),
    overwrite,
  );
  try {
    await writeFilesAtomically(
      files.map(({ path, bytes }) => ({ path, content: bytes })),
      { overwrite },
    );
  } catch (error) {
    if (!(error instanceof FileExistsError)) throw error;
    throw new OutputFileError(`${error.path} exists; pass --overwrite to replace it`);
  }
}
