import { SingleBar } from 'cli-progress';
import type { QueuedJob } from '@sdwebui/queue';
import type { CliContext } from '../context.js';
import { outputPaths, writeOutputFiles, type OutputTarget } from '../output-files/index.js';
import { printable, printableJson } from '../terminal-text/index.js';

/** Where the images go, whether existing files may be replaced, and how to report them. */
export interface QueuedOutput {
  target: OutputTarget;
  overwrite: boolean;
  json: boolean;
}

/**
 * Follows a queued job with a progress bar (stderr, TTY only), then writes its images like
 * txt2img does: paths from the person's flags, the index and a validated seed only (nothing the
 * backend or Redis sent becomes a path), atomically, never replacing a file without --overwrite.
 */
export async function waitForImages(job: QueuedJob, output: QueuedOutput, context: CliContext): Promise<void> {
  const { io, hooks } = context;
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {status}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let barStarted = false;
  try {
    for await (const report of job.progress({ intervalMs: 250 })) {
      hooks.onProgress?.(report);
      const step = report.step !== null ? `step ${report.step}/${report.steps}` : 'starting';
      const status = report.done
        ? 'done'
        : report.queued
          ? `queued${report.queuePosition ? ` #${report.queuePosition}` : ''}`
          : `${printable(report.backend ?? '')} ${step}`;
      if (!barStarted) {
        bar.start(100, 0, { status });
        barStarted = true;
      }
      bar.update(Math.round(report.progress * 100), { status });
    }
  } finally {
    if (barStarted) bar.stop();
  }
  const result = await job;
  // A seed missing from a stored result may be a grid or a seed the SDK refused: no `-grid` guess.
  const paths = outputPaths(
    output.target,
    result.images.map((image) => image.seed ?? null),
    result.images.map((image) => image.mimeType),
  );
  await writeOutputFiles(
    result.images.map((image, index) => ({ path: paths[index] as string, bytes: image.bytes })),
    output.overwrite,
  );
  const images = result.images.map((image, index) => ({
    path: paths[index],
    seed: image.seed,
    infotext: image.infotext,
  }));
  io.out(
    output.json
      ? printableJson({ id: job.id, backend: result.backend, images }, 2)
      : [`${job.id} done on ${printable(result.backend)}`, ...paths].join('\n'),
  );
}
