import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';

const READ_CHUNK = 1024 * 1024;

/** Why a file inside a cassette folder was refused; the message names the file. */
class ConfinedReadError extends Error {
  override name = 'ConfinedReadError';
}

/**
 * Reads `name` (a path relative to `root`) only if it really lies inside `root` once every
 * symlink is resolved, is a regular file (not a FIFO, device or folder: those hang or never
 * end), and holds at most `maxBytes`. Opened non-blocking and without following a symlink
 * swapped in after the check, and read at most `maxBytes + 1` bytes, so a file growing under
 * us cannot pass the cap either.
 */
export async function readConfinedFile(root: string, name: string, maxBytes: number): Promise<Buffer> {
  const shown = join(root, name);
  const fail = (why: string): never => {
    throw new ConfinedReadError(`${shown}: ${why}`);
  };
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(root);
    real = await realpath(shown);
  } catch (error) {
    return fail(`cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const inside = relative(realRoot, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
    fail('resolves outside the cassette folder');
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(
    (error: unknown) => fail(`cannot open (${(error as NodeJS.ErrnoException).code ?? String(error)})`),
  );
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) fail('not a regular file');
    if (stats.size > maxBytes) fail(`${stats.size} bytes, over the ${maxBytes}-byte limit`);
    const parts: Buffer[] = [];
    let length = 0;
    for (;;) {
      const part = Buffer.alloc(Math.min(READ_CHUNK, maxBytes + 1 - length));
      const { bytesRead } = await handle.read(part, 0, part.length, null);
      if (bytesRead === 0) break;
      parts.push(part.subarray(0, bytesRead));
      length += bytesRead;
      if (length > maxBytes) fail(`grew past the ${maxBytes}-byte limit while being read`);
    }
    return Buffer.concat(parts, length);
  } finally {
    await handle.close();
  }
}
