import type { Command } from 'commander';
import type { JobSummary, QueueStats } from '@sdwebui/queue';
import type { CliContext } from '../context.js';
import { ExitCode } from '../errors.js';
import { wholeNumber } from '../flag-values/index.js';
import type { QueueFlags } from '../queue-session/index.js';
import { printable, printableJson } from '../terminal-text/index.js';
import { loadOptionalPeer } from '../optional-peers/index.js';

const limitFlag = (value: string) => wholeNumber(value, '--limit', { min: 1, max: 1_000 });

/** Where the queue stands, in the words `queue ls` and `queue status ID` use for a job. */
function totalsLines(stats: QueueStats): string[] {
  const lines = [
    `waiting ${stats.waiting + stats.delayed}  running ${stats.active}  done ${stats.completed}  ` +
      `failed ${stats.failed}  cancelled ${stats.cancelled}  last minute ${stats.completedLastMinute}`,
  ];
  for (const backend of stats.backends) {
    const state = backend.stale ? 'stale' : backend.healthy ? 'up' : `down (${backend.downReason ?? 'not answering'})`;
    const running = backend.activeJob ? `running ${backend.activeJob}` : 'idle';
    lines.push(`${backend.id}  ${state}  ${running}  done ${backend.completed}  model ${backend.model ?? '?'}`);
  }
  for (const tenant of stats.tenants) {
    const cap = (value: number, max: number | null) => (max === null ? `${value}` : `${value}/${max}`);
    lines.push(
      `tenant ${tenant.name}  weight ${tenant.weight}  waiting ${cap(tenant.waiting, tenant.maxWaiting)}  ` +
        `running ${cap(tenant.running, tenant.maxRunning)}  done ${tenant.completed}  failed ${tenant.failed}  ` +
        `cancelled ${tenant.cancelled}`,
    );
  }
  if (stats.notice) lines.push(`note: ${noticeWithHint(stats.notice)}`);
  return lines.map(printable);
}

/** The queue's notice, with what to do about it from a terminal. */
export function noticeWithHint(notice: string): string {
  return notice.startsWith('no worker serves')
    ? `${notice} (start one: sdwebui worker --backend URL)`
    : `${notice} (see sdwebui queue status)`;
}

/** One job on one line: `j-…  waiting (#2 in line)`, `j-…  done on host:port`, `j-…  failed: reason`. */
function jobLine(job: JobSummary): string {
  const where = job.state === 'waiting' ? (job.position !== null ? ` (#${job.position} in line)` : '') : '';
  const on = (job.state === 'running' || job.state === 'done') && job.backend ? ` on ${job.backend}` : '';
  const why = job.failedReason && (job.state === 'failed' || job.state === 'cancelled') ? `: ${job.failedReason}` : '';
  return printable(`${job.id}  ${job.state}${where}${on}${why}`);
}

/** `queue status [ID]`, `queue ls`, `queue cancel ID`, `queue retry ID`. */
export function registerQueueJobCommands(
  queue: Command,
  context: CliContext,
  withQueueFlags: (command: Command) => Command,
): void {
  const { io } = context;
  withQueueFlags(
    queue.command('status').description('queue totals, backends and tenants, or one job').argument('[id]', 'a job id'),
  ).action(async (id: string | undefined, flags: QueueFlags) => {
    const { withQueue } = await loadOptionalPeer('@sdwebui/queue', () => import('../queue-session/index.js'));
    await withQueue(flags, context, async (queue) => {
      const stats = await queue.stats();
      if (id === undefined) {
        if (flags.json) return io.out(printableJson(stats, 2));
        for (const line of totalsLines(stats)) io.out(line);
        return;
      }
      const { JobNotFoundError } = await loadOptionalPeer('@sdwebui/queue', () => import('@sdwebui/queue'));
      const summary = await queue
        .get(id)
        .summary()
        .catch((error: unknown) => {
          if (!(error instanceof JobNotFoundError)) throw error;
          io.err(`error: no job ${id} in queue ${flags.name}`);
          throw new ExitCode(1);
        });
      if (flags.json) return io.out(printableJson(summary, 2));
      io.out(jobLine(summary));
      if (summary.state === 'waiting' && stats.notice) io.out(printable(`note: ${noticeWithHint(stats.notice)}`));
    });
  });

  withQueueFlags(queue.command('ls').description('the newest jobs: state, tenant, backend, prompt'))
    .option('--limit <n>', 'how many, 1–1000', limitFlag, 20)
    .action(async (flags: QueueFlags & { limit: number }) => {
      const { withQueue } = await loadOptionalPeer('@sdwebui/queue', () => import('../queue-session/index.js'));
      await withQueue(flags, context, async (queue) => {
        const jobs = await queue.list(flags.limit);
        if (flags.json) return io.out(printableJson(jobs, 2));
        for (const job of jobs)
          io.out(
            printable(
              `${job.id}  ${job.state.padEnd(9)} ${(job.tenant ?? '-').slice(0, 20).padEnd(12)} ${job.backend ?? '-'}  ` +
                `${(job.prompt ?? '').slice(0, 60)}`,
            ),
          );
      });
    });

  for (const [name, description] of [
    ['cancel', 'cancel a job: a waiting one is removed, a running one is interrupted on its backend'],
    ['retry', 'run a failed or cancelled job again (its tenant’s maxWaiting applies)'],
  ] as const) {
    withQueueFlags(queue.command(name).description(description).argument('<id>', 'a job id')).action(
      async (id: string, flags: QueueFlags) => {
        const { withQueue } = await loadOptionalPeer('@sdwebui/queue', () => import('../queue-session/index.js'));
        await withQueue(flags, context, async (queue) => {
          const { JobNotFoundError, QueueError, QueueConfigError } = await loadOptionalPeer(
            '@sdwebui/queue',
            () => import('@sdwebui/queue'),
          );
          const job = queue.get(id);
          try {
            const before = await job.summary();
            if (name === 'cancel' && before.state !== 'waiting' && before.state !== 'running') {
              io.err(printable(`${id} is ${before.state} already: nothing to cancel`));
            } else if (name === 'cancel') await job.cancel();
            else await job.retry();
            const after = await job.summary();
            io.out(flags.json ? printableJson(after, 2) : jobLine(after));
          } catch (error) {
            if (error instanceof JobNotFoundError) io.err(`error: no job ${id} in queue ${flags.name}`);
            else if (error instanceof QueueError && !(error instanceof QueueConfigError))
              io.err(printable(`error: ${error.message}`));
            else throw error;
            throw new ExitCode(1);
          }
        });
      },
    );
  }
}
