// Re-creates spec/<target>/openapi.raw.json + meta.json for every target the way a user
// would from a live webui: the mock serves the recorded capture and `pullSpec` downloads it.
import { readFile } from 'node:fs/promises';
import { createMockServer } from '@sdwebui/mock';
import { pullSpec } from '@sdwebui/spec';

const TARGETS = [
  { target: 'a1111-1.4', capture: 'a1111-2023-07.openapi.json' },
  { target: 'a1111-1.7', capture: 'a1111-2024-04.openapi.json' },
  { target: 'a1111-1.10', capture: 'a1111-2025-03.openapi.json' },
];

for (const { target, capture } of TARGETS) {
  const spec = new Uint8Array(await readFile(new URL(`../spec/captures/${capture}`, import.meta.url)));
  const mock = await createMockServer({ spec });
  try {
    const { meta } = await pullSpec({ url: mock.url, outDir: new URL(`../spec/${target}/`, import.meta.url).pathname });
    console.log(`${target}: ${meta.bytes} bytes, sha256 ${meta.sha256.slice(0, 12)}… from ${capture}`);
  } finally {
    await mock.close();
  }
}
