// Re-creates spec/<target>/openapi.raw.json + meta.json (+ scripts.json) for every target the way
// a user would from a live webui: the mock serves the recorded capture and `pullSpec` downloads it.
// `node scripts/pull-targets.mjs a1111-1.10` re-pulls only the targets named.
//
// Script lists: the only real ones are spec/recordings/sdapi-v1-scripts-1.json and
// sdapi-v1-script-info-1.json (a 1.5.x server behind a RunPod worker; both empty), served here in
// place of the mock's answer for a1111-1.10. The mock's own script lists are not evidence of any
// release, so the older targets capture none; forge-2 is built on Forge's own document in spec/captures
// (spec/forge-2/target.json), not pulled.
import { readFile } from 'node:fs/promises';
import { createMockServer } from '@sdwebui/mock';
import { pullSpec } from '@sdwebui/spec';

const RECORDED_SCRIPTS = {
  '/sdapi/v1/scripts': 'sdapi-v1-scripts-1.json',
  '/sdapi/v1/script-info': 'sdapi-v1-script-info-1.json',
};

const TARGETS = [
  { target: 'a1111-1.4', capture: 'a1111-2023-07.openapi.json', scripts: null },
  { target: 'a1111-1.7', capture: 'a1111-2024-04.openapi.json', scripts: null },
  { target: 'a1111-1.10', capture: 'a1111-2025-03.openapi.json', scripts: RECORDED_SCRIPTS },
];

const readJson = async (path) => JSON.parse(await readFile(new URL(path, import.meta.url), 'utf8'));

/** `fetch` that answers the recorded routes from their recordings and everything else from the network. */
async function recordedFetch(recordings) {
  const bodies = new Map();
  for (const [route, file] of Object.entries(recordings)) {
    const recording = await readJson(`../spec/recordings/${file}`);
    bodies.set(route, { status: recording.status, body: JSON.stringify(recording.body) });
  }
  return (input, init) => {
    const recorded = bodies.get(new URL(String(input)).pathname);
    if (recorded === undefined) return fetch(input, init);
    return Promise.resolve(
      new Response(recorded.body, { status: recorded.status, headers: { 'content-type': 'application/json' } }),
    );
  };
}

const only = process.argv.slice(2);
for (const { target, capture, scripts } of TARGETS.filter(({ target }) => only.length === 0 || only.includes(target))) {
  const spec = new Uint8Array(await readFile(new URL(`../spec/captures/${capture}`, import.meta.url)));
  const mock = await createMockServer({ spec });
  try {
    const { meta, warnings } = await pullSpec({
      url: mock.url,
      outDir: new URL(`../spec/${target}/`, import.meta.url).pathname,
      scripts: scripts !== null,
      ...(scripts !== null ? { fetch: await recordedFetch(scripts) } : {}),
    });
    console.log(`${target}: ${meta.bytes} bytes, sha256 ${meta.sha256.slice(0, 12)}… from ${capture}`);
    for (const warning of warnings) console.log(`  warning: ${warning}`);
  } finally {
    await mock.close();
  }
}
