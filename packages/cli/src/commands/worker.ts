import type { Command } from 'commander';
import { createWorker, QueueError, type WorkerEvent } from '@sdwebui/queue';
import { UsageError } from '../errors.js';
import type { CliIo } from '../io.js';
import type { MockCommandHooks } from './mock.js';
import { redisUrl, storeOf, withQueueFlags, type QueueFlags } from './queue.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

function describe(event: WorkerEvent): string {
  const { type, ...rest } = event;
  return `${type} ${Object.entries(rest)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ')}`;
}

export function registerWorkerCommand(program: Command, io: CliIo, hooks: MockCommandHooks = {}): void {
  withQueueFlags(program.command('worker').description('feed a pool of webuis from the queue, one job at a time each'))
    .option('--backend <url>', 'a webui, e.g. http://user:pass@gpu-1:7860 (repeatable)', collect, [])
    .option(
      '--hand-back',
      'on SIGINT/SIGTERM interrupt running jobs and put them back in the queue (default: let them finish)',
    )
    .action(async (flags: QueueFlags & { backend: string[]; handBack?: boolean }) => {
      if (flags.backend.length === 0) throw new UsageError('give at least one --backend <url>');
      let worker;
      try {
        worker = await createWorker({
          connection: redisUrl(flags),
          name: flags.name,
          store: storeOf(flags),
          backends: flags.backend.map((url) => ({ url })),
        });
      } catch (error) {
        if (error instanceof QueueError) throw new UsageError(error.message);
        throw error;
      }
      worker.on('event', (event: WorkerEvent) =>
        io.out(flags.json ? JSON.stringify({ at: new Date().toISOString(), ...event }) : describe(event)),
      );
      io.err(
        `worker on queue ${flags.name}: ` +
          worker.backends.map((backend) => `${backend.id} (${backend.healthy ? 'up' : 'down'})`).join(', '),
      );
      await (hooks.untilStopped ?? untilSignal)();
      io.err(flags.handBack ? 'stopping: handing running jobs back…' : 'stopping: letting running jobs finish…');
      await worker.close({ handBack: flags.handBack === true });
    });
}
