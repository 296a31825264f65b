// Recorder figures: `sdwebui record` handling one 60 MB body of small JSON objects (issue #23, item 6),
// from the webui and from a client, against a bare node:http proxy piping the same bytes. Each run
// starts fresh processes, so the peak RSS is that one request's.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, RUNS, stats } from './stats.mjs';

const MiB = 2 ** 20;
/** Issue #23's bound on any one request's hold on the event loop. */
const STALL_LIMIT_MS = 100;
const STALL_SLACK = 1.5;

/** `{"items":[{"i":0,"s":"ab"},…]}` of about 60 MB: millions of values, the recorder's worst kind of body. */
function smallObjects(bytes = 60e6) {
  const items = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const item = `{"i":${i},"s":"ab"}`;
    items.push(item);
    size += item.length + 1;
  }
  return Buffer.from(`{"items":[${items.join(',')}]}`);
}

/** A webui stand-in in this process: answers `/big` with `body`, anything else with `{}`. */
async function upstream(body) {
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(request.url === '/big' ? body : '{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Starts the recorder (or the bare proxy) process. */
async function startProxy(target, outDir, mode) {
  const script = new URL('../servers/recorder.mjs', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, target, outDir, ...(mode ? [mode] : [])], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [chunk] = await once(child.stdout, 'data');
  return {
    url: String(chunk).trim(),
    report: () => new Promise((resolve) => (child.once('message', resolve), child.send('report'))),
    stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))),
  };
}

function post(url, body) {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': body.length };
    const request = httpRequest(url, { method: 'POST', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** One request through a fresh proxy: its longest event-loop delay and peak RSS. */
async function oneRun(target, mode, path, body) {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-bench-recorder-'));
  const proxy = await startProxy(target, dir, mode);
  try {
    const status = await post(`${proxy.url}${path}`, body);
    if (status !== 200) throw new Error(`${mode ?? 'recorder'} ${path}: status ${status}`);
    return await proxy.report();
  } finally {
    await proxy.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function recorderFigures() {
  const body = smallObjects();
  const webui = await upstream(body);
  const figures = [];
  try {
    for (const [label, path, sent] of [
      ['from the webui', '/big', Buffer.from('{}')],
      ['from a client', '/small', body],
    ]) {
      const subject = [];
      const baseline = [];
      for (let run = 0; run <= RUNS; run++) {
        const measured = await oneRun(webui.url, undefined, path, sent);
        const bare = await oneRun(webui.url, 'bare', path, sent);
        if (run === 0) continue; // warm-up
        subject.push(measured);
        baseline.push(bare);
      }
      const pick = (runs, key, scale = 1) => stats(runs.map((run) => run[key] / scale));
      const stalls = pick(baseline, 'maxDelayMs');
      // On a machine so busy that even the bare proxy stalls, the bound grows with it.
      const limit = Math.max(STALL_LIMIT_MS, STALL_SLACK * stalls.median);
      figures.push(
        figure({
          name: `recorder: longest event-loop stall recording 60 MB of small JSON objects ${label} (baseline: a bare piping proxy)`,
          unit: 'ms',
          value: pick(subject, 'maxDelayMs'),
          baseline: stalls,
          absolute: Object.assign((ms) => ms <= limit, {
            text: `<= ${STALL_LIMIT_MS} ms (or ${STALL_SLACK}x baseline)`,
          }),
        }),
        figure({
          name: `recorder: peak RSS recording 60 MB of small JSON objects ${label} (baseline: a bare piping proxy)`,
          unit: 'MiB',
          value: pick(subject, 'peakRss', MiB),
          baseline: pick(baseline, 'peakRss', MiB),
          target: 3,
          better: 'lower',
        }),
      );
    }
  } finally {
    await webui.close();
  }
  return figures;
}
