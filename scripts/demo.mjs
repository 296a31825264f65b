// The main job, end to end against the embedded mock webui: start the mock → pull its
// /openapi.json → normalize + generate → a typed call; then the API guide with the SDK
// (apps/node-quickstart), which leaves output.png in the current folder.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRawClient } from '@sdwebui/client';
import { createMockServer } from '@sdwebui/mock';
import { pullSpec, runPipeline } from '@sdwebui/spec';

const repo = new URL('..', import.meta.url).pathname;
const work = await mkdtemp(join(tmpdir(), 'sdwebui-demo-'));
const spec = new Uint8Array(await readFile(join(repo, 'spec/captures/a1111-2025-03.openapi.json')));
const mock = await createMockServer({ spec });
try {
  console.log(`1. mock webui listening on ${mock.url}`);
  const pullStarted = performance.now();
  const { meta } = await pullSpec({ url: mock.url, outDir: join(work, 'spec', 'a1111-1.10') });
  const pullMs = Math.round(performance.now() - pullStarted);
  console.log(
    `2. pulled ${meta.bytes} bytes of /openapi.json in ${pullMs} ms (webui ${meta.webuiVersion}, sha256 ${meta.sha256.slice(0, 12)}…)`,
  );

  const started = performance.now();
  const pipeline = await runPipeline({
    specDir: join(work, 'spec'),
    outDir: join(work, 'generated'),
    overlaysDir: join(repo, 'spec/overlays'),
  });
  const elapsed = Math.round(performance.now() - started);
  const report = pipeline.reports['a1111-1.10'];
  const generated = pipeline.files.get(join(work, 'generated', 'a1111-1.10.ts'));
  const committed = await readFile(join(repo, 'packages/client/src/generated/a1111-1.10.ts'), 'utf8');
  console.log(
    `3. normalized + generated in ${elapsed} ms: ${report.corePaths} core paths, ` +
      `${Object.keys(report.extensionPaths).length} extension documents, ${report.overlaysApplied.length} overlay entries; ` +
      (generated === committed
        ? 'identical to the committed @sdwebui/client types'
        : 'differs from the committed types (run pnpm spec:gen)'),
  );

  const api = createRawClient({ baseUrl: mock.url });
  const { data, error } = await api.GET('/internal/sysinfo');
  if (error) throw new Error(`typed call failed: ${JSON.stringify(error)}`);
  console.log(`4. typed call GET /internal/sysinfo → Version ${data.Version}`);
} finally {
  await mock.close();
  await rm(work, { recursive: true, force: true });
}

console.log('\n5. the API guide with the SDK (apps/node-quickstart):');
const quickstart = spawnSync(
  process.execPath,
  [join(repo, 'apps/node-quickstart/dist/main.js'), '--out', join(process.cwd(), 'output.png')],
  { stdio: 'inherit' },
);
process.exitCode = quickstart.status ?? 1;
