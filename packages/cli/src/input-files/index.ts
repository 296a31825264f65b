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
