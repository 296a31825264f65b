import { spawn } from 'node:child_process';
import type { CheckResult } from '../subset/index.js';

/** Output kept per stream of a runtime's process: enough for any error, bounded whatever it prints. */
const MAX_OUTPUT = 64 * 1024;

/** Thrown when a runtime did not run the subset to its end; the message carries the tail of its output. */
export class RowError extends Error {
  override name = 'RowError';
}

/** Options of one run of a runtime's process. */
export interface ScriptOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Killed (and failed) after this long. */
  timeoutMs: number;
}

/** What a finished process printed, and how it ended. */
export interface ProcessOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Runs `command args…` to its end (killed after `timeoutMs`), keeping the tail of what it prints. */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: ScriptOptions,
): Promise<ProcessOutcome> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout = (stdout + chunk).slice(-MAX_OUTPUT);
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-MAX_OUTPUT);
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(timer));
  return { code, stdout, stderr, timedOut };
}

/**
 * Runs `command args…`, which prints `RESULT <json>` (see `entries/cli.ts`), and gives the checks.
 * A process that exits without that line, or outlives `timeoutMs`, is a `RowError`.
 */
export async function runScript(
  command: string,
  args: readonly string[],
  options: ScriptOptions,
): Promise<CheckResult[]> {
  const { code, stdout, stderr, timedOut } = await runProcess(command, args, options);
  const line = stdout.split('\n').find((text) => text.startsWith('RESULT '));
  if (timedOut) throw new RowError(`timed out after ${options.timeoutMs} ms\n${stderr.slice(-2000)}`);
  if (line === undefined) throw new RowError(`exited ${code} without a result\n${(stderr || stdout).slice(-2000)}`);
  return JSON.parse(line.slice('RESULT '.length)) as CheckResult[];
}
