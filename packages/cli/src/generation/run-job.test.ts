import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { GenerationResult, Job, JobProgress } from '@sdwebui/client';
import { describe, expect, it } from 'vitest';
import { captureIo } from '../testing/io.js';
import { runJob } from './run-job.js';

/** A terminal that keeps what the bar draws, frame by frame. */
function fakeTerminal() {
  const frames: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        frames.push(String(chunk));
        done();
      },
    }),
    { isTTY: true, columns: 120 },
  );
  return { stream, frames };
}

/** A job whose progress reports are given, finished with no images. */
function fakeJob(reports: JobProgress[]): Job<GenerationResult> {
  const result: GenerationResult = { images: [], extraImages: [], info: {} as never, parameters: {} };
  return Object.assign(Promise.resolve(result), {
    progress: async function* () {
      yield* reports;
    },
    cancel: async () => {},
  }) as unknown as Job<GenerationResult>;
}

const report = (progress: number, step: number | null, done = false): JobProgress => ({
  progress,
  eta: 10,
  step,
  steps: step === null ? null : 40,
  queued: false,
  queuePosition: null,
  done,
});

// Issue #24: the bar started at 0 % whatever the first report said, so its first frame read `0% | step 3/40`.
describe('the progress bar', () => {
  it("draws its first frame at the first report's progress", async () => {
    const work = await mkdtemp(join(tmpdir(), 'sdwebui-bar-'));
    try {
      const { stream, frames } = fakeTerminal();
      const io = captureIo();
      const context = {
        io,
        env: {},
        hooks: { progressStream: stream, onInterrupt: () => {} },
        notes: { typedNames: new Map() },
      };
      const session = { client: {} as never, json: false, context, print: () => {} };
      await runJob(session, fakeJob([report(0.075, 3), report(0.5, 20), report(1, null, true)]), {
        target: { dir: work },
        overwrite: false,
      });
      const drawn = frames.filter((frame) => frame.includes('step '));
      expect(drawn[0]).toContain('8% | step 3/40');
      expect(frames.join('')).not.toContain('0% | step 3/40');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
