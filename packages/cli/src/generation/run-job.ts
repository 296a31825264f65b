import { resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { GenerationResult, Job } from '@sdwebui/client';
import { ExitCode } from '../errors.js';
import { outputPaths, writeOutputFiles, type OutputTarget } from '../output-files/index.js';
import { printable } from '../terminal-text/index.js';
import type { Session } from '../webui-session.js';

/** Where the images go and whether existing files may be replaced. */
export interface JobOutput {
  target: OutputTarget;
  overwrite: boolean;
}

/**
 * Runs a job with a progress bar (stderr, TTY only), Ctrl-C cancelling it on the server, then
 * writes the images byte for byte (their `parameters` chunk intact) and reports them.
 */
export async function runJob(session: Session, job: Job<GenerationResult>, output: JobOutput): Promise<void> {
  const { io, hooks } = session.context;
  let cancelled = false;
  (hooks.onInterrupt ?? ((handler: () => void) => process.once('SIGINT', handler)))(() => {
    cancelled = true;
    io.err('cancelling: interrupting the job on the server…');
    void job.cancel();
  });
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {status} | ETA {etaText}',
    stream: hooks.progressStream ?? process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let barStarted = false;
  try {
    for await (const progress of job.progress({ intervalMs: 250 })) {
      hooks.onProgress?.(progress);
      const queued = `queued${progress.queuePosition ? ` #${progress.queuePosition}` : ''}`;
      const status = progress.done
        ? 'done'
        : progress.queued
          ? queued
          : progress.step !== null
            ? `step ${progress.step}/${progress.steps}`
            : 'starting';
      const payload = { status, etaText: progress.eta === null ? '?' : `${Math.max(0, Math.round(progress.eta))}s` };
      const percent = Math.round(progress.progress * 100);
      // Started at the first report's value: its first frame must not read `0% | step 3/40`.
      if (!barStarted) {
        bar.start(100, percent, payload);
        barStarted = true;
      } else bar.update(percent, payload);
    }
  } catch (error) {
    if (!cancelled) throw error;
  } finally {
    if (barStarted) bar.stop();
  }
  let result: GenerationResult;
  try {
    result = await job;
  } catch (error) {
    if (cancelled) {
      io.err('cancelled');
      throw new ExitCode(130);
    }
    throw error;
  }
  // The SDK leaves out both a grid's seed and a seed of the wrong type: only the index tells a grid.
  const firstImage = typeof result.info.index_of_first_image === 'number' ? result.info.index_of_first_image : 0;
  const paths = outputPaths(
    output.target,
    result.images.map((image, index) => (index < firstImage ? undefined : (image.seed ?? null))),
    result.images.map((image) => image.mimeType),
  );
  // -o x.png for a JPEG (SD.Next's default) is written as x.jpg: bytes as they came, the name to match.
  if ('file' in output.target && result.images.length === 1 && paths[0] !== resolve(output.target.file))
    io.err(`note: the webui sent ${result.images[0]?.mimeType}, written as ${paths[0]}`);
  await writeOutputFiles(
    result.images.map((image, index) => ({ path: paths[index] as string, bytes: image.bytes })),
    output.overwrite,
  );
  const written = result.images.map((image, index) => ({
    path: paths[index],
    seed: image.seed,
    infotext: image.infotext,
  }));
  session.print({ images: written, info: result.info }, () =>
    written.map((item) => `${item.path}\n${printable(item.infotext ?? '')}`).join('\n\n'),
  );
}
