import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { UsageError } from '../errors.js';
import { collect, wholeNumber } from '../flag-values/index.js';
import type { QueueFlags } from '../queue-session/index.js';
import { printable, printableJson } from '../terminal-text/index.js';
import { untilSignal } from './mock.js';
import { loadOptionalPeer } from '../optional-peers/index.js';

const portFlag = (value: string) => wholeNumber(value, '--port', { min: 0, max: 65_535 });
const weightFlag = (value: string) => wholeNumber(value, '--weight', { min: 1, max: 1_000 });
const runningFlag = (value: string) => wholeNumber(value, '--max-running', { min: 1, max: 1_000_000 });
const waitingFlag = (value: string) => wholeNumber(value, '--max-waiting', { min: 0, max: 1_000_000 });

type DashboardFlags = QueueFlags & { port: number; host: string; token?: string; allowHost: string[] };
type TenantFlags = QueueFlags & { weight?: number; maxRunning?: number; maxWaiting?: number };

/** `queue dashboard` and `queue tenant`. */
export function registerQueueDashboardCommands(
  queue: Command,
  context: CliContext,
  withQueueFlags: (command: Command) => Command,
): void {
  const { io, env, hooks } = context;
  withQueueFlags(
    queue
      .command('dashboard')
      .description('serve a web page of the queue: backends, tenants, jobs with cancel and retry (Ctrl-C stops)'),
  )
    .option('--port <n>', 'port to listen on (0: a free one)', portFlag, 7870)
    .option('--host <host>', 'interface to bind (another than loopback needs --token)', '127.0.0.1')
    .option('--token <token>', 'required of every request, 16+ characters (default: $SDWEBUI_DASHBOARD_TOKEN)')
    .option(
      '--allow-host <name>',
      'a host name the dashboard answers to besides loopback (a proxy’s; repeatable)',
      collect,
      [],
    )
    .action(async (flags: DashboardFlags) => {
      const token = flags.token ?? (env.SDWEBUI_DASHBOARD_TOKEN || undefined);
      const { asUsageError, queueConnection } = await loadOptionalPeer(
        '@sdwebui/queue',
        () => import('../queue-session/index.js'),
      );
      const { connection, store } = await queueConnection(flags, context);
      const { serveDashboard } = await loadOptionalPeer('@sdwebui/queue', () => import('@sdwebui/queue/dashboard'));
      const server = await serveDashboard({
        connection,
        name: flags.name,
        store,
        port: flags.port,
        host: flags.host,
        allowedHosts: flags.allowHost,
        ...(token !== undefined ? { token } : {}),
      }).catch((error: unknown) => {
        throw asUsageError(error);
      });
      io.err(printable(`dashboard of queue ${flags.name} on ${server.url}${token ? ' (token required)' : ''}`));
      await (hooks.untilStopped ?? untilSignal)();
      await server.close();
    });

  withQueueFlags(
    queue
      .command('tenant')
      .description("set a tenant's share and caps (the values given replace its earlier ones), then show it")
      .argument('<name>', 'the tenant, as jobs name it (--tenant)'),
  )
    .option('--weight <n>', 'its share when tenants compete, 1–1000 (default 1)', weightFlag)
    .option('--max-running <n>', 'most of its jobs running at once over every worker', runningFlag)
    .option('--max-waiting <n>', 'most of its jobs waiting; more are refused (QuotaError)', waitingFlag)
    .action(async (name: string, flags: TenantFlags) => {
      const limits = {
        ...(flags.weight !== undefined ? { weight: flags.weight } : {}),
        ...(flags.maxRunning !== undefined ? { maxRunning: flags.maxRunning } : {}),
        ...(flags.maxWaiting !== undefined ? { maxWaiting: flags.maxWaiting } : {}),
      };
      const { asUsageError, queueConnection } = await loadOptionalPeer(
        '@sdwebui/queue',
        () => import('../queue-session/index.js'),
      );
      const { connection, store } = await queueConnection(flags, context);
      const { createQueue } = await loadOptionalPeer('@sdwebui/queue', () => import('@sdwebui/queue'));
      let queue: ReturnType<typeof createQueue>;
      try {
        const setting = Object.keys(limits).length > 0;
        queue = createQueue({
          connection,
          name: flags.name,
          store,
          ...(setting ? { tenants: { [name]: limits } } : {}),
        });
      } catch (error) {
        throw asUsageError(error);
      }
      try {
        const found = (await queue.stats()).tenants.find((tenant) => tenant.name === name);
        if (!found)
          throw new UsageError(
            `no tenant ${JSON.stringify(name)} in queue ${flags.name} (give --weight, --max-running or --max-waiting to set one)`,
          );
        io.out(
          flags.json
            ? printableJson(found, 2)
            : printable(
                `tenant ${found.name}  weight ${found.weight}  max running ${found.maxRunning ?? '-'}  ` +
                  `max waiting ${found.maxWaiting ?? '-'}  waiting ${found.waiting}  running ${found.running}`,
              ),
        );
      } finally {
        await queue.close();
      }
    });
}
