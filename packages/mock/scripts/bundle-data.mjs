// Build step: copies what the mock serves at run time into data/ (git-ignored, published):
// the normalized spec of each profile, the real recordings its catalogue is made from, and the
// default cassettes converted from those recordings (each names its source URL).
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';

const repo = new URL('../../../', import.meta.url);
const data = new URL('../data/', import.meta.url);
await rm(data, { recursive: true, force: true });
await mkdir(new URL('specs/', data), { recursive: true });
for (const target of ['a1111-1.4', 'a1111-1.7', 'a1111-1.10', 'forge-2']) {
  await cp(new URL(`spec/${target}/openapi.json`, repo), new URL(`specs/${target}.json`, data));
  // The pull's meta (sha256 of the raw capture): `--spec FILE` provenance matches FILE against it.
  // forge-2 has no raw capture (its spec is 1.10's with a source-cited patch), so no meta.
  await cp(new URL(`spec/${target}/meta.json`, repo), new URL(`specs/${target}.meta.json`, data)).catch((error) => {
    if (error.code !== 'ENOENT' || target !== 'forge-2') throw error;
  });
}
// Profiles that serve their server's own document (Profile.document): Forge's, as its API code generates it
// under pydantic 2 (OpenAPI 3.1), copied byte for byte.
await cp(new URL('spec/captures/forge-dfdcbab.openapi.json', repo), new URL('specs/forge-2.document.json', data));
// SD.Next is served, routed and validated by its own document; its fixed answers come from its own code.
await cp(new URL('spec/captures/sdnext-058a7f0.openapi.json', repo), new URL('specs/sdnext.document.json', data));
await mkdir(new URL('sdnext/', data), { recursive: true });
await cp(new URL('packages/mock/fixtures/sdnext-058a7f0/answers.json', repo), new URL('sdnext/answers.json', data));
await cp(new URL('spec/recordings/', repo), new URL('recordings/', data), { recursive: true });
// The emulated extensions' own documents (their routes' request models), from the 1.10 capture.
await mkdir(new URL('extensions/', data), { recursive: true });
for (const name of ['controlnet', 'adetailer']) {
  await cp(new URL(`spec/a1111-1.10/extensions/${name}.json`, repo), new URL(`extensions/${name}.json`, data));
}
// Forge's built-in ControlNet has its own routes and request models.
await mkdir(new URL('extensions/forge-2/', data), { recursive: true });
await cp(new URL('spec/forge-2/extensions/controlnet.json', repo), new URL('extensions/forge-2/controlnet.json', data));

// Default cassettes: complete (not truncated) 200 JSON bodies of A1111's own /sdapi/v1 routes.
await mkdir(new URL('cassettes/', data), { recursive: true });
let cassettes = 0;
for (const file of (await readdir(new URL('spec/recordings/', repo))).filter((name) => name.endsWith('.json')).sort()) {
  const recording = JSON.parse(await readFile(new URL(`spec/recordings/${file}`, repo), 'utf8'));
  const eligible =
    recording.status === 200 &&
    !recording.truncated &&
    recording.backend === 'a1111' &&
    typeof recording.body === 'object' &&
    typeof recording.endpoint === 'string' &&
    recording.endpoint.startsWith('/sdapi/v1/') &&
    recording.request === null;
  if (!eligible) continue;
  const cassette = {
    source: `spec/recordings/${file}: webui ${recording.webui_version ?? 'unknown version'}, published at ${recording.source_url}`,
    interactions: [
      {
        request: { method: recording.method, path: recording.endpoint },
        response: { status: 200, headers: { 'content-type': 'application/json' }, body: recording.body },
      },
    ],
  };
  await writeFile(new URL(`cassettes/${file}`, data), `${JSON.stringify(cassette, null, 2)}\n`);
  cassettes++;
}
console.log(
  `bundled 4 specs, Forge's and SD.Next's documents, SD.Next's answers, the recordings and ${cassettes} default cassettes into packages/mock/data/`,
);
