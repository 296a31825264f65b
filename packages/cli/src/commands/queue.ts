import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import {
  createFileStore,
  createQueue,
  defaultStoreDir,
  QueueError,
  type QueuedJob,
  type SdwebuiQueue,
} from '@sdwebui/queue';
import { ExitCode, parsePositiveInt, UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import { generationParams, type GenerationFlags } from './generate.js';

export interface QueueFlags {
  redis?: string;
  name: string;
  store?: string;
  json?: boolean;
}

/** `--redis`, `--name`, `--store`, `--json`: what every queue and worker command shares. */
export function withQueueFlags(command: Command): Command {
  return command
    .option('--redis <url>', 'Redis holding the queue (env REDIS_URL)', process.env.REDIS_URL)
    .option('--name <name>', 'queue name', 'sdwebui')
    .option('--store <dir>', 'result folder shared by producers and workers (default: <tmpdir>/sdwebui-queue/<name>)')
    .option('--json', 'print machine-readable JSON on stdout');
}

export function redisUrl(flags: QueueFlags): string {
  if (!flags.redis) throw new UsageError('--redis <url> (or env REDIS_URL) is required, e.g. redis://127.0.0.1:6379');
  return flags.redis;
}

export function storeOf(flags: QueueFlags) {
  return createFileStore({ dir: flags.store ?? defaultStoreDir(flags.name) });
}

async function withQueue<T>(flags: QueueFlags, work: (queue: SdwebuiQueue) => Promise<T>): Promise<T> {
  const queue = createQueue({ connection: redisUrl(flags), name: flags.name, store: storeOf(flags) });
  try {
    return await work(queue);
  } catch (error) {
    if (error instanceof QueueError) throw new UsageError(error.message);
    throw error;
  } finally {
    await queue.close();
  }
}

type SubmitFlags = QueueFlags & GenerationFlags & { wait?: boolean; priority?: string; timeout?: string };

async function waitAndSave(io: CliIo, job: QueuedJob, flags: SubmitFlags): Promise<void> {
  const bar = new SingleBar({
    format: '{bar} {percentage}% | {status}',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  for await (const report of job.progress({ intervalMs: 250 })) {
    const status = report.done
      ? 'done'
      : report.queued
        ? `queued #${report.queuePosition ?? '?'}`
        : `${report.backend ?? ''} ${report.step ?? ''}/${report.steps ?? ''}`;
    if (!started) bar.start(100, 0, { status });
    started = true;
    bar.update(Math.round(report.progress * 100), { status });
  }
  if (started) bar.stop();
  const result = await job;
  const dir = flags.outDir ?? '.';
  const paths = result.images.map((image, index) =>
    flags.output && result.images.length === 1 ? flags.output : join(dir, `${job.id}-${index}.png`),
  );
  for (const [index, image] of result.images.entries()) {
    await mkdir(join(paths[index]!, '..'), { recursive: true });
    await writeFile(paths[index]!, image.bytes);
  }
  const summary = { id: job.id, backend: result.backend, images: paths };
  io.out(flags.json ? JSON.stringify(summary, null, 2) : `${job.id} done on ${result.backend}\n${paths.join('\n')}`);
}

export function registerQueueCommands(program: Command, io: CliIo): void {
  const queue = program.command('queue').description('submit jobs to, and watch, a queue served by `sdwebui worker`');

  withQueueFlags(queue.command('submit').description('queue a txt2img job').argument('<prompt>', 'the prompt'))
    .option('--negative <text>', 'negative prompt')
    .option('--steps <n>', 'sampling steps')
    .option('--model <name>', 'checkpoint: only backends that have it run the job')
    .option('--sampler <name>', 'sampler, e.g. "DPM++ 2M"')
    .option('--size <WxH>', 'image size, e.g. 512x768')
    .option('--seed <n>', 'seed (-1: random)')
    .option('--cfg <scale>', 'CFG scale')
    .option('--priority <n>', '1 (first) … 2097152 (last); default 1000')
    .option('--timeout <ms>', 'longest run on a backend')
    .option('--wait', 'wait for the result with a progress bar and write the images')
    .option('-o, --output <file>', 'with --wait: where to write the image')
    .option('--out-dir <dir>', 'with --wait: folder for the images, named <job id>-<index>.png')
    .action(async (prompt: string, flags: SubmitFlags) => {
      await withQueue(flags, async (queue) => {
        const job = queue.txt2img(
          { prompt, ...generationParams(flags) },
          {
            ...(flags.model ? { model: flags.model } : {}),
            ...(flags.priority ? { priority: parsePositiveInt(flags.priority, '--priority') } : {}),
            ...(flags.timeout ? { timeoutMs: parsePositiveInt(flags.timeout, '--timeout') } : {}),
          },
        );
        await job.accepted;
        if (!flags.wait) return io.out(flags.json ? JSON.stringify({ id: job.id }) : job.id);
        io.err(`queued ${job.id}`);
        await waitAndSave(io, job, flags);
      });
    });

  withQueueFlags(
    queue.command('status').description('queue totals and backends, or one job').argument('[id]', 'a job id'),
  ).action(async (id: string | undefined, flags: QueueFlags) => {
    await withQueue(flags, async (queue) => {
      if (id === undefined) {
        const stats = await queue.stats();
        if (flags.json) return io.out(JSON.stringify(stats, null, 2));
        io.out(
          `waiting ${stats.waiting}  active ${stats.active}  completed ${stats.completed}  ` +
            `failed ${stats.failed}  last minute ${stats.completedLastMinute}`,
        );
        for (const backend of stats.backends) {
          const state = backend.stale ? 'stale' : backend.healthy ? 'up' : 'down';
          io.out(
            `${backend.id}  ${state}  ${backend.activeJob ? `running ${backend.activeJob}` : 'idle'}  ` +
              `done ${backend.completed}  model ${backend.model ?? '?'}`,
          );
        }
        return;
      }
      const job = queue.get(id);
      const state = await job.state();
      if (state === 'unknown') {
        io.err(`error: no job ${id} in queue ${flags.name}`);
        throw new ExitCode(1);
      }
      const found = (await queue.list(1000)).find((summary) => summary.id === id);
      const value = { id, state, backend: found?.backend ?? null, failedReason: found?.failedReason ?? null };
      io.out(
        flags.json
          ? JSON.stringify(value, null, 2)
          : `${id}  ${state}${value.backend ? ` on ${value.backend}` : ''}` +
              `${value.failedReason ? `: ${value.failedReason}` : ''}`,
      );
    });
  });

  withQueueFlags(queue.command('ls').description('the newest jobs'))
    .option('--limit <n>', 'how many', '20')
    .action(async (flags: QueueFlags & { limit: string }) => {
      await withQueue(flags, async (queue) => {
        const jobs = await queue.list(parsePositiveInt(flags.limit, '--limit'));
        if (flags.json) return io.out(JSON.stringify(jobs, null, 2));
        for (const job of jobs)
          io.out(`${job.id}  ${job.state.padEnd(9)} ${job.backend ?? '-'}  ${(job.prompt ?? '').slice(0, 60)}`);
      });
    });
}
