// Shared by every bench server: asked over IPC ('memory'), collects garbage when the process was
// started with --expose-gc, then reports its memory, so RSS is compared after the same cleanup.
process.on('message', (message) => {
  if (message !== 'memory') return;
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed });
});
