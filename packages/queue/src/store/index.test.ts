import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { QueueConfigError, ResultMissingError } from '../errors/index.js';
import { createFileStore } from './index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'queue-store-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('file store', () => {
  it('stores, reads back and deletes a job, leaving no temporary files', async () => {
    const store = createFileStore({ dir });
    await store.put('job-1/0.png', new Uint8Array([1, 2, 3]));
    expect([...(await store.get('job-1/0.png'))]).toEqual([1, 2, 3]);
    expect(await readdir(join(dir, 'job-1'))).toEqual(['0.png']);
    await store.deleteJob('job-1');
    await expect(store.get('job-1/0.png')).rejects.toBeInstanceOf(ResultMissingError);
  });

  it('refuses keys that would leave its folder', async () => {
    const store = createFileStore({ dir });
    for (const key of ['../x/0.png', 'a/../../0.png', '/etc/passwd', 'a/b/c.png', 'a\\b.png']) {
      await expect(store.put(key, new Uint8Array())).rejects.toBeInstanceOf(QueueConfigError);
      await expect(store.get(key)).rejects.toBeInstanceOf(QueueConfigError);
    }
    await expect(store.deleteJob('..')).rejects.toBeInstanceOf(QueueConfigError);
  });

  it('sweeps jobs older than the policy and keeps newer ones', async () => {
    const store = createFileStore({ dir });
    await store.put('old/0.png', new Uint8Array([1]));
    await store.put('new/0.png', new Uint8Array([2]));
    const hourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(dir, 'old'), hourAgo, hourAgo);
    expect(await store.sweep(60_000)).toBe(1);
    expect(await readdir(dir)).toEqual(['new']);
  });

  it("keeps an old job that is still in use (a waiting job's inputs)", async () => {
    const store = createFileStore({ dir });
    await store.put('waiting/input-0.bin', new Uint8Array([1]));
    await store.put('done/0.png', new Uint8Array([2]));
    const hourAgo = new Date(Date.now() - 3_600_000);
    for (const job of ['waiting', 'done']) await utimes(join(dir, job), hourAgo, hourAgo);
    expect(await store.sweep(60_000, async (jobId) => jobId === 'waiting')).toBe(1);
    expect(await readdir(dir)).toEqual(['waiting']);
  });
});
