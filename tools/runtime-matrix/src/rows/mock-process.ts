import { spawn } from 'node:child_process';
import { RowError } from './script.js';

/** A mock served by another runtime's process. */
export interface MockProcess {
  url: string;
  /** The file URL of the package entry the runtime resolved for `@sdwebui/mock`. */
  entry: string;
  /** Closes its standard input (it stops itself), then kills it if it is still there a few seconds later. */
  close(): Promise<void>;
}

/**
 * Starts `command args…` (which runs `entries/serve-mock.js`) and waits for its `LISTENING <url> <entry>` line;
 * a process that exits first, or says nothing within `timeoutMs`, is a `RowError` with its stderr.
 */
export async function startMockProcess(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<MockProcess> {
  const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: 'pipe' });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16 * 1024);
  });
  // A runtime that cannot be started (missing, not executable) emits 'error' and never 'exit'.
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()).once('error', () => resolve()));
  const [url, entry] = await new Promise<[string, string]>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new RowError(`the mock did not start within ${options.timeoutMs} ms\n${stderr.slice(-2000)}`));
    }, options.timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout = (stdout + chunk).slice(-16 * 1024);
      const line = /^LISTENING (\S+) (\S+)$/m.exec(stdout);
      if (line) {
        clearTimeout(timer);
        resolve([line[1] as string, line[2] as string]);
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new RowError(`${command} could not be started: ${error.message}`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new RowError(`the mock exited before listening (code ${child.exitCode})\n${stderr.slice(-2000)}`));
    });
  });
  return {
    url,
    entry,
    async close() {
      child.stdin.end();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
