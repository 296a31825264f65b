import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { collect, wholeNumber } from '../flag-values/index.js';
import type { GenerationFlags, GenerationSettings } from '../generation/request.js';
import type { QueueFlags } from '../queue-session/index.js';
import { printable, printableJson } from '../terminal-text/index.js';
import { withHiresFlags, withRequestFlags } from './generate.js';
import { loadOptionalPeer } from '../optional-peers/index.js';
import { registerQueueDashboardCommands } from './queue-dashboard.js';
import { noticeWithHint, registerQueueJobCommands } from './queue-jobs.js';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function queueName(value: string): string {
  if (!QUEUE_NAME.test(value)) throw new UsageError('--name must be 1–64 letters, digits, - or _');
  return value;
}

const replicasFlag = (value: string) => wholeNumber(value, '--wait-replicas', { min: 1, max: 100 });
const priorityFlag = (value: string) => wholeNumber(value, '--priority', { min: 1, max: 2_097_152 });
const timeoutFlag = (value: string) => wholeNumber(value, '--timeout', { min: 1, max: 86_400_000 });

/**
 * `--redis` (or `--sentinel` + `--sentinel-name`, or `--cluster`), `--name`, `--store`, `--json`. No
 * default shown for --redis: `--help` would print REDIS_URL, password included.
 */
export function withQueueFlags(command: Command): Command {
  return command
    .option('--redis <url>', 'Redis holding the queue, e.g. redis://127.0.0.1:6379 (default: $REDIS_URL)')
    .option(
      '--sentinel <host:port>',
      'a Redis Sentinel watching the primary (repeatable; with --sentinel-name; password: $REDIS_PASSWORD)',
      collect,
    )
    .option('--sentinel-name <name>', 'the primary the sentinels watch, e.g. mymaster')
    .option('--cluster <host:port>', 'a node of a Redis Cluster (repeatable; password: $REDIS_PASSWORD)', collect)
    .option(
      '--wait-replicas <n>',
      'accept a submission, and send a job to a backend, only once n replicas hold it (Redis WAIT; not with --cluster)',
      replicasFlag,
    )
    .option('--name <name>', 'queue name shared by producers and workers', queueName, 'sdwebui')
    .option('--store <dir>', 'result folder shared by producers and workers (default: <tmpdir>/sdwebui-queue/<name>)')
    .option('--json', 'print machine-readable JSON on stdout');
}

type SubmitFlags = QueueFlags &
  GenerationFlags & { wait?: boolean; priority?: number; timeout?: number; tenant?: string; callbackUrl?: string };

/** `--vae` and `--clip-skip` travel in the request: the worker passes only the model and timeout on. */
function withSettings(request: Record<string, unknown>, settings: GenerationSettings): Record<string, unknown> {
  if (settings.vae === undefined && settings.clipSkip === undefined) return request;
  const given = request.override_settings ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    throw new UsageError('override_settings (from --body or --set) must be a JSON object');
  return {
    ...request,
    override_settings: {
      ...given,
      ...(settings.vae !== undefined ? { sd_vae: settings.vae } : {}),
      ...(settings.clipSkip !== undefined ? { CLIP_stop_at_last_layers: settings.clipSkip } : {}),
    },
  };
}

async function submit(prompt: string, flags: SubmitFlags, context: CliContext): Promise<void> {
  if (!flags.wait && (flags.output !== undefined || flags.outDir !== undefined || flags.overwrite))
    throw new UsageError("-o, --out-dir and --overwrite need --wait (without it the images stay in the queue's store)");
  if (flags.output !== undefined && flags.outDir !== undefined)
    throw new UsageError('use -o FILE or --out-dir DIR, not both');
  const { generationRequest, generationSettings } = await import('../generation/request.js');
  const settings = generationSettings(flags);
  const request = withSettings(await generationRequest(flags, { prompt }), settings);
  const { possibleOutputPaths, refuseExisting } = await import('../output-files/index.js');
  // Spare the GPUs a job whose image could not be written (-o names one file, by any image extension).
  if (flags.wait && flags.output !== undefined)
    await refuseExisting(possibleOutputPaths(flags.output), flags.overwrite === true);
  const { withQueue } = await loadOptionalPeer('@sdwebui/queue', () => import('../queue-session/index.js'));
  await withQueue(flags, context, async (queue) => {
    const job = queue.txt2img(request as { prompt: string }, {
      ...(settings.model !== undefined ? { model: settings.model } : {}),
      ...(flags.priority !== undefined ? { priority: flags.priority } : {}),
      ...(flags.timeout !== undefined ? { timeoutMs: flags.timeout } : {}),
      ...(flags.tenant !== undefined ? { tenant: flags.tenant } : {}),
      ...(flags.callbackUrl !== undefined ? { callbackUrl: flags.callbackUrl } : {}),
    });
    await job.accepted;
    if (!flags.wait) return context.io.out(flags.json ? printableJson({ id: job.id }) : job.id);
    context.io.err(`queued ${job.id}`);
    // Waiting for a job nothing will run: say so now, not after the person gives up.
    const { notice } = await queue.stats();
    if (notice) context.io.err(printable(`warning: ${noticeWithHint(notice)}`));
    const { waitForImages } = await import('../queue-results/index.js');
    await waitForImages(
      job,
      {
        target: flags.output !== undefined ? { file: flags.output } : { dir: flags.outDir ?? '.' },
        overwrite: flags.overwrite === true,
        json: flags.json === true,
      },
      context,
    );
  });
}

export function registerQueueCommands(program: Command, context: CliContext): void {
  const queue = program.command('queue').description('submit jobs to, and watch, a queue served by `sdwebui worker`');

  withHiresFlags(
    withRequestFlags(
      withQueueFlags(
        queue
          .command('submit')
          .description('queue a txt2img job (same flags as txt2img; --model: only backends that have it run it)')
          .argument('<prompt>', 'the prompt'),
      ),
    ),
  )
    .option('--priority <n>', '1 (first) … 2097152 (last); default 1000', priorityFlag)
    .option('--timeout <ms>', 'longest run on a backend, 1–86400000', timeoutFlag)
    .option(
      '--tenant <name>',
      'who the job is for (team, user, key id; shown on the dashboard): tenants share the backends',
    )
    .option(
      '--callback-url <url>',
      'an http(s) URL the worker POSTs the outcome to, signed (the worker needs --webhook-secret)',
    )
    .option('--wait', 'wait for the result with a progress bar and write the images (-o, --out-dir)')
    .action((prompt: string, flags: SubmitFlags) => submit(prompt, flags, context));

  registerQueueJobCommands(queue, context, withQueueFlags);
  registerQueueDashboardCommands(queue, context, withQueueFlags);
}
