/**
 * One worker process of the farm: `node worker-process.js <json>` with `{ redisUrl, name,
 * storeDir, backends }`. Prints `ready` once it takes jobs, and one JSON line per event; on
 * SIGTERM it lets running jobs finish and exits.
 */
import { createFileStore, createWorker, type WorkerEvent } from '@sdwebui/queue';

const config = JSON.parse(process.argv[2] ?? '{}') as {
  redisUrl: string;
  name: string;
  storeDir: string;
  backends: string[];
};
const worker = await createWorker({
  connection: config.redisUrl,
  name: config.name,
  store: createFileStore({ dir: config.storeDir }),
  backends: config.backends.map((url) => ({ url })),
  healthIntervalMs: 1_000,
});
worker.on('event', (event: WorkerEvent) => process.stdout.write(`${JSON.stringify(event)}\n`));
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void worker.close().then(() => process.exit(0));
});
