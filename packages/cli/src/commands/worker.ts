import type { Command } from 'commander';
import type { WorkerEvent } from '@sdwebui/queue';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { collect } from '../flag-values/index.js';
import type { QueueFlags } from '../queue-session/index.js';
import { splitUrlCredentials } from '../secrets/index.js';
import { printable, printableJson } from '../terminal-text/index.js';
import { untilSignal } from './mock.js';
import { withQueueFlags } from './queue.js';
import { loadOptionalPeer } from '../optional-peers/index.js';

/** One line per event: `job-completed backend=… jobId=… ms=…` (values from backends made printable). */
function eventLine(event: WorkerEvent): string {
  const { type, ...rest } = event;
  const fields = Object.entries(rest).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return printable([type, ...fields].join(' '));
}

type WorkerFlags = QueueFlags & {
  backend: string[];
  handBack?: boolean;
  webhookSecret?: string;
  allowPrivateWebhooks?: boolean;
};

export function registerWorkerCommand(program: Command, context: CliContext): void {
  const { io, hooks, env } = context;
  withQueueFlags(program.command('worker').description('feed a pool of webuis from the queue, one job at a time each'))
    .option(
      '--backend <url>',
      'a webui, e.g. http://gpu-1:7860; user:pass@ in it is never printed (repeatable)',
      collect,
      [],
    )
    .option(
      '--hand-back',
      'on SIGINT/SIGTERM interrupt running jobs and put them back in the queue (default: let them finish)',
    )
    .option(
      '--webhook-secret <secret>',
      "sign and send jobs' callbacks with this secret, whsec_<base64> (default: $SDWEBUI_WEBHOOK_SECRET, which keeps it out of ps)",
    )
    .option(
      '--allow-private-webhooks',
      'let callbacks go to loopback, private and link-local addresses (default: refused)',
    )
    .action(async (flags: WorkerFlags) => {
      if (flags.backend.length === 0) throw new UsageError('give at least one --backend <url>');
      const secret = flags.webhookSecret ?? (env.SDWEBUI_WEBHOOK_SECRET || undefined);
      if (secret === undefined && flags.allowPrivateWebhooks)
        throw new UsageError(
          '--allow-private-webhooks needs a webhook secret (--webhook-secret or SDWEBUI_WEBHOOK_SECRET)',
        );
      const webhooks =
        secret === undefined ? undefined : { secret, allowPrivateAddresses: flags.allowPrivateWebhooks === true };
      const backends = flags.backend.map((text) => {
        const { url, auth } = splitUrlCredentials(text, '--backend');
        return { url, ...(auth !== undefined ? { auth } : {}) };
      });
      const { asUsageError, queueConnection } = await loadOptionalPeer(
        '@sdwebui/queue',
        () => import('../queue-session/index.js'),
      );
      const { connection, store, replicas } = await queueConnection(flags, context);
      const { createWorker } = await loadOptionalPeer('@sdwebui/queue', () => import('@sdwebui/queue'));
      // Async, so that options the queue refuses at construction (a bad secret) reject like the rest.
      const start = async () =>
        createWorker({ connection, name: flags.name, store, backends, ...replicas, ...(webhooks ? { webhooks } : {}) });
      const worker = await start().catch((error: unknown) => {
        throw asUsageError(error);
      });
      worker.on('event', (event: WorkerEvent) =>
        io.out(flags.json ? printableJson({ at: new Date().toISOString(), ...event }) : eventLine(event)),
      );
      io.err(
        printable(
          `worker on queue ${flags.name}: ` +
            worker.backends.map((backend) => `${backend.id} (${backend.healthy ? 'up' : 'down'})`).join(', ') +
            (webhooks ? `; webhooks signed${webhooks.allowPrivateAddresses ? ', private addresses allowed' : ''}` : ''),
        ),
      );
      await (hooks.untilStopped ?? untilSignal)();
      io.err(flags.handBack ? 'stopping: handing running jobs back…' : 'stopping: letting running jobs finish…');
      await worker.close({ handBack: flags.handBack === true });
    });
}
