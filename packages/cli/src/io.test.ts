import { execFile } from 'node:child_process';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lineWriter } from './io.js';

const run = promisify(execFile);

/** A stream whose reader has gone: every write fails with EPIPE. */
function closedPipe() {
  const code = 'EPIPE';
  const written: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      written.push(String(chunk));
      callback(Object.assign(new Error(`write ${code}`), { code }));
    },
  });
  return { stream, written };
}

describe('lineWriter', () => {
  it('drops the lines after the reader closed the pipe, without an uncaught error', async () => {
    const { stream, written } = closedPipe();
    let writes = 0;
    const write = lineWriter(
      Object.assign(stream, {
        write: (...args: Parameters<Writable['write']>) => {
          writes++;
          return Writable.prototype.write.apply(stream, args);
        },
      }),
    );
    write('first');
    await new Promise((resolve) => setImmediate(resolve));
    write('second');
    write('third');
    await new Promise((resolve) => setImmediate(resolve));
    expect(written).toEqual(['first\n']);
    expect(writes).toBe(1);
  });

  it('does not hide other write errors', async () => {
    const stream = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    const listeners = stream.listeners('error');
    lineWriter(stream)('first');
    const added = stream.listeners('error').filter((listener) => !listeners.includes(listener));
    expect(added).toHaveLength(1);
    const error = Object.assign(new Error('write EIO'), { code: 'EIO' });
    expect(() => (added[0] as (error: Error) => void)(error)).toThrow('write EIO');
  });
});

describe('the sdwebui bin with its output piped to a reader that stops early', () => {
  it('exits 0 with nothing on stderr (`sdwebui spec diff … --json | head -c 1`)', async () => {
    const bin = fileURLToPath(new URL('../bin/sdwebui.js', import.meta.url));
    const cwd = fileURLToPath(new URL('../../../', import.meta.url));
    const args = [bin, 'spec', 'diff', 'a1111-1.4', 'forge-2', '--json'];
    // The whole JSON is more than a pipe holds (64 KiB), so writes after head's exit must fail.
    const { stdout: whole } = await run(process.execPath, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    expect(whole.length).toBeGreaterThan(96 * 1024);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's expansion of the bin's exit code
    const shell = '"$@" | head -c 1 >/dev/null; echo "${PIPESTATUS[0]}"';
    const { stdout, stderr } = await run('bash', ['-c', shell, 'pipe', process.execPath, ...args], { cwd });
    expect(stderr).toBe('');
    expect(stdout.trim()).toBe('0');
  });
});
