import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueConfigError } from '../errors/index.js';
import { createFileStore } from '../store/index.js';
import { storeInputs } from './inputs.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdwebui-queue-inputs-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('storeInputs', () => {
  // Before, a string that was no data URL was read whatever it named: /dev/zero grew the producer
  // without end, a FIFO blocked it for ever, a folder or a missing file was a raw EISDIR/ENOENT.
  it.skipIf(process.platform === 'win32')(
    'refuses a path that is not a readable regular file, typed, without reading it',
    async () => {
      execFileSync('mkfifo', [join(dir, 'fifo')]);
      const store = createFileStore({ dir: join(dir, 'store') });
      for (const [path, why] of [
        ['/dev/zero', 'not a regular file'],
        [join(dir, 'fifo'), 'not a regular file'],
        [dir, 'not a regular file'],
        [join(dir, 'missing.png'), 'ENOENT'],
      ] as const) {
        const error = await storeInputs(store, 'j-1', [path]).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(QueueConfigError);
        expect((error as Error).message).toContain(`readable regular file (${why})`);
      }
    },
  );
});
