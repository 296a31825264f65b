import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** `.NAME.<12 hex>.tmp` (or `NAME.<12 hex>.tmp`, as older writers named them). */
const TEMPORARY_NAME = /\.[0-9a-f]{12}\.tmp$/;

/**
 * Where a file is staged before it is renamed over `path`: a hidden sibling, in the same folder
 * because a rename is atomic only within one filesystem.
 */
export function temporarySibling(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Whether a file name is one of the temporaries the atomic writer stages. A process killed
 * between write and rename cannot clean up after itself; its next start can remove these.
 */
export function isAtomicWriteTemp(name: string): boolean {
  return TEMPORARY_NAME.test(name);
}
