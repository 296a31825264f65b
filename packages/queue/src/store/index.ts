import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '@sdwebui/internal/atomic-write';
import { QueueConfigError, ResultMissingError } from '../errors/index.js';

/**
 * Where images live, so Redis only holds references. Keys are `<job id>/<file>`; the shape fits
 * an object store (S3 `PutObject`/`GetObject`/`DeleteObjects`, a lifecycle rule for `sweep`).
 */
export interface ResultStore {
  /** Stores the bytes under `key` (`<jobId>/<file>`), atomically. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Rejects with `ResultMissingError` when the key is not there (expired, or another store). */
  get(key: string): Promise<Uint8Array>;
  /** Removes everything stored for a job. */
  deleteJob(jobId: string): Promise<void>;
  /**
   * Removes every job stored longer ago than `olderThanMs`; returns how many. A job for which
   * `inUse` says true (it still waits or runs: its img2img inputs are needed) is kept whatever its age.
   */
  sweep(olderThanMs: number, inUse?: (jobId: string) => Promise<boolean>): Promise<number>;
}

const KEY = /^([A-Za-z0-9_-]{1,80})\/([A-Za-z0-9_-]{1,80}\.[a-z0-9]{1,8})$/;
const JOB = /^[A-Za-z0-9_-]{1,80}$/;

/** Keys come back from Redis: only `<id>/<name>.<ext>` of safe characters may become a path. */
function splitKey(key: string): [string, string] {
  const match = KEY.exec(key);
  const [, id, name] = match ?? [];
  if (id === undefined || name === undefined) {
    throw new QueueConfigError(`not a result key: ${JSON.stringify(String(key)).slice(0, 90)}`);
  }
  return [id, name];
}

export interface FileStoreOptions {
  /** Folder for results (default `<os tmpdir>/sdwebui-queue/<queue name>`); producer and workers must share it. */
  dir: string;
}

/** Where a queue's results go by default: `<tmpdir>/sdwebui-queue/<name>`. */
export function defaultStoreDir(queueName: string): string {
  return join(tmpdir(), 'sdwebui-queue', queueName);
}

/** The default store: one folder per job; every file is written to a temporary name and renamed. */
export function createFileStore(options: FileStoreOptions): ResultStore {
  const { dir } = options;
  const jobDir = (jobId: string) => {
    if (!JOB.test(jobId)) throw new QueueConfigError(`not a job id: ${JSON.stringify(String(jobId)).slice(0, 90)}`);
    return join(dir, jobId);
  };
  return {
    async put(key, bytes) {
      const [job, file] = splitKey(key);
      await writeFileAtomic(join(jobDir(job), file), bytes);
    },
    async get(key) {
      const [job, file] = splitKey(key);
      try {
        return new Uint8Array(await readFile(join(jobDir(job), file)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new ResultMissingError(`result ${key} is not in ${dir} (expired, or the worker uses another store)`);
        }
        throw error;
      }
    },
    async deleteJob(jobId) {
      await rm(jobDir(jobId), { recursive: true, force: true });
    },
    async sweep(olderThanMs, inUse) {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return 0;
      }
      const cutoff = Date.now() - olderThanMs;
      let removed = 0;
      for (const name of names) {
        if (!JOB.test(name)) continue;
        const info = await stat(join(dir, name)).catch(() => undefined);
        if (info?.isDirectory() && info.mtimeMs < cutoff && !(await inUse?.(name))) {
          await rm(join(dir, name), { recursive: true, force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
