import type { Writable } from 'node:stream';

/** Where commands print; tests capture it instead of the process streams. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Lines to a stream whose reader may stop reading: `sdwebui … | head -1` closes the pipe, and Node
 * reports that as an EPIPE `error` event, which with no listener kills the process with a stack
 * trace in the middle of its work. Once the pipe is closed the remaining lines are dropped and the
 * command finishes what it was doing (an image being written is still written). Any other write
 * error is not ours to hide.
 */
export function lineWriter(stream: Writable): (line: string) => void {
  let closed = false;
  let listening = false;
  return (line) => {
    if (!listening) {
      listening = true;
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        closed = true;
      });
    }
    if (!closed) stream.write(`${line}\n`);
  };
}

export const processIo: CliIo = {
  out: lineWriter(process.stdout),
  err: lineWriter(process.stderr),
};
