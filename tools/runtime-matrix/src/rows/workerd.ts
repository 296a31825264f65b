import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { CheckResult, SubsetTarget } from '../subset/index.js';
import { RowError } from './script.js';

/**
 * The Worker script: the subset and the SDK's `workerd` build in one ES module, as an app bundling
 * for Cloudflare would make it (esbuild, conditions `workerd` then `worker` then `browser`). No
 * `nodejs_compat`: a `node:` import left in it would fail the row.
 */
async function bundleWorker(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../entries/worker.js', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text as string;
}

/** A port free right now on loopback (workerd takes its sockets from its config, not port 0). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** workerd's config: one Worker on a loopback socket, whose outbound `fetch` may reach loopback only. */
function configFor(port: number): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "matrix", worker = .matrixWorker),
    (name = "loopback", network = (allow = ["local"], deny = [])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "matrix")],
);
const matrixWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2026-11-01",
  globalOutbound = "loopback",
);
`;
}

/** Runs the subset in a Worker on `workerd` (the binary at `binary`), calling the mock over loopback. */
export async function runInWorkerd(binary: string, target: SubsetTarget, timeoutMs: number): Promise<CheckResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sdwebui-workerd-'));
  const port = await freePort();
  await writeFile(join(dir, 'worker.js'), await bundleWorker());
  await writeFile(join(dir, 'config.capnp'), configFor(port));
  const child = spawn(binary, ['serve', 'config.capnp'], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-16 * 1024);
  });
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new RowError(`workerd exited ${code}\n${stderr.slice(-2000)}`))),
  );
  exited.catch(() => {});
  const deadline = Date.now() + timeoutMs;
  const query = new URLSearchParams({ baseUrl: target.baseUrl, auth: target.auth, digest: target.referenceDigest });
  try {
    for (;;) {
      const answer = await Promise.race([
        fetch(`http://127.0.0.1:${port}/?${query}`, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) })
          .then(async (response) => ({ status: response.status, body: await response.text() }))
          .catch((error: Error) => error),
        exited,
      ]);
      if (!(answer instanceof Error)) {
        if (answer.status !== 200)
          throw new RowError(`the Worker answered ${answer.status}: ${answer.body.slice(0, 2000)}`);
        return JSON.parse(answer.body) as CheckResult[];
      }
      // Refused until workerd has bound its socket: try again shortly, until the deadline.
      if (Date.now() + 100 >= deadline)
        throw new RowError(`workerd did not answer: ${answer.message}\n${stderr.slice(-2000)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    child.kill('SIGKILL');
    await rm(dir, { recursive: true, force: true });
  }
}
