// Build step, after tsc: the package entry as a handful of ES modules instead of ~120, because
// Node's ESM loader resolves, reads and compiles each module on its own, and that was half of the
// mock's cold start. dist/bundle/esm/index.js (what the `exports` map serves) is the package's own
// modules in one file (and dist/bundle/{bun,deno}/index.js the `bun` and `deno` entries); it imports Hono and @hono/node-server from dist/bundle/vendor/ (the ~30
// modules of theirs it uses, bundled into one file per import path plus shared chunks, without a
// source map: theirs are not in this package). The @sdwebui packages stay plain imports. The
// modules under dist/ stay as tsc wrote them (their .d.ts are the package's types).
import { readdir, readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
/** Dependencies bundled into vendor/; every other one stays an import (a new one is never bundled silently). */
const VENDORED = /^(hono|@hono\/node-server)(\/|$)/;
const banner = { js: '// Bundled from hono and @hono/node-server (both MIT; see their LICENSE files).' };

const modules = [];
for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  const file = `${entry.parentPath}/${entry.name}`;
  if (entry.isFile() && entry.name.endsWith('.js') && !file.includes('/dist/bundle/')) modules.push(file);
}

const vendored = new Set();
for (const file of modules) {
  const text = await readFile(file, 'utf8');
  for (const [, specifier] of text.matchAll(/\bfrom\s+["']([^"']+)["']/g)) {
    if (VENDORED.test(specifier)) vendored.add(specifier);
  }
  // The bundle sits three folders deep, like every module that finds the data folder with
  // `new URL('../../../data/…', import.meta.url)` (or the browser mock's worker file): any other use of import.meta.url would point
  // somewhere else once inlined, so it fails the build.
  const depth = file.slice(new URL(dist).pathname.length).split('/').length - 1;
  for (const use of text.matchAll(/import\.meta\.url/g)) {
    const before = text.slice(Math.max(0, use.index - 120), use.index);
    if (depth !== 2 || !/new URL\(\s*[`'"]\.\.\/\.\.\/\.\.\/(data|dist\/bundle\/browser)\/[^)]*,\s*$/.test(before)) {
      throw new Error(
        `${file}: import.meta.url is only bundled as new URL('../../../data/…' or '../../../dist/bundle/browser/…') from dist/*/*/`,
      );
    }
  }
}

/** `hono/body-limit` → `hono-body-limit`: one vendor entry per import path. */
const vendorName = (specifier) => specifier.replace(/^@/, '').replaceAll('/', '-');
await build({
  entryPoints: [...vendored].map((specifier) => ({ in: specifier, out: vendorName(specifier) })),
  outdir: new URL('bundle/vendor/', dist).pathname,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner,
  logLevel: 'warning',
});

// One bundle per server entry: Node's (`import`), and the `bun` and `deno` conditions' (their own
// servers; @hono/node-server is not imported by them).
for (const [entry, folder] of [
  ['index.js', 'esm'],
  ['bun.js', 'bun'],
  ['deno.js', 'deno'],
]) {
  await build({
    entryPoints: [new URL(entry, dist).pathname],
    outfile: new URL(`bundle/${folder}/index.js`, dist).pathname,
    bundle: true,
    external: Object.keys(manifest.dependencies).flatMap((name) => [name, `${name}/*`]),
    plugins: [
      {
        name: 'vendor',
        setup(context) {
          context.onResolve({ filter: VENDORED }, ({ path }) => ({
            path: `../vendor/${vendorName(path)}.js`,
            external: true,
          }));
        },
      },
    ],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
}
