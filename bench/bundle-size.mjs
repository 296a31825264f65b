// Bundle size of @sdwebui/client's browser entry (ESM, minified, gzip) next to openapi-fetch's
// own runtime, both built the same way with esbuild, and of the browser mock (its Service Worker
// file and its page entry). Used by `pnpm bench` and `pnpm size`.
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { build, stop } from 'esbuild';
import { fileURLToPath } from 'node:url';

const clientDir = fileURLToPath(new URL('../packages/client/', import.meta.url));
// node-sd-webui is resolved from the mock package, which tests against it.
const mockDir = fileURLToPath(new URL('../packages/mock/', import.meta.url));
const benchDir = fileURLToPath(new URL('./', import.meta.url));
const BROWSER_MOCK = new URL('../packages/mock/dist/bundle/browser/', import.meta.url);

/**
 * Bundled the way an app bundler does it: minified ESM with code splitting, so chunks loaded
 * on first use (the infotext parser) are not in the entry. `minified`/`gzip` are the entry
 * chunk; `totalGzip` adds every chunk.
 */
async function measure(contents, resolveDir = clientDir) {
  const result = await build({
    stdin: { contents, resolveDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    splitting: true,
    outdir: '/virtual',
    write: false,
    external: ['node:*'],
    logLevel: 'silent',
  });
  const gzip = (code) => gzipSync(code, { level: 9 }).length;
  const entry = result.outputFiles.find((file) => file.path.endsWith('stdin.js')).contents;
  return {
    minified: entry.length,
    gzip: gzip(entry),
    totalGzip: result.outputFiles.reduce((total, file) => total + gzip(file.contents), 0),
  };
}

/** Measures every bundle, then stops esbuild's service child, which would keep the process alive. */
export async function bundleSizes() {
  try {
    return await measureAll();
  } finally {
    await stop();
  }
}

/**
 * The browser mock's Service Worker as the package ships it: one classic script the app serves as is,
 * so no bundler shrinks it further. (Its page entry, `@sdwebui/mock/browser`, is measured as an app bundles it.)
 */
async function browserMock() {
  const worker = await readFile(new URL('service-worker.js', BROWSER_MOCK));
  const gzip = gzipSync(worker, { level: 9 }).length;
  return { minified: worker.length, gzip, totalGzip: gzip };
}

async function measureAll() {
  return {
    browserMockPage: await measure("export { startBrowserMock } from '@sdwebui/mock/browser';", benchDir),
    browserMockWorker: await browserMock(),
    client: await measure("export { createWebuiClient } from './dist/index.js';"),
    clientAllExports: await measure("export * from './dist/index.js';"),
    clientRawOnly: await measure("export { createRawClient } from './dist/raw-client/index.js';"),
    openapiFetch: await measure("export { default } from 'openapi-fetch';"),
    nodeSdWebui: await measure("export { default } from 'node-sd-webui';", mockDir).catch(() => undefined),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await bundleSizes();
  for (const [name, size] of Object.entries(sizes)) {
    if (size)
      console.log(
        `${name.padEnd(18)} ${String(size.minified).padStart(7)} B min  ${String(size.gzip).padStart(6)} B gzip (entry)  ${String(size.totalGzip).padStart(6)} B gzip (all chunks)`,
      );
  }
}
