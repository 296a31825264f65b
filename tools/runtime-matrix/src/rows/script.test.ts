import { describe, expect, it } from 'vitest';
import { RowError, runScript } from './script.js';

const node = (code: string, timeoutMs = 10_000) => runScript(process.execPath, ['-e', code], { cwd: '.', timeoutMs });

describe('runScript', () => {
  it("gives the checks of the process's RESULT line, whatever else it prints", async () => {
    await expect(
      node('console.log("hello"); console.log(\'RESULT [{"name":"a","ok":true}]\'); console.error("noise")'),
    ).resolves.toEqual([{ name: 'a', ok: true }]);
  });

  it('fails a process that exits without a result, with its exit code and the tail of stderr', async () => {
    const error = await node('console.error("SyntaxError: no such export"); process.exit(3)').catch((e: Error) => e);
    expect(error).toBeInstanceOf(RowError);
    expect((error as Error).message).toMatch(/^exited 3 without a result\nSyntaxError: no such export/);
  });

  it('kills and fails a process that outlives its time', async () => {
    const error = await node('setInterval(() => {}, 1000)', 300).catch((e: Error) => e);
    expect(error).toBeInstanceOf(RowError);
    expect((error as Error).message).toMatch(/^timed out after 300 ms/);
  });
});
