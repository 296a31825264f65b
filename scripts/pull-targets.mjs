// Re-creates spec/<target>/openapi.raw.json + meta.json (+ scripts.json) for every target the way
// a user would from a live webui: the mock serves the recorded capture and `pullSpec` downloads it.
// `node scripts/pull-targets.mjs a1111-1.10` re-pulls only the targets named.
//
// Script lists: the only recorded ones (spec/recordings/sdapi-v1-scripts-1.json and
// sdapi-v1-script-info-1.json, a 1.5.x server behind a RunPod worker) are empty, which typed
// `script_args` as nothing at all. a1111-1.10's scripts.json is therefore the mock's own answer with
// no extensions installed: A1111 1.10's built-in scripts as packages/mock/src/webui/scripts/catalogue.ts
// reconstructs them from the webui's sources (titles, argument labels, defaults, ranges, choices), not a
// recording. The older targets capture none (the mock's lists follow 1.10's layout); forge-2 is built
// on Forge's own document in spec/captures (spec/forge-2/target.json), not pulled. sdnext is pulled from
// the mock's sdnext profile, which serves SD.Next's own document (spec/captures/sdnext-058a7f0.openapi.json)
// and its /sdapi/v1/version; its script lists are the mock's empty ones, not SD.Next's, so none are captured.
import { readFile } from 'node:fs/promises';
import { createMockServer } from '@sdwebui/mock';
import { pullSpec } from '@sdwebui/spec';

const TARGETS = [
  { target: 'a1111-1.4', capture: 'a1111-2023-07.openapi.json', scripts: false },
  { target: 'a1111-1.7', capture: 'a1111-2024-04.openapi.json', scripts: false },
  { target: 'a1111-1.10', capture: 'a1111-2025-03.openapi.json', scripts: true },
  { target: 'sdnext', profile: 'sdnext', scripts: false },
];

const only = process.argv.slice(2);
for (const { target, capture, profile, scripts } of TARGETS.filter(
  ({ target }) => only.length === 0 || only.includes(target),
)) {
  // No extensions: the catalogue is the built-in scripts (ControlNet and ADetailer are typed from their own documents).
  const mock =
    profile === undefined
      ? await createMockServer({
          spec: new Uint8Array(await readFile(new URL(`../spec/captures/${capture}`, import.meta.url))),
          extensions: [],
        })
      : await createMockServer({ profile });
  try {
    const { meta, warnings } = await pullSpec({
      url: mock.url,
      outDir: new URL(`../spec/${target}/`, import.meta.url).pathname,
      scripts,
    });
    console.log(
      `${target}: ${meta.bytes} bytes, sha256 ${meta.sha256.slice(0, 12)}… from ${capture ?? `the ${profile} profile`}`,
    );
    for (const warning of warnings) console.log(`  warning: ${warning}`);
  } finally {
    await mock.close();
  }
}
