import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Writes each file to a temporary sibling, flushes it to disk, then renames it over the
 * target. Rename is atomic on POSIX filesystems, so a reader (or a crash) sees either the
 * old bytes or the new ones, never half a file. All temporaries are written before the first
 * rename: a failure while writing leaves every target untouched.
 */
export async function writeFilesAtomically(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): Promise<void> {
  const staged: Array<{ temp: string; path: string }> = [];
  try {
    for (const { path, content } of files) {
      await mkdir(dirname(path), { recursive: true });
      const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
      staged.push({ temp, path });
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const { temp, path } of staged) await rename(temp, path);
  } finally {
    await Promise.all(staged.map(({ temp }) => rm(temp, { force: true })));
  }
}
