import { describe, expect, it } from 'vitest';
import { run } from './run.js';

describe('run', () => {
  it('collects stdout and stderr and the exit code', async () => {
    const result = await run(process.execPath, ['-e', 'console.log("out"); console.error("err"); process.exit(3)']);
    expect(result.code).toBe(3);
    expect(result.output).toContain('out');
    expect(result.output).toContain('err');
  });

  it('kills a command that outlives its timeout and reports it as failed', async () => {
    const result = await run(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('[killed: still running after 300 ms]');
  });
});
