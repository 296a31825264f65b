// Bundle size of @sdwebui/client's browser entry (ESM, minified, gzip) next to openapi-fetch's
// own runtime, both built the same way with esbuild. Used by `pnpm bench` and `pnpm size`.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const clientDir = fileURLToPath(new URL('../packages/client/', import.meta.url));
// node-sd-webui is resolved from the mock package, which tests against it.
const mockDir = fileURLToPath(new URL('../packages/mock/', import.meta.url));

async function measure(contents, resolveDir = clientDir) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    external: ['node:*'],
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export async function bundleSizes() {
  return {
    client: await measure("export * from './dist/index.js';"),
    clientRawOnly: await measure("export { createRawClient } from './dist/raw-client/index.js';"),
    openapiFetch: await measure("export { default } from 'openapi-fetch';"),
    nodeSdWebui: await measure("export { default } from 'node-sd-webui';", mockDir).catch(() => undefined),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await bundleSizes();
  for (const [name, size] of Object.entries(sizes)) if (size) console.log(`${name.padEnd(14)} ${String(size.minified).padStart(7)} B min  ${String(size.gzip).padStart(6)} B gzip`);
}
