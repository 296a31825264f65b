// Runtime figures (#26): the mock served by Bun (`Bun.serve`, the package's `bun` entry) and by Deno
// (`Deno.serve`, its `deno` entry) against the same mock on Node (@hono/node-server), each in its own
// process, taking turns in the same rounds. The runtimes are the runtime matrix's pinned ones
// (installed into its cache on first use). No target: these say how the runtimes compare, not a bar.
import { DENO_RUN, ensureRuntimes } from '@sdwebui/runtime-matrix/runtimes';
import { RUNS, figure, stats } from './stats.mjs';
import { rotate, startServer } from './http.mjs';

const TXT2IMG = JSON.stringify({ prompt: 'puppy dog', steps: 1, seed: 1, width: 64, height: 64 });
const REQUESTS = [
  { label: 'GET /sdapi/v1/samplers', path: '/sdapi/v1/samplers', options: { connections: 10 } },
  {
    label: 'POST /sdapi/v1/txt2img 64x64',
    path: '/sdapi/v1/txt2img',
    options: { connections: 10, method: 'POST', body: TXT2IMG, headers: { 'content-type': 'application/json' } },
  },
];

export async function runtimeFigures() {
  const runtimes = await ensureRuntimes((line) => console.log(`bench: ${line}`));
  const deno = [runtimes.deno, ...DENO_RUN];
  const servers = {
    node: await startServer('servers/mock.mjs'),
    bun: await startServer('servers/mock.mjs', [], { runtime: [runtimes.bun] }),
    deno: await startServer('servers/mock.mjs', [], { runtime: deno }),
  };
  const figures = [];
  try {
    for (const request of REQUESTS) {
      const [node, bun, denoRuns] = await rotate(
        [servers.node, servers.bun, servers.deno].map((server) => `${server.url}${request.path}`),
        request.options,
      );
      const rps = (runs) => stats(runs.map((run) => run.rps));
      for (const [name, runs] of [
        ['Bun 1.4.5 (Bun.serve)', bun],
        ['Deno 2.9.6 (Deno.serve)', denoRuns],
      ]) {
        figures.push({
          ...figure({
            name: `mock on ${name} vs on Node ${process.versions.node} (@hono/node-server), ${request.label}, requests/s, ${RUNS} rounds`,
            unit: 'req/s',
            value: rps(runs),
            baseline: rps(node),
            target: 0,
          }),
          target: 'none (reference)',
        });
      }
    }
  } finally {
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
  return figures;
}
