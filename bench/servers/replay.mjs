// The mock replaying a recorded 512x512 txt2img (recorded through `sdwebui record`'s code from
// another mock, then loaded as cassettes), as `sdwebui mock --recordings DIR` runs it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockServer, createRecordingServer } from '@sdwebui/mock';
import './memory.mjs';

const dir = await mkdtemp(join(tmpdir(), 'sdwebui-bench-cassettes-'));
const upstream = await createMockServer({ port: 0 });
const recorder = await createRecordingServer({ target: upstream.url, outDir: dir, port: 0 });
await (
  await fetch(`${recorder.url}/sdapi/v1/txt2img`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'puppy dog', steps: 20, seed: 1 }),
  })
).arrayBuffer();
await recorder.close();
await upstream.close();
const server = await createMockServer({ port: 0, recordings: dir, strict: true, logRequests: false });
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () =>
  server
    .close()
    .then(() => rm(dir, { recursive: true, force: true }))
    .then(() => process.exit(0)),
);
