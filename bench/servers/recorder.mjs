// The recorder (`sdwebui record`) in a process of its own, for the recorder figures: `node recorder.mjs
// TARGET OUT_DIR [bare]` prints its URL, and on the IPC message 'report' sends the longest event-loop
// delay it saw (perf_hooks' histogram, 10 ms resolution) and its peak RSS. With `bare`, a plain
// node:http proxy that pipes both bodies through instead (the baseline: what relaying the bytes costs).
import { request as httpRequest, createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const [target, outDir, mode] = process.argv.slice(2);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();

let url;
let close;
if (mode === 'bare') {
  const upstream = new URL(target);
  const server = createServer((request, response) => {
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: request.url,
        method: request.method,
        headers: request.headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    request.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${server.address().port}`;
  close = () => new Promise((resolve) => server.close(resolve));
} else {
  const { createRecordingServer } = await import('@sdwebui/mock');
  const recorder = await createRecordingServer({ target, outDir, port: 0 });
  url = recorder.url;
  close = () => recorder.close();
}
process.on('message', (message) => {
  if (message !== 'report') return;
  process.send?.({ maxDelayMs: delay.max / 1e6, peakRss: process.resourceUsage().maxRSS * 1024 });
});
process.on('SIGTERM', async () => {
  await close();
  process.exit(0);
});
// Only the request is measured, not the start (module loading).
delay.reset();
process.stdout.write(`${url}\n`);
