// Build step: copies the repository's overlays into data/overlays/ (git-ignored, published), so a
// user's own spec/ folder is normalized as the packaged client types were: spec/overlays/*.json as
// the shared ones, and the overlays/ of each target that declares a fork in its target.json as that
// fork's (data/overlays/forks/<fork>/).
import { cp, mkdir, readdir, readFile, rm } from 'node:fs/promises';

const repoSpec = new URL('../../../spec/', import.meta.url);
const out = new URL('../data/overlays/', import.meta.url);
await rm(new URL('../data/', import.meta.url), { recursive: true, force: true });
await mkdir(out, { recursive: true });
const json = (names) => names.filter((name) => name.endsWith('.json'));
for (const name of json(await readdir(new URL('overlays/', repoSpec)))) {
  await cp(new URL(`overlays/${name}`, repoSpec), new URL(name, out));
}
const shippedBy = new Map();
for (const entry of await readdir(repoSpec, { withFileTypes: true })) {
  if (!entry.isDirectory()) continue;
  const target = new URL(`${entry.name}/`, repoSpec);
  const declaration = await readFile(new URL('target.json', target), 'utf8').then(JSON.parse, () => ({}));
  const overlays = await readdir(new URL('overlays/', target)).then(json, () => []);
  if (declaration.fork === undefined || overlays.length === 0) continue;
  if (shippedBy.has(declaration.fork)) {
    throw new Error(
      `two targets with overlays declare fork ${declaration.fork}: ${shippedBy.get(declaration.fork)}, ${entry.name}`,
    );
  }
  shippedBy.set(declaration.fork, entry.name);
  const forkOut = new URL(`forks/${declaration.fork}/`, out);
  await mkdir(forkOut, { recursive: true });
  for (const name of overlays) await cp(new URL(`overlays/${name}`, target), new URL(name, forkOut));
}
