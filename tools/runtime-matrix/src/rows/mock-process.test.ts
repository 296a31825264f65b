import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { startMockProcess } from './mock-process.js';
import { RowError } from './script.js';

describe('a mock served by another runtime', () => {
  it('is a RowError when the runtime cannot be started, not an uncaught error event', async () => {
    const started = startMockProcess('/nonexistent/runtime', ['serve-mock.js'], { cwd: tmpdir(), timeoutMs: 30_000 });
    await expect(started).rejects.toBeInstanceOf(RowError);
    await expect(started).rejects.toThrow(/\/nonexistent\/runtime could not be started: spawn .* ENOENT/);
  });
});
