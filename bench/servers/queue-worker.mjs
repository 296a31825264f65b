// A queue worker in its own process, for the scale figures: its RSS is the worker's alone. Reads
// REDIS_URL, QUEUE_NAME, STORE_DIR and BACKENDS (JSON list of URLs); tells its parent (IPC) when each
// job starts, and answers `rss` with its resident set after a GC (run with --expose-gc).
import { createFileStore, createWorker } from '@sdwebui/queue';

const worker = await createWorker({
  connection: process.env.REDIS_URL,
  name: process.env.QUEUE_NAME,
  store: createFileStore({ dir: process.env.STORE_DIR }),
  backends: JSON.parse(process.env.BACKENDS).map((url) => ({ url })),
});
worker.on('event', (event) => {
  if (event.type === 'job-started') process.send({ type: 'started', jobId: event.jobId, at: Date.now() });
});
process.on('message', async (message) => {
  if (message === 'rss') {
    globalThis.gc?.();
    process.send({ type: 'rss', rss: process.memoryUsage().rss });
  }
  if (message === 'close') {
    await worker.close();
    process.exit(0);
  }
});
process.send({ type: 'ready' });
