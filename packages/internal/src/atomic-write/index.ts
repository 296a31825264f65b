import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { temporarySibling } from './temporary-name.js';

export { isAtomicWriteTemp } from './temporary-name.js';

/** A write with `overwrite: false` found a file at its target; nothing was replaced. */
export class FileExistsError extends Error {
  override name = 'FileExistsError';
  /** The same code Node gives an exclusive create that fails, so `code === 'EEXIST'` checks keep working. */
  readonly code = 'EEXIST';
  constructor(
    /** The target that already exists. */
    readonly path: string,
  ) {
    super(`${path} exists; refusing to replace it`);
  }
}

export interface AtomicWriteOptions {
  /**
   * Replace files already at the targets (default `true`). With `false`, the write fails with
   * `FileExistsError` before anything is written when a target exists, and a file that appears
   * at a target meanwhile is still never replaced (the staged file is hard-linked into place,
   * which fails on an existing name, or copied exclusively where the filesystem has no links).
   */
  overwrite?: boolean;
}

/** One file to write: where, and the bytes or text (UTF-8). */
export interface AtomicFile {
  path: string;
  content: string | Uint8Array;
}

const exists = (path: string) =>
  lstat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );

/** The first of `paths` that names something already (a file, a folder, a dangling link). */
export async function firstExisting(paths: Iterable<string>): Promise<string | undefined> {
  for (const path of paths) if (await exists(path)) return path;
  return undefined;
}

/** Puts a staged file at `path` without ever replacing a file there. */
async function placeNew(temporary: string, path: string): Promise<void> {
  try {
    await link(temporary, path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileExistsError(path);
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV') throw error;
    await copyFile(temporary, path, constants.COPYFILE_EXCL).catch((copyError: NodeJS.ErrnoException) => {
      throw copyError.code === 'EEXIST' ? new FileExistsError(path) : copyError;
    });
  }
}

/**
 * Writes files so that a reader, or a crash, sees each one either as it was or complete, never
 * half written. Each file is staged in a hidden temporary sibling (created exclusively, flushed
 * to disk with fsync), then renamed over its target; missing folders are created. Every file is
 * staged before the first one is put in place, so a failure while writing leaves all targets
 * untouched; temporaries are removed whatever happens (a killed process leaves some behind:
 * `isAtomicWriteTemp` recognises them for a later cleanup).
 *
 * Across several files the placing itself is not one atomic step: a failure there (a target that
 * appeared meanwhile with `overwrite: false`, a full disk) can leave the earlier files placed.
 */
export async function writeFilesAtomically(
  files: ReadonlyArray<AtomicFile>,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const overwrite = options.overwrite ?? true;
  const existing = overwrite ? undefined : await firstExisting(files.map((file) => file.path));
  if (existing !== undefined) throw new FileExistsError(existing);
  const staged: Array<{ temporary: string; path: string }> = [];
  try {
    for (const { path, content } of files) {
      await mkdir(dirname(path), { recursive: true });
      const temporary = temporarySibling(path);
      const handle = await open(temporary, 'wx');
      staged.push({ temporary, path });
      try {
        await handle.writeFile(content);
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
    for (const { temporary, path } of staged) {
      if (overwrite) await rename(temporary, path);
      else await placeNew(temporary, path);
    }
  } finally {
    await Promise.all(staged.map(({ temporary }) => rm(temporary, { force: true })));
  }
}

/** Writes one file atomically; see `writeFilesAtomically` for the guarantees and options. */
export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  await writeFilesAtomically([{ path, content }], options);
}
